import type { MappingInput } from '../mapping-schema.js';
import { USERALE_MAPPING } from './userale.js';

/** Mappings built into Distill, by name. A config file may define more under `schemas`. */
export const PRESET_MAPPINGS: Readonly<Record<string, MappingInput>> = Object.freeze({
  userale: USERALE_MAPPING,
});
