import { z } from 'zod';
import { defineOperator } from '../pipeline/operator.js';
import { collapseRepeats } from '../sequence/collapse-repeats.js';
import { Duration, FieldList, partitionBy } from './sequence-params.js';
import { derive, eventPartitions, eventsFrame } from './sequence-frames.js';

export const CollapseRepeatsParams = z.strictObject({
  fields: FieldList(['type', 'target']).describe('Consecutive events equal on all these fields are repeats. Default type and target.'),
  within: Duration.optional().describe('Largest time step between consecutive repeats (inclusive); default no limit.'),
  partitionBy: partitionBy(['session']),
});

/**
 * `collapse-repeats`: one event per run of consecutive repeats. Cost: O(n · fields) per partition.
 */
export const collapseRepeatsOperator = defineOperator({
  name: 'collapse-repeats',
  summary: 'Merge consecutive events equal on chosen fields (within a time tolerance) into one, keeping count, first and last time.',
  description:
    'Per partition (default the session) in time order, consecutive events equal on `fields` (values compared by type and content; ' +
    'missing equals missing) form a run while each follows the previous within `within` (inclusive; no limit by default). Each run ' +
    'becomes its first event with the attributes `repeatCount`, `repeatFirstTime`, `repeatLastTime` and `repeatLastId`; a single ' +
    'event is a run of one. UserALE’s duplicate focus/blur pair at one millisecond collapses with `fields: [type, target]`. Untimed ' +
    'events are never merged with timed ones. Cost: O(n · fields) per partition; memory: one partition.',
  params: CollapseRepeatsParams,
  accepts: ['events'],
  produces: () => 'events',
  examples: [
    { description: 'Collapse repeated events on the same target (none repeat here)', params: {}, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
    { description: 'One event per page visit: consecutive events on the same page collapse', params: { fields: 'page' }, output: ['ex#1', 'ex#4', 'ex#6', 'ex#8', 'ex#10'] },
  ],
  fields: (params) => params.fields,
  partition: (params) => ({ by: params.partitionBy }),
  capabilities: { preservesOrder: true },
  derives: () => ['repeatCount', 'repeatFirstTime', 'repeatLastTime', 'repeatLastId'],
  run(input, params) {
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return eventsFrame(
      (async function* () {
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const runs = collapseRepeats(p.events, { fields: params.fields, within: params.within });
          yield runs.map((r) =>
            derive(p.events[r.first]!, { repeatCount: r.count, repeatFirstTime: r.firstTime ?? null, repeatLastTime: r.lastTime ?? null, repeatLastId: r.lastId }),
          );
        }
      })(),
    );
  },
});
