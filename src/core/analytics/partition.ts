/**
 * The analytics work on partitions as the runner's `partitions()` yields them: a key (values of the partition
 * fields, e.g. `[sessionId]`) and its events in order (time, then source order; untimed events last).
 */
export type { Partition } from '../partition.js';

/** A stable text id of a partition key: the single value as text, several joined with `|` (`alice|s1`). */
export function partitionId(key: readonly unknown[]): string {
  return key.map((v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))).join('|');
}
