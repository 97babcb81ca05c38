import { z } from 'zod';
import type { Column, Row } from '../frame.js';
import { EXAMPLE_START } from './example-data.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { defineOperator } from '../pipeline/operator.js';
import { compileCondition } from '../query/compile-predicate.js';
import { ConditionSchema } from '../query/query-schema.js';
import { loggedIntervals, pairIntervals, type IntervalRecord } from '../sequence/intervals.js';
import { FieldList, partitionBy } from './sequence-params.js';
import { eventPartitions, keyColumns, keyRow, tableOf } from './sequence-frames.js';

export const IntervalsParams = z.strictObject({
  from: z.enum(['pairs', 'logged', 'both']).default('pairs').describe('Build intervals from start/end event pairs, read UserALE interval logs, or both.'),
  start: ConditionSchema.optional().describe('Events opening an interval (pairs).'),
  end: ConditionSchema.optional().describe('Events closing an interval (pairs).'),
  match: FieldList([]).describe('A start and an end pair only when equal on these fields (e.g. target).'),
  fields: FieldList(['type', 'target']).describe('Fields copied to each interval (from the start event or the log).'),
  partitionBy: partitionBy(['session']),
}).refine((p) => p.from === 'logged' || (p.start !== undefined && p.end !== undefined), { message: 'Intervals from pairs need both `start` and `end` conditions.', path: ['start'] });
export type IntervalsParams = z.output<typeof IntervalsParams>;

function columns(params: IntervalsParams): Column[] {
  return [
    ...keyColumns(params.partitionBy),
    { name: 'source', type: 'string', description: '`pair` or `logged` (a UserALE interval log).' },
    { name: 'start', type: 'time' },
    { name: 'end', type: 'time' },
    { name: 'duration', type: 'number', description: 'ms; logged durations as logged (may be negative).' },
    { name: 'count', type: 'integer' },
    { name: 'startId', type: 'string' },
    { name: 'endId', type: 'string' },
    ...params.fields.map((name): Column => ({ name, type: 'any' })),
  ];
}

/**
 * `intervals`: interval records from start/end pairs and from UserALE interval logs. Cost: O(n) per partition.
 */
export const intervalsOperator = defineOperator({
  name: 'intervals',
  summary: 'Interval records (start, end, duration, count, fields) from start/end pairs or UserALE interval logs.',
  description:
    'Per partition (default the session) in time order. `pairs`: a `start` event opens an interval for its `match` key and the next ' +
    '`end` event with the same key closes the oldest open one (first in, first out); an event matching both closes if one is open, ' +
    'else opens. Record: start and end times, duration (end − start), count (events from start to end inclusive), ids, and `fields` ' +
    'from the start event. `logged`: UserALE `interval` logs read faithfully — `startTime`, `endTime`, `duration` and `count` as ' +
    'logged, negative durations (real clocks) kept and reported (`negative_duration` warning), never clamped. Unpaired events are ' +
    'not intervals (see `drop-dangling`). Rows ordered by partition; within one, logged intervals first in log order (their start time), then pairs in the order they close (end). Cost: O(n) per partition.',
  params: IntervalsParams,
  accepts: ['events'],
  produces: () => 'table',
  examples: [
    {
      description: 'Focus-to-click intervals in each session (first in, first out)',
      params: { start: { field: 'type', op: 'eq', value: 'focus' }, end: { field: 'type', op: 'eq', value: 'click' } },
      output: [{ session: 's2', source: 'pair', start: EXAMPLE_START + 5000, end: EXAMPLE_START + 6000, duration: 1000, count: 2, startId: 'ex#6', endId: 'ex#7', type: 'focus', target: 'input#q' }],
    },
    {
      description: 'Read UserALE interval logs as logged (a negative duration from a real clock is kept)',
      params: { from: 'logged' },
      input: [
        { logType: 'interval', userId: 'dana', sessionId: 's9', type: 'mouseover', target: 'a#nav', startTime: EXAMPLE_START, endTime: EXAMPLE_START + 250, duration: 250, count: 3 },
        { logType: 'interval', userId: 'dana', sessionId: 's9', type: 'focus', target: 'input#q', startTime: EXAMPLE_START + 1000, endTime: EXAMPLE_START + 997, duration: -3, count: 1 },
      ],
      output: [
        { session: 's9', source: 'logged', start: EXAMPLE_START, end: EXAMPLE_START + 250, duration: 250, count: 3, startId: 'ex#1', endId: 'ex#1', type: 'mouseover', target: 'a#nav' },
        { session: 's9', source: 'logged', start: EXAMPLE_START + 1000, end: EXAMPLE_START + 997, duration: -3, count: 1, startId: 'ex#2', endId: 'ex#2', type: 'focus', target: 'input#q' },
      ],
    },
  ],
  fields: (params) => [...conditionFields(params.start), ...conditionFields(params.end), ...params.match, ...params.fields, ...(params.from === 'pairs' ? [] : ['startTime', 'endTime', 'duration', 'count'])],
  partition: (params) => ({ by: params.partitionBy }),
  run(input, params, context) {
    const pairs = params.from !== 'logged';
    const pairOptions = pairs
      ? { start: compileCondition(params.start!, { now: context.now }, ['start']), end: compileCondition(params.end!, { now: context.now }, ['end']), match: params.match }
      : undefined;
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return tableOf(
      columns(params),
      (async function* () {
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const records: IntervalRecord[] = [];
          if (params.from !== 'pairs') records.push(...loggedIntervals(p.events, params.fields));
          if (pairOptions !== undefined) records.push(...pairIntervals(p.events, pairOptions, params.fields));
          const negative = records.filter((r) => r.duration !== null && r.duration < 0).length;
          if (negative > 0) context.warnings.add({ code: 'negative_duration', message: 'Intervals with a negative duration (end before start), reported as logged.', count: negative });
          const key = keyRow(params.partitionBy, p.key);
          const rows = records.map((r): Row => ({ ...key, source: r.source, start: r.start, end: r.end, duration: r.duration, count: r.count, startId: r.startId, endId: r.endId, ...r.fields }));
          if (rows.length > 0) yield rows;
        }
      })(),
    );
  },
});
