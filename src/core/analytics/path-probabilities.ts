import type { CanonicalEvent } from '../event.js';
import type { Labeler } from './label.js';
import { partitionId, type Partition } from './partition.js';
import { compareStrings } from '../query/compare.js';

export interface PathProbabilityRow {
  /** Partition id (`partitionId`) for per-partition rows; null on overall rows. */
  partition: string | null;
  label: string;
  /** Actions on this label. */
  count: number;
  /** All actions (with a label) in the scope: overall, or in the partition. */
  denominator: number;
  /** `count / denominator`: the probability that an action is on this label. */
  probability: number;
  /** Overall rows: partitions with at least one action on the label; per-partition rows: 1. */
  partitions: number;
  /** Overall rows: `partitions / partitions with any action` — the chance a partition acts on it at least once. */
  partition_share: number;
}

export interface PathProbabilityOptions {
  readonly label: Labeler;
  /** Which events are actions (e.g. raw clicks). */
  readonly isAction: (event: CanonicalEvent) => boolean;
  /** Also emit one row per partition and label. */
  readonly perPartition: boolean;
}

/**
 * Probability of an action on each label (target, page, path, …): counts with their denominators, overall and,
 * optionally, per partition. Overall rows come first (descending count, ties by label), then per-partition rows (by
 * partition id, descending count, label; text in code-point order). Cost: O(events); memory O(labels × partitions) with `perPartition`.
 *
 * @example pathProbabilities(users, { label, isAction, perPartition: false })[0] // { label: "button#buy", count: 3, denominator: 10, probability: 0.3, ... }
 */
export function pathProbabilities(partitions: Iterable<Partition>, options: PathProbabilityOptions): PathProbabilityRow[] {
  const acc = pathProbabilitiesAccumulator(options);
  for (const p of partitions) acc.add(p);
  return acc.rows();
}

/** Path probabilities as an accumulator: `add` one partition at a time (streaming), then `rows`. */
export function pathProbabilitiesAccumulator(options: PathProbabilityOptions): { add(p: Partition): void; rows(): PathProbabilityRow[] } {
  const overall = new Map<string, { count: number; partitions: number }>();
  const perRows: PathProbabilityRow[] = [];
  let total = 0;
  let acting = 0;
  const add = (p: Partition): void => {
    const local = new Map<string, number>();
    let n = 0;
    for (const e of p.events) {
      if (!options.isAction(e)) continue;
      const l = options.label(e);
      if (l === null) continue;
      local.set(l, (local.get(l) ?? 0) + 1);
      n++;
    }
    if (n === 0) return;
    acting++;
    total += n;
    const id = partitionId(p.key);
    const rows: PathProbabilityRow[] = [];
    for (const [label, count] of local) {
      const o = overall.get(label);
      if (o === undefined) overall.set(label, { count, partitions: 1 });
      else {
        o.count += count;
        o.partitions++;
      }
      if (options.perPartition) rows.push({ partition: id, label, count, denominator: n, probability: count / n, partitions: 1, partition_share: 1 });
    }
    perRows.push(...rows);
  };
  const byCount = (a: { count: number; label: string }, b: { count: number; label: string }): number =>
    b.count - a.count || compareStrings(a.label, b.label);
  const rows = (): PathProbabilityRow[] => {
    const out: PathProbabilityRow[] = [...overall.entries()]
      .map(([label, o]) => ({ partition: null, label, count: o.count, denominator: total, probability: o.count / total, partitions: o.partitions, partition_share: o.partitions / acting }))
      .sort(byCount);
    const per = [...perRows].sort((a, b) => compareStrings(a.partition!, b.partition!) || byCount(a, b));
    return [...out, ...per];
  };
  return { add, rows };
}
