import { z } from 'zod';
import { conditionFields } from '../pipeline/required-fields.js';
import { defineOperator } from '../pipeline/operator.js';
import { compileCondition } from '../query/compile-predicate.js';
import { ConditionSchema } from '../query/query-schema.js';
import { neighbourMask } from '../sequence/neighbours.js';
import { Duration, partitionBy } from './sequence-params.js';
import { eventPartitions, eventsFrame } from './sequence-frames.js';

export const NeighboursParams = z.strictObject({
  where: ConditionSchema.describe('The events tested; every other event passes.'),
  neighbour: ConditionSchema.describe('What counts as a neighbour.'),
  direction: z.enum(['before', 'after', 'either']).default('before'),
  within: Duration.optional().describe('A neighbour at most this long away (inclusive).'),
  count: z.number().int().positive().optional().describe('A neighbour at most this many events away (1 = adjacent).'),
  keep: z.enum(['present', 'absent']).default('present').describe('Keep tested events whose neighbour is present (drop the others), or absent.'),
  partitionBy: partitionBy(['session']),
}).refine((p) => p.within !== undefined || p.count !== undefined, { message: 'Give `within` (a time window), `count` (events), or both.', path: ['within'] });

/**
 * `neighbours`: keep or drop events by what happens before/after them. Cost: O(n) per partition.
 */
export const neighboursOperator = defineOperator({
  name: 'neighbours',
  summary: 'Keep or drop events by what happens before or after them (within a time window or a count).',
  description:
    'Per partition (default the session) in time order. For each event matching `where`, looks for an event matching `neighbour` ' +
    'before it, after it or on either side — positions in partition order (time, then source order), never the event itself — at ' +
    'most `within` away in time (inclusive) and/or `count` events away. With `keep: present` a tested event stays only when such a ' +
    'neighbour exists; with `absent` only when none does. Other events always pass. An untimed event has no neighbour in time. ' +
    'Example: drop a file-save with no click or key event in the 2 s before it. Cost: O(n) per partition.',
  params: NeighboursParams,
  accepts: ['events'],
  produces: () => 'events',
  examples: [
    {
      description: 'Keep only clicks with a focus in the 2 s before them',
      params: { where: { field: 'type', op: 'eq', value: 'click' }, neighbour: { field: 'type', op: 'eq', value: 'focus' }, within: '2s' },
      output: ['ex#2', 'ex#3', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#10'],
    },
    {
      description: 'Drop clicks followed by another click within 5 s (keep the last of a burst)',
      params: { where: { field: 'type', op: 'eq', value: 'click' }, neighbour: { field: 'type', op: 'eq', value: 'click' }, direction: 'after', within: '5s', keep: 'absent' },
      output: ['ex#1', 'ex#2', 'ex#3', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'],
    },
  ],
  fields: (params) => [...conditionFields(params.where), ...conditionFields(params.neighbour)],
  partition: (params) => ({ by: params.partitionBy }),
  capabilities: { preservesOrder: true },
  run(input, params, context) {
    const options = {
      target: compileCondition(params.where, { now: context.now }, ['where']),
      neighbour: compileCondition(params.neighbour, { now: context.now }, ['neighbour']),
      direction: params.direction,
      within: params.within,
      count: params.count,
      keepWhen: params.keep,
    };
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return eventsFrame(
      (async function* () {
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const mask = neighbourMask(p.events, options);
          const kept = p.events.filter((_, i) => mask[i]);
          if (kept.length > 0) yield kept;
        }
      })(),
    );
  },
});
