import type { Labeler } from './label.js';
import { labelSequence } from './label-sequence.js';
import { partitionId, type Partition } from './partition.js';
import { transitionEntropy } from './transition-entropy.js';

export interface FeaturesOptions {
  /** Label of the partition's own graph and its transition entropy (target by default in the operator). */
  readonly label: Labeler;
  /** Event types to count, one `count_<type>` column each — fixed so columns are stable across runs. */
  readonly types: readonly string[];
  /** A gap longer than this (ms) is idle time. */
  readonly idleMs: number;
}

/** Column name of a type count: `count_` and the type lower-cased with every run of other characters as `_`. */
export function typeColumn(type: string): string {
  return `count_${type.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
}

/** Feature columns after the partition key columns, in order (type counts go between `events` and `distinct_types`). */
export const FEATURE_COLUMNS = [
  'id',
  'events',
  'distinct_types',
  'distinct_targets',
  'duration_ms',
  'idle_ms',
  'max_gap_ms',
  'transition_entropy',
  'graph_nodes',
  'graph_edges',
  'graph_density',
  'self_loops',
] as const;

/**
 * One row of model-ready features for one partition (user or session): `id` (`partitionId`), `events`,
 * `count_<type>` per requested type, `distinct_types`, `distinct_targets`, `duration_ms` (last − first timed
 * event), `idle_ms` (sum of gaps longer than `idleMs`), `max_gap_ms`, `transition_entropy` (bits, over the label
 * sequence's directly-follows pairs), and the partition's own directly-follows graph: `graph_nodes`, `graph_edges`,
 * `graph_density` (`m / (n (n − 1))`, networkx `density`), `self_loops`. Times are null without a timed event (`max_gap_ms` without two).
 * Cost: O(partition's events).
 *
 * @example featureRow(session, { label, types: ['click'], idleMs: 60000 }).count_click // 3
 */
export function featureRow(p: Partition, options: FeaturesOptions): Record<string, unknown> {
  const types = new Map<string, number>();
  const targets = new Set<string>();
  let first: number | undefined;
  let last: number | undefined;
  let idle = 0;
  let maxGap: number | null = null;
  for (const e of p.events) {
    if (e.type !== undefined) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    if (e.target !== undefined) targets.add(e.target);
    if (e.time === undefined) continue;
    if (last !== undefined) {
      const gap = e.time - last;
      if (gap > options.idleMs) idle += gap;
      if (maxGap === null || gap > maxGap) maxGap = gap;
    }
    first ??= e.time;
    last = e.time;
  }
  const labels = labelSequence(p.events, options.label, 'keep').map((s) => s.label);
  const nodes = new Set(labels);
  const edges = new Set<string>();
  let selfLoops = 0;
  for (let i = 1; i < labels.length; i++) {
    const k = `${labels[i - 1]}\u0000${labels[i]}`;
    if (!edges.has(k) && labels[i - 1] === labels[i]) selfLoops++;
    edges.add(k);
  }
  const n = nodes.size;
  const row: Record<string, unknown> = { id: partitionId(p.key), events: p.events.length };
  for (const t of options.types) row[typeColumn(t)] = types.get(t) ?? 0;
  Object.assign(row, {
    distinct_types: types.size,
    distinct_targets: targets.size,
    duration_ms: first !== undefined && last !== undefined ? last - first : null,
    idle_ms: first !== undefined ? idle : null,
    max_gap_ms: maxGap,
    transition_entropy: transitionEntropy(labels),
    graph_nodes: n,
    graph_edges: edges.size,
    graph_density: n > 1 ? edges.size / (n * (n - 1)) : 0,
    self_loops: selfLoops,
  });
  return row;
}
