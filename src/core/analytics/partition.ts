import type { CanonicalEvent } from '../event.js';

/**
 * One partition as the analytics see it: its key (values of the partition fields, e.g. `[sessionId]`) and its
 * events in order (time, then source order; untimed events last) — the shape the runner's `partitions()` yields.
 */
export interface Partition {
  readonly key: readonly unknown[];
  readonly events: readonly CanonicalEvent[];
}

/** A stable text id of a partition key: the single value as text, several joined with `|` (`alice|s1`). */
export function partitionId(key: readonly unknown[]): string {
  return key.map((v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))).join('|');
}
