import { z } from 'zod';
import type { CanonicalEvent } from '../event.js';
import type { Column, Row } from '../frame.js';
import { defineOperator } from '../pipeline/operator.js';
import { compareSortValues, sortValue } from '../query/compile-sort.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { ROLE_COLUMN_TYPES } from '../role-columns.js';
import { fromArray } from '../stream.js';
import { setOwn } from '../field-path.js';

/** `<n>s|m|h|d` fixed widths aligned to the Unix epoch (UTC), or calendar `1w` (ISO, Monday), `1M`, `1q`, `1y`. */
export const INTERVAL = /^(?:([1-9]\d*)(ms|s|m|h|d)|1(w|M|q|y))$/;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY = 86_400_000;

export const CountOverTimeParams = z.strictObject({
  interval: z
    .string()
    .regex(INTERVAL, 'Use a fixed width such as 30s, 15m, 1h or 1d, or a calendar unit 1w, 1M, 1q or 1y.')
    .describe('Bucket width: fixed `<n>ms|s|m|h|d` (UTC, aligned to the epoch) or calendar `1w` (ISO week, Monday), `1M`, `1q`, `1y`.'),
  by: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('Also group by these fields (roles or document paths): one row per bucket and group.'),
  field: z.enum(['time', 'end']).default('time').describe('The time role to bucket: event time, or the end of interval events.'),
  missing: z.enum(['include', 'skip']).default('include').describe('Events missing a `by` field: count them under null, or leave them out.'),
});
export type CountOverTimeParams = z.output<typeof CountOverTimeParams>;

/** A bucketing function for an interval: the start (epoch ms, UTC) of the bucket holding `t`. */
export type Bucketer = (t: number) => number;

/**
 * The start of the bucket holding a time: fixed widths are `floor(t / width) * width` (aligned to the epoch, as
 * Elasticsearch's `fixed_interval` and pandas' `Series.dt.floor`); calendar units start at UTC midnight of the ISO
 * week's Monday, the month's first day, the quarter's first month, the year's January 1st (Elasticsearch's
 * `calendar_interval`, pandas' `to_period(...).start_time`).
 *
 * @example bucketer('1h')(Date.UTC(2024, 2, 5, 10, 59, 59, 999.5)) // → Date.UTC(2024, 2, 5, 10)
 */
export function bucketer(interval: string): Bucketer {
  const m = INTERVAL.exec(interval);
  if (m === null) throw new RangeError(`Invalid interval ${interval}`);
  const [, n, unit, calendar] = m;
  if (calendar === undefined) {
    const width = Number(n) * UNIT_MS[unit!]!;
    return (t) => Math.floor(t / width) * width;
  }
  switch (calendar) {
    case 'w':
      return (t) => {
        const day = Math.floor(t / DAY) * DAY;
        return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
      };
    case 'M':
      return (t) => {
        const d = new Date(Math.floor(t));
        return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      };
    case 'q':
      return (t) => {
        const d = new Date(Math.floor(t));
        return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
      };
    default:
      return (t) => Date.UTC(new Date(Math.floor(t)).getUTCFullYear(), 0, 1);
  }
}

/** The columns of a count-over-time table. */
export function countOverTimeColumns(params: CountOverTimeParams): Column[] {
  const by = byFields(params);
  return [
    { name: params.field, type: 'time', description: 'Start of the bucket (epoch ms, UTC).' },
    ...by.map((f): Column => {
      const ref = resolveFieldRef(f);
      return { name: f, type: ref.kind === 'role' ? ROLE_COLUMN_TYPES[ref.role] : 'any' };
    }),
    { name: 'count', type: 'integer' },
  ];
}

function byFields(params: CountOverTimeParams): string[] {
  return params.by === undefined ? [] : typeof params.by === 'string' ? [params.by] : params.by;
}

interface Bucket {
  readonly start: number;
  readonly values: readonly unknown[];
  count: number;
}

