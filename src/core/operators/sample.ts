import { z } from 'zod';
import { defineOperator } from '../pipeline/operator.js';
import { sampleMask } from '../sequence/resample.js';
import { PositiveDuration, partitionBy } from './sequence-params.js';
import { eventPartitions, eventsFrame } from './sequence-frames.js';

export const SampleParams = z.strictObject({
  every: PositiveDuration.optional().describe('Bucket width, aligned to the Unix epoch (UTC); default: the whole partition is one bucket.'),
  n: z.number().int().nonnegative().optional().describe('Events kept per bucket (all when fewer).'),
  fraction: z.number().min(0).max(1).optional().describe('Fraction of each bucket kept (rounded half up).'),
  seed: z.union([z.string(), z.number()]).default(42).transform(String).describe('Same seed, same sample.'),
  partitionBy: partitionBy(['session']),
}).refine((p) => (p.n === undefined) !== (p.fraction === undefined), { message: 'Give exactly one of `n` and `fraction`.', path: ['n'] });

/**
 * `sample`: seeded random sampling of N events (or a fraction) per bucket and partition. Cost: O(n log n) per bucket.
 */
export const sampleOperator = defineOperator({
  name: 'sample',
  summary: 'Seeded random sample of N events (or a fraction) per time bucket and partition, reproducible.',
  description:
    'Per partition (default the session) and per bucket [k·every, (k+1)·every) aligned to the epoch (the whole partition when `every` ' +
    'is not given), keeps `n` events — or round-half-up(`fraction` × size) — chosen as the smallest keys hash53(seed, event id): a ' +
    'uniform sample without replacement that depends only on the seed and the ids, so it is identical whatever the input order, batch ' +
    'boundaries or machine. Untimed events form one bucket of their own. Kept events stay in time order. Cost: O(n log n) per bucket.',
  params: SampleParams,
  accepts: ['events'],
  produces: () => 'events',
  examples: [
    { description: 'At most 5 random events per hour per session (seed 7): every session here has fewer', params: { every: '1h', n: 5, seed: 7 }, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
    { description: 'A 100 % sample keeps everything, in order', params: { fraction: 1 }, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
  ],
  fields: () => [],
  partition: (params) => ({ by: params.partitionBy }),
  capabilities: { preservesOrder: true },
  run(input, params) {
    const every = params.every ?? Number.POSITIVE_INFINITY;
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return eventsFrame(
      (async function* () {
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const mask = sampleMask(p.events, { every, n: params.n, fraction: params.fraction, seed: params.seed });
          const kept = p.events.filter((_, i) => mask[i]);
          if (kept.length > 0) yield kept;
        }
      })(),
    );
  },
});
