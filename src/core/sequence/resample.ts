import type { CanonicalEvent } from '../event.js';
import { InvalidPipelineError } from '../errors.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { hash53 } from './seeded-hash.js';
import { valueKey } from './value-key.js';

/** An aggregate over a bucket's events. */
export interface Aggregate {
  readonly name: string;
  readonly op: 'count' | 'sum' | 'mean' | 'min' | 'max' | 'distinct';
  /** The field aggregated (for `count`: events where it is present; absent field: all events). */
  readonly field?: string | undefined;
}

export interface BucketOptions {
  /** Bucket width in ms; buckets are `[k·every, (k+1)·every)` aligned to the Unix epoch (UTC). */
  readonly every: number;
  /** List the empty buckets between the first and the last non-empty one (pandas `resample` does). */
  readonly fill: boolean;
  readonly maxBuckets: number;
}

/** One bucket row. */
export type BucketRow = { bucket: number; end: number; count: number } & Record<string, unknown>;

/**
 * Fixed-interval buckets over one partition's timed events with counts and aggregates — pandas
 * `df.resample(every, origin='epoch').agg(...)` per partition: `count` counts non-missing values, `sum` of no
 * numbers is 0, `mean`/`min`/`max` of none are null, `distinct` counts distinct values (by type and content).
 * Numbers are numeric values or numeric strings; other values are ignored by sum/mean/min/max. Untimed events are
 * left out (the caller reports how many: `untimed` in the result). Cost: O(n · aggregates).
 * @throws InvalidPipelineError (`invalid_pipeline`) when filling would list more than `maxBuckets` buckets.
 *
 * @example resampleCounts([ev('a', 0), ev('b', 1500)], { every: 1000, fill: true, maxBuckets: 1e6 }, []).rows
 * // → [{ bucket: 0, end: 1000, count: 1 }, { bucket: 1000, end: 2000, count: 1 }]
 */
export function resampleCounts(
  events: readonly CanonicalEvent[],
  options: BucketOptions,
  aggregates: readonly Aggregate[],
): { rows: BucketRow[]; untimed: number } {
  const every = options.every;
  const getters = aggregates.map((a) => (a.field === undefined ? undefined : fieldGetter(resolveFieldRef(a.field))));
  const groups = new Map<number, CanonicalEvent[]>();
  let untimed = 0;
  for (const e of events) {
    if (e.time === undefined) {
      untimed++;
      continue;
    }
    const b = Math.floor(e.time / every) * every;
    const list = groups.get(b);
    if (list === undefined) groups.set(b, [e]);
    else list.push(e);
  }
  const starts = [...groups.keys()].sort((a, b) => a - b);
  if (starts.length === 0) return { rows: [], untimed };
  if (options.fill) {
    const first = starts[0]!;
    const total = Math.round((starts[starts.length - 1]! - first) / every) + 1;
    if (total > options.maxBuckets) {
      throw new InvalidPipelineError(`Buckets of ${every} ms would list ${total} buckets, more than ${options.maxBuckets}: use a wider interval or fill: false.`, {
        issues: [{ code: 'too_many_buckets', path: ['every'], message: `${total} buckets exceed ${options.maxBuckets}.` }],
      });
    }
    starts.length = 0;
    for (let k = 0; k < total; k++) starts.push(first + k * every);
  }
  const rows = starts.map((bucket) => {
    const list = groups.get(bucket) ?? [];
    const row: BucketRow = { bucket, end: bucket + every, count: list.length };
    aggregates.forEach((a, i) => (row[a.name] = aggregate(a.op, list, getters[i])));
    return row;
  });
  return { rows, untimed };
}

function aggregate(op: Aggregate['op'], list: readonly CanonicalEvent[], get: ((e: CanonicalEvent) => unknown) | undefined): unknown {
  if (get === undefined) return op === 'count' ? list.length : null;
  const values = list.map(get).filter((v) => v !== undefined && v !== null);
  switch (op) {
    case 'count':
      return values.length;
    case 'distinct':
      return new Set(values.map(valueKey)).size;
    default: {
      const nums = values.map(toNumber).filter((x): x is number => x !== undefined);
      if (op === 'sum') return nums.reduce((s, x) => s + x, 0);
      if (nums.length === 0) return null;
      if (op === 'mean') return nums.reduce((s, x) => s + x, 0) / nums.length;
      return op === 'min' ? Math.min(...nums) : Math.max(...nums);
    }
  }
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export interface SampleOptions {
  readonly every: number;
  /** Keep this many events per bucket (all when fewer), or this fraction of each bucket (rounded half up). */
  readonly n?: number | undefined;
  readonly fraction?: number | undefined;
  readonly seed: string;
}

/**
 * Seeded random sampling per bucket: every event draws the key `hash53(seed + NUL + id)` and each bucket keeps the
 * `n` (or `round(fraction · size)`) events with the smallest keys — a uniform sample without replacement that
 * depends only on the seed and the ids, so it is the same whatever the input order, batch boundaries or machine.
 * Untimed events form one bucket of their own. Returns keep flags by position (kept events stay in partition
 * order). Cost: O(n log n) per bucket for the sort of keys.
 *
 * @example sampleMask(events, { every: 60000, n: 1, seed: '42' }) // one event per minute per partition
 */
export function sampleMask(events: readonly CanonicalEvent[], options: SampleOptions): boolean[] {
  const buckets = new Map<number, number[]>();
  events.forEach((e, i) => {
    const b = e.time === undefined ? Number.NaN : Math.floor(e.time / options.every);
    const key = Number.isNaN(b) ? Number.POSITIVE_INFINITY : b;
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, [i]);
    else list.push(i);
  });
  const keep = new Array<boolean>(events.length).fill(false);
  for (const positions of buckets.values()) {
    const k = options.n !== undefined ? Math.min(options.n, positions.length) : Math.floor((options.fraction ?? 1) * positions.length + 0.5);
    const keyed = positions.map((i) => ({ i, key: hash53(`${options.seed}\u0000${events[i]!.id}`) }));
    keyed.sort((a, b) => a.key - b.key || (events[a.i]!.id < events[b.i]!.id ? -1 : 1));
    for (let j = 0; j < k; j++) keep[keyed[j]!.i] = true;
  }
  return keep;
}
