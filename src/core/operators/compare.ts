import { z } from 'zod';
import { pairwiseComparison, type LabelledSequence } from '../analytics/compare-sequences.js';
import { labelSequence } from '../analytics/label-sequence.js';
import { partitionId } from '../analytics/partition.js';
import { InvalidArgumentError } from '../errors.js';
import type { Column } from '../frame.js';
import { partitions } from '../partition.js';
import { defineOperator } from '../pipeline/operator.js';
import { fromArray } from '../stream.js';
import { eventLabel, labelledSequences, LabelParam, partitionFields, PartitionParam, SelfLoopsParam } from './analytics-params.js';

const Params = z.strictObject({
  partition: PartitionParam,
  label: LabelParam('page'),
  selfLoops: SelfLoopsParam('collapse'),
  ids: z.array(z.string()).min(2).optional().describe('Compare only these partitions (ids: key values joined by |); two ids give one row.'),
  maxPartitions: z.number().int().min(2).max(5000).default(200).describe('Refuse more partitions than this (the matrix is quadratic).'),
});

const COLUMNS: Column[] = [
  { name: 'a', type: 'string' },
  { name: 'b', type: 'string' },
  { name: 'edit_distance', type: 'integer', description: 'Levenshtein distance of the label sequences.' },
  { name: 'edit_distance_normalized', type: 'number', description: 'edit_distance / longer length.' },
  { name: 'edge_jaccard', type: 'number', description: 'Jaccard similarity of the directly-follows edge sets.' },
];

/** `compare`: distance between partitions' sequences and graphs, pairwise. */
export const compareOperator = defineOperator({
  name: 'compare',
  summary: 'Edit distance and edge Jaccard between sessions or users, as a pairwise matrix (long form).',
  description:
    'Each partition becomes its label sequence (repeats collapsed by default). Every unordered pair (in partition ' +
    'order) gets `edit_distance` (Levenshtein, unit costs), `edit_distance_normalized` (÷ the longer length) and ' +
    '`edge_jaccard` (shared ÷ all distinct directly-follows pairs; 1 when neither has an edge). `ids` restricts ' +
    'the set (two ids: one row). Cost: O(pairs × length²); more than `maxPartitions` partitions is an `invalid_argument` error (issue `too_many_partitions`).',
  params: Params,
  ...labelledSequences,
  produces: () => 'table',
  examples: [
    {
      // pages, repeats collapsed: alice [home]; bob [home, search]; carol [product, cart]
      description: 'How alike are the users’ page sequences',
      params: { partition: 'user' },
      output: [
        { a: 'alice', b: 'bob', edit_distance: 1, edit_distance_normalized: 0.5, edge_jaccard: 0 },
        { a: 'alice', b: 'carol', edit_distance: 2, edit_distance_normalized: 1, edge_jaccard: 0 },
        { a: 'bob', b: 'carol', edit_distance: 2, edit_distance_normalized: 1, edge_jaccard: 0 },
      ],
    },
    {
      // s1 [buy, q] vs s2 [nav, window, q, buy]: buy→nav, insert window, keep q, insert buy = 3
      description: 'Two sessions over targets',
      params: { label: 'target', ids: ['s1', 's2'] },
      output: [{ a: 's1', b: 's2', edit_distance: 3, edit_distance_normalized: 0.75, edge_jaccard: 0 }],
    },
  ],
  run(input, params) {
    if (input.kind !== 'events') throw new Error('unreachable: compare accepts events');
    const label = eventLabel(params.label);
    const wanted = params.ids === undefined ? undefined : new Set(params.ids);
    return {
      kind: 'table',
      columns: COLUMNS,
      batches: (async function* () {
        const seqs: LabelledSequence[] = [];
        for await (const p of partitions(input.batches, partitionFields(params.partition))) {
          const id = partitionId(p.key);
          if (wanted !== undefined && !wanted.has(id)) continue;
          if (seqs.length >= params.maxPartitions) {
            throw new InvalidArgumentError(`compare got more than ${params.maxPartitions} partitions; pass ids, filter the events, or raise maxPartitions.`, {
              issues: [{ code: 'too_many_partitions', path: ['maxPartitions'], message: `More than ${params.maxPartitions} partitions.` }],
            });
          }
          seqs.push({ id, labels: labelSequence(p.events, label, params.selfLoops).map((s) => s.label) });
        }
        yield* fromArray(pairwiseComparison(seqs) as unknown as Record<string, unknown>[]);
      })(),
    };
  },
});
