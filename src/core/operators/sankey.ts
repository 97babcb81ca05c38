import { z } from 'zod';
import { sankeyAccumulator } from '../analytics/sankey.js';
import type { Column } from '../frame.js';
import { defineOperator } from '../pipeline/operator.js';
import { accumulatedTable, eventLabel, labelledSequences, LabelParam, PartitionParam, SelfLoopsParam } from './analytics-params.js';

const Params = z.strictObject({
  partition: PartitionParam,
  label: LabelParam('page'),
  steps: z.number().int().min(2).max(50).default(5).describe('Layers: the first N steps of each partition.'),
  selfLoops: SelfLoopsParam('collapse'),
  end: z.boolean().default(false).describe('Add a link to `[end]` for partitions that end before N steps.'),
});

const COLUMNS: Column[] = [
  { name: 'source', type: 'string', description: 'Node id `<step>:<label>`.' },
  { name: 'target', type: 'string', description: 'Node id `<step>:<label>`.' },
  { name: 'source_step', type: 'integer' },
  { name: 'target_step', type: 'integer' },
  { name: 'source_label', type: 'string' },
  { name: 'target_label', type: 'string' },
  { name: 'value', type: 'integer', description: 'Partitions flowing along the link.' },
];

/** `sankey`: step-layered flows (step 1 → step 2 → …) as links ready for any Sankey renderer. */
export const sankeyOperator = defineOperator({
  name: 'sankey',
  summary: 'Step-layered flows of the first N steps of each session, as Sankey links.',
  description:
    'Each partition’s labelled sequence (repeats collapsed by default), cut to its first `steps` steps, adds one ' +
    'to each link between consecutive layers; node ids are `<step>:<label>` so a page can appear in several ' +
    'layers. Partitions shorter than N keep their final transition, and with `end` flow into `[end]`. Rows: ' +
    'source, target, their steps and labels, value — sorted by source step, descending value. Feed them to plotly ' +
    '`go.Sankey` or d3-sankey. Cost: O(events); memory O(links).',
  params: Params,
  ...labelledSequences,
  produces: () => 'table',
  examples: [
    {
      description: 'The first five pages of each session',
      params: {},
      output: [
        { source: '1:https://shop.example/home', target: '2:https://shop.example/search', source_step: 1, target_step: 2, source_label: 'https://shop.example/home', target_label: 'https://shop.example/search', value: 1 },
        { source: '1:https://shop.example/product', target: '2:https://shop.example/cart', source_step: 1, target_step: 2, source_label: 'https://shop.example/product', target_label: 'https://shop.example/cart', value: 1 },
      ],
    },
    {
      // types per user: alice click focus change; bob click scroll focus click; carol change click submit
      description: 'First four event types per user, with ends',
      params: { label: 'type', partition: 'user', steps: 4, end: true },
      output: [
        [1, 'change', 'click'],
        [1, 'click', 'focus'],
        [1, 'click', 'scroll'],
        [2, 'click', 'submit'],
        [2, 'focus', 'change'],
        [2, 'scroll', 'focus'],
        [3, 'change', '[end]'],
        [3, 'focus', 'click'],
        [3, 'submit', '[end]'],
      ].map(([step, a, b]) => ({ source: `${step}:${a}`, target: `${Number(step) + 1}:${b}`, source_step: step, target_step: Number(step) + 1, source_label: a, target_label: b, value: 1 })),
    },
  ],
  run(input, params) {
    return accumulatedTable(input, params.partition, COLUMNS, () => sankeyAccumulator({ label: eventLabel(params.label), steps: params.steps, selfLoops: params.selfLoops, end: params.end }));
  },
});
