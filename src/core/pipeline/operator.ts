import type { z } from 'zod';
import type { Frame, FrameKind, PartitionOrder } from '../frame.js';
import type { Condition, SortSpec } from '../query/query-schema.js';
import type { ReadStats } from '../source.js';
import type { WarningCollector } from '../warnings.js';

/**
 * Sort any records with bounded memory: above the run's memory budget, sorted runs spill to Distill's scratch
 * directory and are merged. Stable: ties keep their input order.
 */
export type SortRecords = <T>(items: AsyncIterable<readonly T[]>, compare: (a: T, b: T) => number) => AsyncGenerator<readonly T[]>;

/** What an operator may use while it runs. */
export interface OperatorContext {
  /** `now` for date math, fixed for the whole run. */
  readonly now: number;
  readonly signal?: AbortSignal | undefined;
  /** Report anything skipped or approximated; never drop silently. */
  readonly warnings: WarningCollector;
  readonly stats: ReadStats;
  /** Memory-bounded stable sort (spills above the run's budget). */
  readonly sort: SortRecords;
}

/**
 * A documented example: the params, and — for the operator conformance suite and the generated reference — the
 * input it runs on and the output it must give. `input` lists source documents (UserALE-shaped unless `schema`
 * says otherwise); `output` is the expected result value (rows for tables, `{ nodes, edges }` for graphs, events'
 * ids for events), written by hand, never computed by the operator itself.
 */
export interface OperatorExample<S extends z.ZodType> {
  readonly description: string;
  readonly params: z.input<S>;
  /** Documents the example runs on (default: the shared example data set, `EXAMPLE_DOCUMENTS`). */
  readonly input?: readonly Record<string, unknown>[] | undefined;
  /** The expected result: rows (table), `{ nodes, edges }` (graph) or event ids (events). */
  readonly output?: unknown;
}

/**
 * Capabilities an operator declares so the runner can plan around it — instead of the runner knowing operators by
 * name. All optional; an operator that declares nothing is run as written, in memory, on what the source returns.
 */
export interface OperatorCapabilities<P> {
  /** The step keeps exactly the events a query condition would: the runner may fold it into the source query. */
  readonly foldsInto?: ((params: P) => Condition) | undefined;
  /** The step only reorders (same records out): the runner may turn a leading one into the query's sort. */
  readonly querySort?: ((params: P) => readonly SortSpec[]) | undefined;
  /** The result does not depend on input order (a preceding reorder-only step can be dropped). */
  readonly orderInsensitive?: boolean | undefined;
  /** Output events keep the input's order and partitions (so a partition order established before survives). */
  readonly preservesOrder?: boolean | undefined;
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
   * Ordered partitions: the input this step needs. When declared, the runner delivers events ordered by the
   * partition fields and, within a partition, by time (untimed last), ties by id in source order — from the source
   * where it can sort (Elasticsearch streams whole partitions), else by a memory-bounded sort — and the operator
   * reads complete partitions with `partitions(input.batches, by)`.
   */
  readonly partition?: ((params: z.output<S>) => PartitionOrder | undefined) | undefined;
  /**
   * An order the step can emit its events in when its input comes in another partition order: when the next step
   * partitions by `by`, the runner establishes `input` (instead of `partition`) and the step — seeing
   * `input.order` equal to it — returns events already in partition order by `by`, with that `order`, sparing a
   * re-sort. With its ordinary input order it must behave as without this declaration.
   */
  readonly emitsOrder?: ((params: z.output<S>) => { readonly by: readonly string[]; readonly input: PartitionOrder }) | undefined;
  /** Names of the derived attributes this step attaches to events (usable by later steps and written as columns). */
  readonly derives?: ((params: z.output<S>) => readonly string[]) | undefined;
  /**
   * Fields this step reads from events (roles, derived attributes or document paths), so a run can read and sort
   * only what it needs. Undeclared: the whole document.
   */
  readonly fields?: ((params: z.output<S>) => readonly string[]) | undefined;
  readonly capabilities?: OperatorCapabilities<z.output<S>> | undefined;
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
