import { z } from 'zod';
import { FEATURE_COLUMNS, featureRow, typeColumn } from '../analytics/features.js';
import { TABLE_BATCH, type Column } from '../frame.js';
import { partitions } from '../partition.js';
import { defineOperator } from '../pipeline/operator.js';
import { eventLabel, labelledSequences, LabelParam, partitionFields, PartitionParam } from './analytics-params.js';

/** Event types counted by default: UserALE's common action types (fixed, so columns are stable across runs). */
export const DEFAULT_FEATURE_TYPES = ['click', 'dblclick', 'input', 'change', 'submit', 'keydown', 'scroll', 'focus', 'blur', 'load'] as const;

const Params = z.strictObject({
  partition: PartitionParam,
  label: LabelParam('target'),
  types: z.array(z.string().min(1)).default([...DEFAULT_FEATURE_TYPES]).describe('Event types to count, one `count_<type>` column each (fixed list: stable columns).'),
  idleMs: z.number().positive().default(60_000).describe('A gap longer than this (ms) counts as idle time.'),
});

/** `features`: one row of model-ready features per user or session. */
export const featuresOperator = defineOperator({
  name: 'features',
  summary: 'One row of model-ready features per session or user (counts per type, duration, idle time, entropy, graph size).',
  description:
    'Per partition: the partition fields, `id` (key values joined by |), `events`, `count_<type>` for each of ' +
    '`types` (lower-case, other characters as `_`), `distinct_types`, `distinct_targets`, `duration_ms`, `idle_ms` ' +
    '(sum of gaps longer than `idleMs`), `max_gap_ms`, `transition_entropy` (bits, over the label sequence’s ' +
    'directly-follows pairs, scipy `entropy(base=2)`), and the partition’s own directly-follows graph: ' +
    '`graph_nodes`, `graph_edges`, `graph_density` (networkx `density`), `self_loops`. Column names depend only on ' +
    'the parameters, never on the data. Cost: O(events); memory O(one partition).',
  params: Params,
  ...labelledSequences,
  produces: () => 'table',
  examples: [
    {
      // targets: s1 buy q q; s2 nav window q buy; s3 select buy form — one event per second
      description: 'Session features counting clicks and focus events',
      params: { types: ['click', 'focus'] },
      output: [
        { session: 's1', id: 's1', events: 3, count_click: 1, count_focus: 1, distinct_types: 3, distinct_targets: 2, duration_ms: 2000, idle_ms: 0, max_gap_ms: 1000, transition_entropy: 1, graph_nodes: 2, graph_edges: 2, graph_density: 1, self_loops: 1 },
        { session: 's2', id: 's2', events: 4, count_click: 2, count_focus: 1, distinct_types: 3, distinct_targets: 4, duration_ms: 3000, idle_ms: 0, max_gap_ms: 1000, transition_entropy: Math.log2(3), graph_nodes: 4, graph_edges: 3, graph_density: 0.25, self_loops: 0 },
        { session: 's3', id: 's3', events: 3, count_click: 1, count_focus: 0, distinct_types: 3, distinct_targets: 3, duration_ms: 2000, idle_ms: 0, max_gap_ms: 1000, transition_entropy: 1, graph_nodes: 3, graph_edges: 2, graph_density: 1 / 3, self_loops: 0 },
      ],
    },
  ],
  run(input, params) {
    if (input.kind !== 'events') throw new Error('unreachable: features accepts events');
    const by = partitionFields(params.partition);
    const columns: Column[] = [
      ...by.map((name): Column => ({ name, type: 'any' })),
      { name: 'id', type: 'string' },
      { name: 'events', type: 'integer' },
      ...params.types.map((t): Column => ({ name: typeColumn(t), type: 'integer' })),
      ...FEATURE_COLUMNS.slice(2).map((name): Column => ({ name, type: name === 'distinct_types' || name === 'distinct_targets' || name === 'graph_nodes' || name === 'graph_edges' || name === 'self_loops' ? 'integer' : 'number' })),
    ];
    const options = { label: eventLabel(params.label), types: params.types, idleMs: params.idleMs };
    return {
      kind: 'table',
      columns,
      batches: (async function* () {
        let batch: Record<string, unknown>[] = [];
        for await (const p of partitions(input.batches, by)) {
          const row: Record<string, unknown> = {};
          by.forEach((f, i) => (row[f] = p.key[i] ?? null));
          batch.push({ ...row, ...featureRow(p, options) });
          if (batch.length >= TABLE_BATCH) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      })(),
    };
  },
});
