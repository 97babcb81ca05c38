import { z } from 'zod';
import type { CanonicalEvent } from '../event.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { defineOperator } from '../pipeline/operator.js';
import { compileCondition } from '../query/compile-predicate.js';
import { ConditionSchema } from '../query/query-schema.js';
import { danglingEvents } from '../sequence/drop-dangling.js';
import { FieldList, partitionBy } from './sequence-params.js';
import { derive, eventPartitions, eventsFrame } from './sequence-frames.js';

export const DropDanglingParams = z.strictObject({
  start: ConditionSchema.describe('Events opening a pair.'),
  end: ConditionSchema.describe('Events closing a pair.'),
  match: FieldList([]).describe('A start and an end pair only when equal on these fields.'),
  action: z.enum(['drop', 'report']).default('drop').describe('`drop` dangling events, or keep all and mark them with the attribute `dangling` (`start`/`end`, null otherwise).'),
  partitionBy: partitionBy(['session']),
});

/**
 * `drop-dangling`: starts without an end and ends without a start, dropped or marked. Cost: O(n) per partition.
 */
export const dropDanglingOperator = defineOperator({
  name: 'drop-dangling',
  summary: 'Drop (or mark) starts without an end and ends without a start.',
  description:
    'Per partition (default the session) in time order, pairs `start` and `end` events as `intervals` does (per `match` key, first in ' +
    'first out). Starts never ended — typical when a page closed and its last logs were lost — and ends with no open start are ' +
    'dangling: `drop` removes them (reported as `dangling_dropped` with the count), `report` keeps every event and sets the attribute ' +
    '`dangling` to `start`, `end` or null. Other events pass unchanged. Cost: O(n) per partition.',
  params: DropDanglingParams,
  accepts: ['events'],
  produces: () => 'events',
  examples: [
    {
      description: 'Drop focus events never blurred (the page closed: final logs lost)',
      params: { start: { field: 'type', op: 'eq', value: 'focus' }, end: { field: 'type', op: 'eq', value: 'blur' }, match: 'target' },
      output: ['ex#1', 'ex#3', 'ex#4', 'ex#5', 'ex#7', 'ex#8', 'ex#9', 'ex#10'],
    },
    {
      description: 'Focus/change pairs per target: drop the focus without a change and the change without a focus',
      params: { start: { field: 'type', op: 'eq', value: 'focus' }, end: { field: 'type', op: 'eq', value: 'change' }, match: 'target' },
      output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#7', 'ex#9', 'ex#10'],
    },
  ],
  fields: (params) => [...conditionFields(params.start), ...conditionFields(params.end), ...params.match],
  partition: (params) => ({ by: params.partitionBy }),
  capabilities: { preservesOrder: true },
  derives: (params) => params.action === 'report' ? ['dangling'] : [],
  run(input, params, context) {
    const options = {
      start: compileCondition(params.start, { now: context.now }, ['start']),
      end: compileCondition(params.end, { now: context.now }, ['end']),
      match: params.match,
    };
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return eventsFrame(
      (async function* () {
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const marks = danglingEvents(p.events, options);
          if (params.action === 'report') {
            yield p.events.map((e, i): CanonicalEvent => derive(e, { dangling: marks[i] ?? null }));
            continue;
          }
          const kept = p.events.filter((_, i) => marks[i] === undefined);
          const dropped = p.events.length - kept.length;
          if (dropped > 0) context.warnings.add({ code: 'dangling_dropped', message: 'Dropped starts without an end and ends without a start.', count: dropped });
          if (kept.length > 0) yield kept;
        }
      })(),
    );
  },
});
