import { z } from 'zod';
import { variantsAccumulator } from '../analytics/variants.js';
import type { Column } from '../frame.js';
import { defineOperator } from '../pipeline/operator.js';
import { accumulatedTable, eventLabel, labelledSequences, LabelParam, PartitionParam, SelfLoopsParam } from './analytics-params.js';

const Params = z.strictObject({
  partition: PartitionParam,
  label: LabelParam('page'),
  selfLoops: SelfLoopsParam('collapse'),
  top: z.number().int().min(1).default(10).describe('Keep the k most frequent variants; the rest become one "other" row.'),
});

const COLUMNS: Column[] = [
  { name: 'rank', type: 'integer', description: 'null on the "other" row.' },
  { name: 'variant', type: 'string', description: 'Labels joined by " → "; null on the "other" row.' },
  { name: 'sequence', type: 'json' },
  { name: 'length', type: 'integer' },
  { name: 'count', type: 'integer', description: 'Partitions following the variant.' },
  { name: 'share', type: 'number', description: 'count / partitions with at least one labelled step.' },
  { name: 'mean_duration_ms', type: 'number', description: 'Mean first→last step time over timed partitions.' },
  { name: 'variants', type: 'integer', description: '1, or how many variants the "other" row folds.' },
];

/** `variants`: distinct label sequences per partition with frequency, share and mean duration. */
export const variantsOperator = defineOperator({
  name: 'variants',
  summary: 'Distinct step sequences (variants) of sessions with frequency, share and mean duration; top-k plus other.',
  description:
    'Each partition’s sequence of labels (repeats collapsed by default) is its variant. Rows: the `top` most ' +
    'frequent (ties by variant text, code-point order) with rank, text (` → `-joined), sequence, length, count, ' +
    'share and mean duration, then one "other" row (rank and variant null) folding the rest. Partitions without ' +
    'any labelled step are left out. Cost: O(events); memory O(distinct variants).',
  params: Params,
  ...labelledSequences,
  produces: () => 'table',
  examples: [
    {
      description: 'Top 10 page sequences of sessions',
      params: {},
      output: [
        { rank: 1, variant: 'https://shop.example/home', sequence: ['https://shop.example/home'], length: 1, count: 1, share: 1 / 3, mean_duration_ms: 2000, variants: 1 },
        { rank: 2, variant: 'https://shop.example/home → https://shop.example/search', sequence: ['https://shop.example/home', 'https://shop.example/search'], length: 2, count: 1, share: 1 / 3, mean_duration_ms: 3000, variants: 1 },
        { rank: 3, variant: 'https://shop.example/product → https://shop.example/cart', sequence: ['https://shop.example/product', 'https://shop.example/cart'], length: 2, count: 1, share: 1 / 3, mean_duration_ms: 2000, variants: 1 },
      ],
    },
    {
      // alice click focus change (2 s); bob click scroll focus click (3 s); carol change click submit (2 s)
      description: 'The most frequent event-type sequence per user, the rest as other',
      params: { label: 'type', partition: 'user', top: 1 },
      output: [
        { rank: 1, variant: 'change → click → submit', sequence: ['change', 'click', 'submit'], length: 3, count: 1, share: 1 / 3, mean_duration_ms: 2000, variants: 1 },
        { rank: null, variant: null, sequence: null, length: null, count: 2, share: 2 / 3, mean_duration_ms: 2500, variants: 2 },
      ],
    },
  ],
  run(input, params) {
    return accumulatedTable(input, params.partition, COLUMNS, () => variantsAccumulator({ label: eventLabel(params.label), selfLoops: params.selfLoops, top: params.top }));
  },
});
