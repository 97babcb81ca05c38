import { z } from 'zod';
import type { Column, Row } from '../frame.js';
import { EXAMPLE_START } from './example-data.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { defineOperator } from '../pipeline/operator.js';
import { compileCondition } from '../query/compile-predicate.js';
import { ConditionSchema } from '../query/query-schema.js';
import { sandwiches } from '../sequence/sandwich.js';
import { FieldList, partitionBy } from './sequence-params.js';
import { eventPartitions, keyColumns, keyRow, tableOf } from './sequence-frames.js';

export const SandwichParams = z.strictObject({
  start: ConditionSchema.describe('The opening bookend.'),
  end: ConditionSchema.describe('The closing bookend.'),
  match: FieldList([]).describe('Bookends pair only when equal on these fields (same target, same page…).'),
  inner: ConditionSchema.optional().describe('Which events between the bookends count as filling (default all).'),
  countBy: z.string().min(1).default('type').describe('Field the filling is counted by.'),
  minInner: z.number().int().nonnegative().default(0).describe('Keep sandwiches with at least this many inner events.'),
  partitionBy: partitionBy(['session']),
});

/**
 * `sandwich`: events bookended by a related start and stop, as groups. Cost: O(n + filling) per partition.
 */
export const sandwichOperator = defineOperator({
  name: 'sandwich',
  summary: 'Groups of events bookended by a related start and stop, with span, inner events and counts.',
  description:
    'Per partition (default the session) in time order, pairs `start` and `end` bookends related by `match` (first in, first out, ' +
    'as `intervals`) and lists, for each pair, the events strictly between them (filtered by `inner`): their ids, their number and ' +
    'their counts by `countBy` (JSON object, keys in order of first appearance, missing values under "null"), with the bookends’ ids, ' +
    'times and span (end − start). One row per sandwich, ordered by the closing event. Cost: O(n + total filling) per partition.',
  params: SandwichParams,
  accepts: ['events'],
  produces: () => 'table',
  examples: [
    {
      description: 'What happens between a click and the next focus in each session',
      params: { start: { field: 'type', op: 'eq', value: 'click' }, end: { field: 'type', op: 'eq', value: 'focus' } },
      output: [
        { session: 's1', startId: 'ex#1', endId: 'ex#2', start: EXAMPLE_START, end: EXAMPLE_START + 1000, span: 1000, innerCount: 0, innerIds: [], counts: {} },
        { session: 's2', startId: 'ex#4', endId: 'ex#6', start: EXAMPLE_START + 3000, end: EXAMPLE_START + 5000, span: 2000, innerCount: 1, innerIds: ['ex#5'], counts: { scroll: 1 } },
      ],
    },
    {
      description: 'From the first click to the checkout submit over the whole stream, with at least 2 events between',
      params: { start: { field: 'type', op: 'eq', value: 'click' }, end: { field: 'type', op: 'eq', value: 'submit' }, minInner: 2, partitionBy: [] },
      output: [
        {
          startId: 'ex#1', endId: 'ex#10', start: EXAMPLE_START, end: EXAMPLE_START + 9000, span: 9000, innerCount: 8,
          innerIds: ['ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9'], counts: { focus: 2, change: 2, click: 3, scroll: 1 },
        },
      ],
    },
  ],
  fields: (params) => [...conditionFields(params.start), ...conditionFields(params.end), ...conditionFields(params.inner), ...params.match, params.countBy],
  partition: (params) => ({ by: params.partitionBy }),
  run(input, params, context) {
    const options = {
      start: compileCondition(params.start, { now: context.now }, ['start']),
      end: compileCondition(params.end, { now: context.now }, ['end']),
      match: params.match,
      inner: params.inner === undefined ? undefined : compileCondition(params.inner, { now: context.now }, ['inner']),
      countBy: params.countBy,
    };
    const columns: Column[] = [
      ...keyColumns(params.partitionBy),
      { name: 'startId', type: 'string' },
      { name: 'endId', type: 'string' },
      { name: 'start', type: 'time' },
      { name: 'end', type: 'time' },
      { name: 'span', type: 'number', description: 'end − start in ms.' },
      { name: 'innerCount', type: 'integer' },
      { name: 'innerIds', type: 'json' },
      { name: 'counts', type: 'json' },
    ];
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return tableOf(
      columns,
      (async function* () {
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const key = keyRow(params.partitionBy, p.key);
          const rows = sandwiches(p.events, options)
            .filter((s) => s.innerCount >= params.minInner)
            .map((s): Row => ({ ...key, ...s }));
          if (rows.length > 0) yield rows;
        }
      })(),
    );
  },
});