/** Fold counted buckets into rows ordered by bucket start, then by the group values (missing last). */
export function bucketRows(buckets: Iterable<Bucket>, params: CountOverTimeParams): Row[] {
  const by = byFields(params);
  const list = [...buckets];
  list.sort((a, b) => {
    if (a.start !== b.start) return a.start - b.start;
    for (let i = 0; i < by.length; i++) {
      const c = compareSortValues(sortValue(a.values[i], false), sortValue(b.values[i], false), false);
      if (c !== 0) return c;
    }
    return 0;
  });
  return list.map((b) => {
    const row: Row = { [params.field]: b.start };
    by.forEach((f, i) => setOwn(row, f, b.values[i] ?? null));
    row.count = b.count;
    return row;
  });
}

/** A key for a bucket and its group values (types kept apart: 5 and "5" are different groups). */
export function bucketKey(start: number, values: readonly unknown[]): string {
  return JSON.stringify([start, ...values.map((v) => [typeof v, v])]);
}

/**
 * `count-over-time`: count events per time bucket (and per group) — pandas
 * `df.groupby([df.time.dt.floor('1h'), *by], dropna=False).size()` for fixed widths, `dt.to_period('M')` for
 * calendar units. Only non-empty buckets appear, ordered by bucket start then group. Events without the time
 * role are left out and reported (`untimed_excluded`). Streaming; memory O(non-empty buckets × groups). Pushed
 * down to Elasticsearch as a date-histogram composite aggregation where the source can.
 */
export const countOverTimeOperator = defineOperator({
  name: 'count-over-time',
  summary: 'Count events per time bucket (minute, hour, day, week, month…), optionally per group.',
  description:
    'Buckets events by their time (or end) into fixed widths aligned to the epoch in UTC (`30s`, `15m`, `1h`, `1d`) ' +
    'or calendar units (`1w` ISO weeks starting Monday, `1M`, `1q`, `1y`) and counts them, optionally per `by` ' +
    'group — pandas `groupby([time.dt.floor(freq), *by], dropna=False).size()`. Rows hold the bucket start (epoch ms) ' +
    'under the time field name, the group values and `count`, ordered by bucket then group; empty buckets are not ' +
    'listed. Events without a time are left out and reported. Streaming; memory grows with the number of non-empty ' +
    'buckets and groups. Pushed down to Elasticsearch as a date-histogram composite aggregation where the source can.',
  params: CountOverTimeParams,
  accepts: ['events'],
  produces: () => 'table',
  fields: (params) => [params.field, ...byFields(params)],
  capabilities: { orderInsensitive: true },
  examples: [
    { description: 'Events per hour', params: { interval: '1h' }, output: [{ time: 1709546400000, count: 10 }] },
    {
      description: 'Events per day and type',
      params: { interval: '1d', by: 'type' },
      output: [
        { time: 1709510400000, type: 'change', count: 2 },
        { time: 1709510400000, type: 'click', count: 4 },
        { time: 1709510400000, type: 'focus', count: 2 },
        { time: 1709510400000, type: 'scroll', count: 1 },
        { time: 1709510400000, type: 'submit', count: 1 },
      ],
    },
  ],
  run(input, params, context) {
    const columns = countOverTimeColumns(params);
    if (input.kind !== 'events') return { kind: 'table', columns, batches: fromArray([]) };
    const bucketOf = bucketer(params.interval);
    const time = fieldGetter(resolveFieldRef(params.field)) as (e: CanonicalEvent) => number | undefined;
    const getters = byFields(params).map((f) => fieldGetter(resolveFieldRef(f)));
    const skip = params.missing === 'skip';
    const upstream = input.batches;
    return {
      kind: 'table',
      columns,
      batches: (async function* () {
        const buckets = new Map<string, Bucket>();
        for await (const batch of upstream) {
          for (const event of batch) {
            const t = time(event);
            if (t === undefined) {
              context.warnings.add({
                code: 'untimed_excluded',
                message: `count-over-time left out events without a ${params.field}.`,
              });
              continue;
            }
            const values = getters.map((get) => {
              const v = get(event);
              return v === undefined || v === null || (Array.isArray(v) && v.length === 0) ? null : v;
            });
            if (skip && values.some((v) => v === null)) continue;
            const start = bucketOf(t);
            const key = bucketKey(start, values);
            const b = buckets.get(key);
            if (b !== undefined) b.count++;
            else buckets.set(key, { start, values, count: 1 });
          }
        }
        yield* fromArray(bucketRows(buckets.values(), params));
      })(),
    };
  },
});
