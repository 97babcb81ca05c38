import { z } from 'zod';
import type { Column, Row } from '../frame.js';
import { InvalidPipelineError } from '../errors.js';
import { EXAMPLE_START } from './example-data.js';
import { defineOperator } from '../pipeline/operator.js';
import { resampleCounts } from '../sequence/resample.js';
import { PositiveDuration, partitionBy } from './sequence-params.js';
import { eventPartitions, keyColumns, keyRow, tableOf } from './sequence-frames.js';

export const ResampleParams = z.strictObject({
  every: PositiveDuration.describe('Bucket width, aligned to the Unix epoch (UTC).'),
  aggregates: z
    .array(z.strictObject({ name: z.string().min(1), op: z.enum(['count', 'sum', 'mean', 'min', 'max', 'distinct']), field: z.string().min(1).optional() }))
    .default([])
    .describe('Per-bucket aggregates besides the event count (pandas conventions: sum of none 0, mean/min/max of none null).'),
  fill: z.boolean().default(true).describe('List empty buckets between the first and last non-empty one (pandas resample).'),
  maxBuckets: z.number().int().positive().default(1_000_000),
  partitionBy: partitionBy(['session']),
});
export type ResampleParams = z.output<typeof ResampleParams>;

const RESERVED = new Set(['bucket', 'end', 'count']);

/**
 * `resample`: fixed-interval buckets per partition with counts and aggregates (seeded sampling per bucket is the
 * `sample` operator). Cost: O(n) per partition.
 */
export const resampleOperator = defineOperator({
  name: 'resample',
  summary: 'Fixed-interval buckets per partition with counts and aggregates.',
  description:
    'Per partition (default the session), buckets timed events into [k·every, (k+1)·every) aligned to the epoch: one row ' +
    'per bucket with the partition key, `bucket` (start), `end`, `count` and the `aggregates` — pandas `resample(every, ' +
    "origin='epoch').agg(...)`: count of non-missing values, sum (0 when none), mean/min/max (null when none), distinct; numeric " +
    'strings count as numbers. Empty buckets between non-empty ones are listed (`fill`). Untimed events are left out and reported ' +
    '(`untimed_excluded`). Seeded random sampling per bucket is the `sample` operator. Cost: O(n) per partition.',
  params: ResampleParams,
  accepts: ['events'],
  produces: () => 'table',
  examples: [
    {
      description: 'Events per minute in each session',
      params: { every: '1m' },
      output: [
        { session: 's1', bucket: EXAMPLE_START, end: EXAMPLE_START + 60_000, count: 3 },
        { session: 's2', bucket: EXAMPLE_START, end: EXAMPLE_START + 60_000, count: 4 },
        { session: 's3', bucket: EXAMPLE_START, end: EXAMPLE_START + 60_000, count: 3 },
      ],
    },
    {
      description: 'Events, distinct targets and mean clicks per 10 minutes',
      params: { every: '10m', aggregates: [{ name: 'targets', op: 'distinct', field: 'target' }, { name: 'clicks', op: 'mean', field: 'details.clicks' }] },
      output: [
        { session: 's1', bucket: EXAMPLE_START, end: EXAMPLE_START + 600_000, count: 3, targets: 2, clicks: 1 },
        { session: 's2', bucket: EXAMPLE_START, end: EXAMPLE_START + 600_000, count: 4, targets: 4, clicks: 1 },
        { session: 's3', bucket: EXAMPLE_START, end: EXAMPLE_START + 600_000, count: 3, targets: 3, clicks: 1 },
      ],
    },
  ],
  fields: (params) => params.aggregates.flatMap((a) => (a.field === undefined ? [] : [a.field])),
  partition: (params) => ({ by: params.partitionBy }),
  run(input, params, context) {
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    const clash = params.aggregates.find((a) => RESERVED.has(a.name) || params.partitionBy.includes(a.name));
    if (clash !== undefined) {
      throw new InvalidPipelineError(`Aggregate name ${JSON.stringify(clash.name)} clashes with a column.`, { issues: [{ code: 'duplicate_column', path: ['aggregates'], message: `${clash.name} is already a column.` }] });
    }
    const columns: Column[] = [
      ...keyColumns(params.partitionBy),
      { name: 'bucket', type: 'time' },
      { name: 'end', type: 'time' },
      { name: 'count', type: 'integer' },
      ...params.aggregates.map((a): Column => ({ name: a.name, type: a.op === 'count' || a.op === 'distinct' ? 'integer' : 'number' })),
    ];
    return tableOf(
      columns,
      (async function* () {
        for await (const p of eventPartitions(upstream, params.partitionBy)) {
          const r = resampleCounts(p.events, { every: params.every, fill: params.fill, maxBuckets: params.maxBuckets }, params.aggregates);
          if (r.untimed > 0) context.warnings.add({ code: 'untimed_excluded', message: 'resample left out events without a time.', count: r.untimed });
          const key = keyRow(params.partitionBy, p.key);
          if (r.rows.length > 0) yield r.rows.map((row): Row => ({ ...key, ...row }));
        }
      })(),
    );
  },
});
