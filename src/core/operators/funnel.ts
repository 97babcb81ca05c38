import { z } from 'zod';
import { funnelAccumulator, FUNNEL_MODES } from '../analytics/funnel.js';
import type { Column } from '../frame.js';
import { defineOperator } from '../pipeline/operator.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { ConditionSchema } from '../query/query-schema.js';
import { accumulatedTable, eventCondition, partitionFields, PartitionParam, stepFields } from './analytics-params.js';

export const FunnelParams = z.strictObject({
  partition: PartitionParam,
  steps: z
    .array(
      z.strictObject({
        name: z.string().min(1).optional().describe('Step name in the report (default: "step N").'),
        where: ConditionSchema.describe('Condition an event must satisfy to be this step (query language).'),
      }),
    )
    .min(1)
    .describe('Ordered funnel steps.'),
  mode: z.enum(FUNNEL_MODES).default('ordered').describe('`strict` (consecutive events), `ordered` (others may occur between) or `any-order`.'),
  windowMs: z.number().positive().optional().describe('Conversion window in ms from the run’s first step (any-order: its earliest matched event).'),
  dropLimit: z.number().int().min(0).default(100).describe('At most this many dropped partition ids per step (drill-down).'),
});

const COLUMNS: Column[] = [
  { name: 'step', type: 'integer' },
  { name: 'name', type: 'string' },
  { name: 'reached', type: 'integer', description: 'Partitions that reached this step and every one before.' },
  { name: 'conversion_from_previous', type: 'number' },
  { name: 'conversion_from_first', type: 'number' },
  { name: 'dropped', type: 'integer' },
  { name: 'drop_off', type: 'number' },
  { name: 'median_time_to_convert_ms', type: 'number' },
  { name: 'dropped_ids', type: 'json', description: 'Partition ids (key values joined by |) that dropped here.' },
];

/** `funnel`: how many partitions get through ordered steps, with conversion, drop-off and time to convert. */
export const funnelOperator = defineOperator({
  name: 'funnel',
  summary: 'Conversion funnel over ordered steps (strict, ordered or any-order) with a window and drop-off drill-down.',
  description:
    'Each step is a condition. Per partition (session by default), the deepest run through the steps counts ' +
    '(earliest such run on ties): `strict` needs the steps as consecutive events, `ordered` allows other events ' +
    'between (each later step is the first match after the previous one), `any-order` needs every step, in any ' +
    'order. With `windowMs`, steps later than the window after the run’s start (and untimed events) do not count. ' +
    'One row per step: `reached`, `conversion_from_previous` (step 1: over all partitions), ' +
    '`conversion_from_first`, `dropped`, `drop_off`, `median_time_to_convert_ms` (from step 1, linear median as ' +
    'pandas) and `dropped_ids`. Conversions are null when their denominator is 0. Cost: O(events × run starts) ' +
    'worst case per partition, memory O(partitions × steps).',
  params: FunnelParams,
  accepts: ['events'],
  produces: () => 'table',
  partition: (params) => ({ by: partitionFields(params.partition) }),
  fields: (params) => stepFields(params.partition, params.steps.flatMap((s) => conditionFields(s.where))),
  examples: [
    {
      // only s3 sees a product page (7 s, 8 s) and then the cart (9 s); nobody reaches a checkout page
      description: 'Product → cart → checkout within 30 minutes, per session',
      params: {
        steps: [
          { name: 'product', where: { field: 'page', op: 'contains', value: '/product' } },
          { name: 'cart', where: { field: 'page', op: 'contains', value: '/cart' } },
          { name: 'checkout', where: { field: 'page', op: 'contains', value: '/checkout' } },
        ],
        windowMs: 1_800_000,
      },
      output: [
        { step: 1, name: 'product', reached: 1, conversion_from_previous: 1 / 3, conversion_from_first: 1, dropped: 2, drop_off: 2 / 3, median_time_to_convert_ms: 0, dropped_ids: ['s1', 's2'] },
        { step: 2, name: 'cart', reached: 1, conversion_from_previous: 1, conversion_from_first: 1, dropped: 0, drop_off: 0, median_time_to_convert_ms: 2000, dropped_ids: [] },
        { step: 3, name: 'checkout', reached: 0, conversion_from_previous: 0, conversion_from_first: 0, dropped: 1, drop_off: 1, median_time_to_convert_ms: null, dropped_ids: ['s3'] },
      ],
    },
    {
      // alice clicks buy (0 s) before focusing the search (1 s): converts in any order only; carol never focuses
      description: 'Focus the search and click buy, in any order, per user',
      params: {
        partition: 'user',
        mode: 'any-order',
        steps: [
          { name: 'search', where: { field: 'type', op: 'eq', value: 'focus' } },
          { name: 'buy', where: { all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'target', op: 'eq', value: 'button#buy' }] } },
        ],
      },
      output: [
        // times to step 1: alice 1000 (from her click), bob 0 → median 500
        { step: 1, name: 'search', reached: 2, conversion_from_previous: 2 / 3, conversion_from_first: 1, dropped: 1, drop_off: 1 / 3, median_time_to_convert_ms: 500, dropped_ids: ['carol'] },
        { step: 2, name: 'buy', reached: 2, conversion_from_previous: 1, conversion_from_first: 1, dropped: 0, drop_off: 0, median_time_to_convert_ms: 1000, dropped_ids: [] },
      ],
    },
  ],
  run(input, params, context) {
    if (input.kind !== 'events') throw new Error('unreachable: funnel accepts events');
    const steps = params.steps.map((s, i) => ({ name: s.name ?? `step ${i + 1}`, match: eventCondition(s.where, context.now, ['steps', i, 'where']) }));
    // Partitions are consumed one at a time; only their progress is kept.
    return accumulatedTable(input, params.partition, COLUMNS, () => funnelAccumulator({ steps, mode: params.mode, windowMs: params.windowMs }, params.dropLimit));
  },
});
