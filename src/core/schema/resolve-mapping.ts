import { InvalidConfigError } from '../errors.js';
import { validate } from '../validation.js';
import { compileMapping, type DocumentMapper } from './compile-mapping.js';
import { MappingSchema, normalizeMapping, type MappingInput, type NormalizedMapping } from './mapping-schema.js';
import { PRESET_MAPPINGS } from './presets/index.js';

/** A mapping ready to use: its name, the normalised description (for back-end compilers) and the mapper. */
export interface ResolvedMapping {
  readonly name: string;
  readonly mapping: NormalizedMapping;
  readonly map: DocumentMapper;
}

/**
 * Resolve a mapping given by name (a preset such as `userale`, or one of `custom`) or inline, validate it and
 * compile it.
 *
 * @throws InvalidConfigError (`invalid_config`) naming the unknown mapping or each bad key with its path.
 */
export function resolveMapping(
  ref: string | MappingInput,
  custom: Readonly<Record<string, MappingInput>> = {},
  path: readonly (string | number)[] = ['schema'],
): ResolvedMapping {
  let name = 'inline';
  let input: unknown = ref;
  if (typeof ref === 'string') {
    name = ref;
    input = Object.hasOwn(custom, ref) ? custom[ref] : PRESET_MAPPINGS[ref];
    if (input === undefined) {
      const known = [...new Set([...Object.keys(PRESET_MAPPINGS), ...Object.keys(custom)])].sort();
      throw new InvalidConfigError(`Unknown schema mapping "${ref}". Known mappings: ${known.join(', ')}.`, {
        issues: [{ code: 'unknown_schema', path, message: `Unknown schema mapping "${ref}"; use one of ${known.join(', ')}.` }],
      });
    }
  }
  const checked = validate(MappingSchema, input, typeof ref === 'string' ? ['schemas', ref] : path);
  if (!checked.ok) {
    throw new InvalidConfigError(`Schema mapping "${name}" is invalid.`, { issues: checked.issues });
  }
  const mapping = normalizeMapping(checked.value);
  return { name, mapping, map: compileMapping(mapping) };
}
