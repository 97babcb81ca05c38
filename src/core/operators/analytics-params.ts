import { z } from 'zod';
import type { CanonicalEvent } from '../event.js';
import type { Column, Frame, TableFrame } from '../frame.js';
import { partitions, type Partition } from '../partition.js';
import { fromArray } from '../stream.js';
import { compileLabel, labelFields, type Labeler } from '../analytics/label.js';
import { compileCondition } from '../query/compile-predicate.js';
import { ConditionSchema, type Condition } from '../query/query-schema.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';

/**
 * Parameter pieces shared by the analytics operators, so each means the same everywhere: which events form one
 * sequence (`partition`), how an event becomes a node (`label`), and what happens to repeats (`selfLoops`).
 */

export const PartitionParam = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .default('session')
  .describe(
    'Field(s) whose values delimit one sequence: `session` (default), `user`, `[user, session]`, a derived attribute ' +
      '(`attrs.segment`) or any document path. Events arrive ordered by (partition, time, source order).',
  );

/**
 * The fields an analytics step reads (its `fields` declaration): the partition fields, then the given extras
 * (label fields, condition fields, measured fields). The run reads and sorts only these, so each must be listed.
 */
export function stepFields(partition: string | readonly string[], ...extra: readonly (readonly string[])[]): string[] {
  return [...partitionFields(partition), ...extra.flat()];
}

/**
 * The input contract of the operators over labelled sequences (transition-graph, transition-matrix, sankey,
 * variants, features, compare): events, delivered one partition at a time in (partition, time, source order), and
 * read down to the partition and label fields. Spread into `defineOperator({ ...labelledSequences, … })`.
 */
export const labelledSequences = {
  accepts: ['events'] as const,
  partition: (params: { readonly partition: string | readonly string[] }) => ({ by: partitionFields(params.partition) }),
  fields: (params: { readonly partition: string | readonly string[]; readonly label: string }) => stepFields(params.partition, labelFields(params.label)),
};

/** The partition fields as a list. */
export function partitionFields(p: string | readonly string[]): string[] {
  return typeof p === 'string' ? [p] : [...p];
}

export const LabelParam = (dflt: string) =>
  z
    .string()
    .min(1)
    .superRefine((spec, ctx) => {
      try {
        compileLabel(spec, () => () => undefined);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default(dflt)
    .describe(
      'What a node is: a field (`target`, `page`, `type`, `path`, `attrs.segment`, `details.id`) or a template with ' +
        'fields in braces (`{type}:{target}`). Events missing a field of the label are left out of sequences.',
    );

export const SelfLoopsParam = (dflt: 'keep' | 'drop' | 'collapse') =>
  z
    .enum(['keep', 'drop', 'collapse'])
    .default(dflt)
    .describe('Repeated labels: `keep` (a→a edges), `drop` (no a→a edge), `collapse` (consecutive repeats become one step).');

/** Compile a label spec against canonical events (roles, derived attributes, document paths). */
export function eventLabel(spec: string): Labeler {
  return compileLabel(spec, (f) => fieldGetter(resolveFieldRef(f)));
}

/** Compile a condition for events, with JSON paths for errors. */
export function eventCondition(where: Condition, now: number, path: readonly (string | number)[]): (e: CanonicalEvent) => boolean {
  return compileCondition<CanonicalEvent>(where, { now }, path);
}

/**
 * The default notion of an action: a click that is not an interval summary. For UserALE (`kind` = `logType`) this
 * is a raw (or custom) click, never an `interval` log that re-counts a burst of clicks; on schemas without a `kind`
 * it is every click.
 */
export const DEFAULT_ACTION: Condition = {
  all: [
    { field: 'type', op: 'eq', value: 'click' },
    { field: 'kind', op: 'ne', value: 'interval' },
  ],
};

export { ConditionSchema };

/** A streaming per-partition accumulator: fed one complete partition at a time, then asked for its rows. */
export interface PartitionAccumulator {
  add(partition: Partition): void;
  rows(): readonly object[];
}

/**
 * The table an accumulating analytics operator returns: its partitions fed one at a time (memory: one partition
 * plus the accumulator's state), then the accumulator's rows. The accumulator is made when the table is read.
 */
export function accumulatedTable(input: Frame, partition: string | readonly string[], columns: readonly Column[], make: () => PartitionAccumulator): TableFrame {
  if (input.kind !== 'events') throw new Error('unreachable: analytics operators accept events');
  const by = partitionFields(partition);
  return {
    kind: 'table',
    columns,
    batches: (async function* () {
      const acc = make();
      for await (const p of partitions(input.batches, by)) acc.add(p);
      yield* fromArray(acc.rows() as unknown as Record<string, unknown>[]);
    })(),
  };
}
