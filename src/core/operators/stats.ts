import { z } from 'zod';
import { MEASURES, partitionValues, REDUCERS, type MeasureSpec } from '../analytics/partition-measure.js';
import { partitionValue } from '../analytics/stats.js';
import { quantileColumn, summarize, SUMMARY_COLUMNS, summaryRow } from '../analytics/summarize.js';
import { TABLE_BATCH, type Column, type ColumnType } from '../frame.js';
import { partitions } from '../partition.js';
import type { CanonicalEvent } from '../event.js';
import { defineOperator } from '../pipeline/operator.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { bucketer, CountOverTimeParams } from './count-over-time.js';
import type { Partition } from '../partition.js';
import { ConditionSchema } from '../query/query-schema.js';
import { eventCondition, partitionFields, PartitionParam, stepFields } from './analytics-params.js';

export const StatsParams = z
  .strictObject({
    partition: PartitionParam,
    measure: z
      .enum(MEASURES)
      .default('events')
      .describe(
        'What to measure: `events` (count, per partition or per unit), `duration` (ms first→last event), `gap` ' +
          '(ms between consecutive events), `field` (a numeric field of each event), `distinct` (distinct values of ' +
          '`field`, e.g. sessions per user).',
      ),
    field: z.string().min(1).optional().describe('The field read by `field` and `distinct`.'),
    where: ConditionSchema.optional().describe('Only these events count (e.g. raw clicks); the others still delimit units.'),
    unit: z.string().min(1).optional().describe('A sub-unit inside each partition (e.g. `session` within `user`): events, duration and distinct give one value per unit.'),
    level: z
      .enum(['partition', 'value', 'between'])
      .default('partition')
      .describe(
        '`partition`: one summary row per partition (within-partition); `value`: one row per partition with its one ' +
          'value (`value` column, e.g. clicks per user); `between`: one row summarising one value per partition.',
      ),
    of: z.enum(REDUCERS).default('mean').describe('`value` and `between` levels: how a partition with several values becomes one.'),
    quantiles: z.array(z.number().min(0).max(1)).default([0.25, 0.5, 0.75, 0.9]).describe('Quantiles to add (linear interpolation, as pandas).'),
    interval: CountOverTimeParams.shape.interval
      .optional()
      .describe('Per time bucket (as count-over-time: `1h`, `1d`, `1w`, …): each partition’s events are split by the bucket of their time; rows gain a `time` column (bucket start). Untimed events are left out.'),
  })
  .superRefine((p, ctx) => {
    if ((p.measure === 'field' || p.measure === 'distinct') && p.field === undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `measure "${p.measure}" needs a field, e.g. "field": "details.count".` });
    }
  });
export type StatsParams = z.output<typeof StatsParams>;

const STAT_TYPES: Record<(typeof SUMMARY_COLUMNS)[number], ColumnType> = {
  count: 'integer',
  sum: 'number',
  mean: 'number',
  median: 'number',
  modes: 'json',
  min: 'number',
  max: 'number',
  range: 'number',
  variance_sample: 'number',
  variance_population: 'number',
  std_sample: 'number',
  std_population: 'number',
};

/**
 * `stats`: within- and between-partition summary statistics of a measure.
 */
