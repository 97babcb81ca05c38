import { z } from 'zod';
import type { CanonicalEvent } from '../event.js';
import { defineOperator } from '../pipeline/operator.js';
import type { Partition } from '../partition.js';
import { orderByIds } from '../sequence/order-by-ids.js';
import { sessionize, USERALE_SESSION_FIELDS } from '../sequence/sessionize.js';
import { Duration, FieldList, partitionBy } from './sequence-params.js';
import { derive, eventPartitions, eventsFrame, partitionPrefix } from './sequence-frames.js';

export const SessionizeParams = z.strictObject({
  by: z.enum(['both', 'field', 'gap']).default('both').describe('Split by the session field, by the inactivity gap, or both (the gap splits within each session value).'),
  fields: FieldList([...USERALE_SESSION_FIELDS]).describe('Session fields tried in order per event; the first present value wins.'),
  gap: Duration.default(1_800_000).describe('Inactivity gap: a new session starts when the time since the previous event is strictly greater. Default 30m.'),
  per: z.enum(['domain', 'tab']).optional().describe('Also split per page domain (host of `pageField`) or per tab (`tabField`).'),
  pageField: z.string().min(1).default('page'),
  tabField: z.string().min(1).default('browserSessionId'),
  partitionBy: partitionBy(['user']),
});
export type SessionizeParams = z.output<typeof SessionizeParams>;

/**
 * `sessionize`: assign every event exactly one session — the `session` role of the event copy becomes the new
 * session id (`<user>/<session value>/<n>`), the value it had stays in the attribute `sourceSession` and the
 * document is untouched. Cost: O(n) per partition; memory: one partition.
 */
export const sessionizeOperator = defineOperator({
  name: 'sessionize',
  summary: 'Split each user’s events into sessions by session field, inactivity gap (30 min), or both.',
  description:
    'Partitions events by `partitionBy` (default the user) and, within each partition in time order, starts a new session when the ' +
    'session field value changes (UserALE `sessionId`, older `sessionID`, then `browserSessionId`, `httpSessionId`: the first present ' +
    'value) and, within one value, when the time since the previous timed event is strictly greater than `gap` (a gap exactly equal ' +
    'does not split). Optionally per page domain or per tab. Every event is in exactly one session; events without a session value ' +
    'form the value ∅; untimed events join the session open for their value. The event copy’s `session` role becomes the session id ' +
    '`<partition>/<value>/<domain|tab>/<n>` (components percent-encoded, missing written ∅, so ids never collide), readable and ' +
    'deterministic; later steps partition by it. The former value stays in the attribute `sourceSession`, the document is untouched. ' +
    'Cost: O(n) per partition; memory: one partition.',
  params: SessionizeParams,
  accepts: ['events'],
  produces: () => 'events',
  examples: [
    { description: 'Session field, then a 30-minute inactivity gap (the default)', params: {}, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
    { description: 'Inactivity gap of 10 minutes only', params: { by: 'gap', gap: '10m' }, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
    { description: 'UserALE sessions split per page domain', params: { by: 'field', per: 'domain' }, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
  ],
  fields: (params) => [...params.fields, ...(params.per === 'domain' ? [params.pageField] : params.per === 'tab' ? [params.tabField] : [])],
  partition: (params) => ({ by: params.partitionBy }),
  // Session ids start with the partition's id prefix and '/': partitions taken in id-prefix order, each regrouped by
  // session, are already in session order — the next step partitioning by session needs no re-sort.
  emitsOrder: (params) => ({ by: ['session'], input: { by: params.partitionBy, keys: 'id-prefix' } }),
  derives: () => ['sourceSession'],
  run(input, params) {
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    const options = {
      fields: params.by === 'gap' ? [] : params.fields,
      gap: params.by === 'field' ? undefined : params.gap,
      per: params.per,
      pageField: params.pageField,
      tabField: params.tabField,
    };
    const sessions = (p: Partition, prefix: string): { events: CanonicalEvent[]; ids: string[] } => {
      const { ids } = sessionize(p.events, { ...options, prefix });
      return { ids, events: p.events.map((e, i): CanonicalEvent => derive(e, { sourceSession: e.session ?? null }, { session: ids[i] })) };
    };
    const order = input.kind === 'events' ? input.order : undefined;
    if (order?.keys !== 'id-prefix' || !sameFields(order.by, params.partitionBy)) {
      return eventsFrame(
        (async function* () {
          for await (const p of eventPartitions(upstream, params.partitionBy)) yield sessions(p, partitionPrefix(p.key)).events;
        })(),
      );
    }
    // Id-prefix order: emit each block of partitions sharing a prefix (one partition, unless keys such as 1 and '1'
    // share one) in session order. Memory: one block.
    return {
      kind: 'events',
      order: { by: ['session'] },
      batches: (async function* () {
        let block: { prefix: string; events: CanonicalEvent[]; ids: string[]; parts: number } | undefined;
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const prefix = partitionPrefix(p.key);
          const s = sessions(p, prefix);
          if (block !== undefined && block.prefix === prefix) {
            for (let i = 0; i < s.ids.length; i++) {
              block.events.push(s.events[i]!);
              block.ids.push(s.ids[i]!);
            }
            block.parts++;
            continue;
          }
          if (block !== undefined) yield orderByIds(block.events, block.ids, block.parts > 1);
          block = { prefix, ...s, parts: 1 };
        }
        if (block !== undefined) yield orderByIds(block.events, block.ids, block.parts > 1);
      })(),
    };
  },
});

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}
