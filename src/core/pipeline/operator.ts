import type { z } from 'zod';
import type { Frame, FrameKind } from '../frame.js';
import type { ReadStats } from '../source.js';
import type { WarningCollector } from '../warnings.js';

/** What an operator may use while it runs. */
export interface OperatorContext {
  /** `now` for date math, fixed for the whole run. */
  readonly now: number;
  readonly signal?: AbortSignal | undefined;
  /** Report anything skipped or approximated; never drop silently. */
  readonly warnings: WarningCollector;
  readonly stats: ReadStats;
}

export interface OperatorExample<S extends z.ZodType> {
  readonly description: string;
  readonly params: z.input<S>;
}

/**
 * A pipeline operator: a name, a zod params schema, documentation and a function. The same definition drives
 * pipeline validation, the CLI, REST routes, the OpenAPI document and plugin loading.
 */
export interface OperatorDefinition<S extends z.ZodType = z.ZodType> {
  /** kebab-case, unique in the registry (`count-by`). */
  readonly name: string;
  /** One line. */
  readonly summary: string;
  /** What it is for, what it returns, its cost (per event / per group) and conventions it follows. */
  readonly description: string;
  readonly params: S;
  /** Frame kinds it takes as input. */
  readonly accepts: readonly FrameKind[];
  /** Frame kind it produces for a given input kind. */
  produces(input: FrameKind): FrameKind;
  readonly examples?: readonly OperatorExample<S>[];
  /**
   * Return the output frame. Must not read the input yet: return frames whose iterables pull from the input when
   * iterated, so nothing is read until the result is consumed and an early stop releases the source.
   */
  run(input: Frame, params: z.output<S>, context: OperatorContext): Frame;
}

/** Define an operator with its params type inferred from the schema. */
export function defineOperator<S extends z.ZodType>(definition: OperatorDefinition<S>): OperatorDefinition<S> {
  return definition;
}