export const statsOperator = defineOperator({
  name: 'stats',
  summary: 'Summary statistics (count, mean, median, modes, variance, quantiles, …) within or between partitions.',
  description:
    'Measures each partition (`measure`, optionally only events matching `where`, optionally per `unit`) and ' +
    'summarises: at `level: partition` one row per partition (partition fields + statistics); at `level: value` ' +
    'one row per partition with its one `value` (its only value, else reduced by `of`); at `level: between` one ' +
    'row summarising those values over partitions. With `interval`, every partition is split by time bucket ' +
    '(untimed events left out) and rows gain a `time` column; between-partition rows come one per bucket. Statistics: `count`, `sum`, ' +
    '`mean`, `median`, `modes` (every most frequent value, ascending, as pandas `mode()`), `min`, `max`, `range`, ' +
    '`variance_sample`/`std_sample` (n − 1, pandas `var()` default), `variance_population`/`std_population` (n, ' +
    'numpy default), and quantile columns `p25`, `p90`, … (linear interpolation, pandas `quantile()` default). ' +
    'Empty lists give count 0 and nulls; sample variance needs two values. Cost: O(events) plus a sort per ' +
    'partition; memory O(values of one partition) at partition level, O(partitions) between. On Elasticsearch, ' +
    'event counts without `where`/`unit` at value or between level push down as a composite aggregation when exact.',
  params: StatsParams,
  accepts: ['events'],
  produces: () => 'table',
  partition: (params) => ({ by: partitionFields(params.partition) }),
  fields: (params) => stepFields(params.partition, params.field === undefined ? [] : [params.field], params.unit === undefined ? [] : [params.unit], conditionFields(params.where)),
  examples: [
    {
      description: 'Between-user statistics of clicks per user (alice 1, bob 2, carol 1)',
      params: { partition: 'user', level: 'between', where: { all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'kind', op: 'eq', value: 'raw' }] } },
      output: [
        // values [1, 2, 1]: mean 4/3, squared deviations 2/3 → sample variance 1/3, population 2/9
        { count: 3, sum: 4, mean: 4 / 3, median: 1, modes: [1], min: 1, max: 2, range: 1, variance_sample: 1 / 3, variance_population: 2 / 9, std_sample: Math.sqrt(1 / 3), std_population: Math.sqrt(2 / 9), p25: 1, p50: 1, p75: 1.5, p90: 1.8 },
      ],
    },
    {
      description: 'Clicks per user, one value each',
      params: { partition: 'user', level: 'value', where: { field: 'type', op: 'eq', value: 'click' } },
      output: [
        { user: 'alice', value: 1 },
        { user: 'bob', value: 2 },
        { user: 'carol', value: 1 },
      ],
    },
    {
      description: 'Inter-event times within each session (one event per second)',
      params: { measure: 'gap', quantiles: [0.9] },
      output: ['s1', 's2', 's3'].map((session, i) => {
        const n = i === 1 ? 3 : 2;
        return { session, count: n, sum: n * 1000, mean: 1000, median: 1000, modes: [1000], min: 1000, max: 1000, range: 0, variance_sample: 0, variance_population: 0, std_sample: 0, std_population: 0, p90: 1000 };
      }),
    },
  ],
  run(input, params, context) {
    if (input.kind !== 'events') throw new Error('unreachable: stats accepts events');
    const by = partitionFields(params.partition);
    const spec: MeasureSpec = {
      measure: params.measure,
      where: params.where === undefined ? undefined : eventCondition(params.where, context.now, ['where']),
      field: params.field === undefined ? undefined : fieldGetter(resolveFieldRef(params.field)),
      unit: params.unit === undefined ? undefined : fieldGetter(resolveFieldRef(params.unit)),
    };
    const timeColumns: Column[] = params.interval === undefined ? [] : [{ name: 'time', type: 'time', description: 'Start of the time bucket (UTC).' }];
    const parts = (): AsyncGenerator<Partition & { time?: number }> => bucketed(partitions(input.batches, by), params.interval);
    const statColumns: Column[] = [
      ...SUMMARY_COLUMNS.map((name): Column => ({ name, type: STAT_TYPES[name] })),
      ...params.quantiles.map((q): Column => ({ name: quantileColumn(q), type: 'number', description: `Quantile ${q} (linear, as pandas).` })),
    ];
    if (params.level === 'value') {
      return {
        kind: 'table',
        columns: [...by.map((name): Column => ({ name, type: 'any' })), ...timeColumns, { name: 'value', type: 'number', description: 'The partition’s value (reduced by `of` when it has several).' }],
        batches: (async function* () {
          let batch: Record<string, unknown>[] = [];
          for await (const p of parts()) {
            const row: Record<string, unknown> = {};
            by.forEach((f, i) => (row[f] = p.key[i] ?? null));
            if (p.time !== undefined) row.time = p.time;
            row.value = partitionValue(partitionValues(p, spec), params.of);
            batch.push(row);
            if (batch.length >= TABLE_BATCH) {
              yield batch;
              batch = [];
            }
          }
          if (batch.length > 0) yield batch;
        })(),
      };
    }
    if (params.level === 'between') {
      return {
        kind: 'table',
        columns: [...timeColumns, ...statColumns],
        batches: (async function* () {
          // One list of partition values per bucket (one list in all without an interval).
          const values = new Map<number | undefined, number[]>();
          for await (const p of parts()) {
            const v = partitionValue(partitionValues(p, spec), params.of);
            if (!values.has(p.time)) values.set(p.time, []);
            if (v !== null) values.get(p.time)!.push(v);
          }
          if (params.interval === undefined) {
            yield [summaryRow(summarize(values.get(undefined) ?? [], params.quantiles))];
            return;
          }
          const buckets = [...values.keys()].sort((a, b) => a! - b!);
          yield buckets.map((time) => ({ time, ...summaryRow(summarize(values.get(time)!, params.quantiles)) }));
        })(),
      };
    }
    return {
      kind: 'table',
      columns: [...by.map((name): Column => ({ name, type: 'any' })), ...timeColumns, ...statColumns],
      batches: (async function* () {
        let batch: Record<string, unknown>[] = [];
        for await (const p of parts()) {
          const row: Record<string, unknown> = {};
          by.forEach((f, i) => (row[f] = p.key[i] ?? null));
          if (p.time !== undefined) row.time = p.time;
          batch.push({ ...row, ...summaryRow(summarize(partitionValues(p, spec), params.quantiles)) });
          if (batch.length >= TABLE_BATCH) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      })(),
    };
  },
});

/**
 * Split each partition by time bucket (bucket order), leaving untimed events out; without an interval, the
 * partitions as they are. Memory: one partition.
 */
async function* bucketed(parts: AsyncIterable<Partition>, interval: string | undefined): AsyncGenerator<Partition & { time?: number }> {
  if (interval === undefined) {
    yield* parts;
    return;
  }
  const bucket = bucketer(interval);
  for await (const p of parts) {
    const groups = new Map<number, CanonicalEvent[]>();
    for (const e of p.events) {
      if (e.time === undefined) continue;
      const b = bucket(e.time);
      let g = groups.get(b);
      if (g === undefined) groups.set(b, (g = []));
      g.push(e);
    }
    for (const time of [...groups.keys()].sort((a, b) => a - b)) yield { key: p.key, events: groups.get(time)!, time };
  }
}
