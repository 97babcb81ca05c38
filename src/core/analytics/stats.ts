import { partitionValues, type MeasureSpec, type Reducer } from './partition-measure.js';
import type { Partition } from './partition.js';
import { summarize, type Summary } from './summarize.js';

/** Summary of one partition's values (within-partition statistics). */
export interface PartitionSummary {
  readonly key: readonly unknown[];
  readonly summary: Summary;
}

/**
 * Within-partition statistics: for each partition, the summary (`summarize`) of its measure's values — e.g. the
 * inter-event times of each user, or the events per session of each user (`unit: session`). Cost: O(events) plus
 * a sort per partition.
 *
 * @example withinPartitions(users, { measure: 'gap' }, [0.9])[0].summary.median // median ms between a user's events
 */
export function withinPartitions(partitions: Iterable<Partition>, spec: MeasureSpec, quantiles: readonly number[]): PartitionSummary[] {
  const out: PartitionSummary[] = [];
  for (const p of partitions) out.push({ key: p.key, summary: summarize(partitionValues(p, spec), quantiles) });
  return out;
}

/**
 * One value per partition for between-partition statistics: the measure's only value when it gives one per
 * partition (per-unit measures without a unit), else the partition's values reduced by `reducer` (mean by default in
 * the operator; `count` = how many values). Partitions without any value give `null` and are left out.
 *
 * @example partitionValue([3, 5], 'mean') // 4
 */
export function partitionValue(values: readonly number[], reducer: Reducer): number | null {
  if (values.length === 1) return values[0]!;
  if (reducer === 'count') return values.length;
  if (values.length === 0) return reducer === 'sum' ? 0 : null;
  const s = summarize(values);
  return s[reducer];
}

/**
 * Between-partition statistics: the summary over partitions of one value each (`partitionValue`) — e.g. the
 * distribution of clicks per user across users. Cost: O(events) plus one sort over partitions.
 *
 * @example betweenPartitions(users, { measure: 'events', where: isClick }, 'mean', [0.5]).mean // mean clicks per user
 */
export function betweenPartitions(partitions: Iterable<Partition>, spec: MeasureSpec, reducer: Reducer, quantiles: readonly number[]): Summary {
  const values: number[] = [];
  for (const p of partitions) {
    const v = partitionValue(partitionValues(p, spec), reducer);
    if (v !== null) values.push(v);
  }
  return summarize(values, quantiles);
}
