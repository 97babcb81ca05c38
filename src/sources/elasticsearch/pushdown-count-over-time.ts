import type { CountByParams } from '../../core/operators/count-by.js';
import { bucketKey, bucketRows, INTERVAL, type CountOverTimeParams } from '../../core/operators/count-over-time.js';
import type { Row } from '../../core/frame.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import type { CompiledQuery } from './compile-query-dsl.js';
import type { EsQuery } from './dsl-node.js';
import { totalHits } from './pit-request.js';
import type { FieldCatalog } from './field-catalog.js';
import { markAmbiguous, planCountBy, valuesOf, type AggregationResponse, type CountByPlan } from './pushdown-count-by.js';
import { resolveTarget } from './resolve-target.js';

/** A count-over-time Elasticsearch can run exactly: date-histogram sources per time field, terms per group. */
export interface CountOverTimePlan {
  /** Composite date-histogram sources, one per fallback time field, first usable wins. */
  readonly times: readonly { readonly name: string; readonly field: string }[];
  readonly groups: CountByPlan;
  /** `{ fixed_interval }` or `{ calendar_interval }`. */
  readonly interval: Readonly<Record<string, string>>;
}

/**
 * Decide whether `count-over-time` can run as a composite aggregation (date-histogram sources, plus the group
 * fields under the rules of `count-by`) with exactly the in-memory result. A date field keeps whole milliseconds
 * and Distill's time adds a fraction in [0, 1), so for whole-millisecond widths the bucket of the indexed
 * millisecond is the bucket of the time.
 */
export function planCountOverTime(
  params: CountOverTimeParams,
  mapping: NormalizedMapping,
  catalog: FieldCatalog,
  compiled: CompiledQuery,
  projection?: readonly string[] | undefined,
): CountOverTimePlan | { reason: string } {
  if (compiled.residual !== undefined) return { reason: 'part of the query runs in memory (see residual_filter)' };
  const target = resolveTarget(params.field, mapping, catalog);
  if (target.kind !== 'time-role') return { reason: `${params.field} is not a time role` };
  const fields = target.fields.filter((t) => t.kind !== 'absent');
  const bad = fields.find((t) => t.kind !== 'date' || catalog.fields.get(t.source)?.aggregatable !== true);
  if (bad !== undefined) return { reason: bad.reason ?? `${bad.source} cannot be bucketed in Elasticsearch` };
  const by = params.by === undefined ? [] : typeof params.by === 'string' ? [params.by] : params.by;
  const groups = planCountBy({ by, explode: false, missing: 'include', sort: 'count', share: false } as unknown as CountByParams, mapping, catalog, compiled, projection);
  if ('reason' in groups) return groups;
  const m = INTERVAL.exec(params.interval)!;
  const interval = m[3] === undefined ? { fixed_interval: `${m[1]}${m[2]}` } : { calendar_interval: `1${m[3]}` };
  const times = fields.map((t, i) => ({ name: `t${i}`, field: t.source }));
  return { times, groups, interval };
}

/** What the pages of a count-over-time's composite aggregation add up to so far. */
export interface CountOverTimeTally {
  /** Per bucket key (`bucketKey`): its start, group values and count. */
  readonly buckets: Map<string, { start: number; values: readonly unknown[]; count: number }>;
  /** Hits matching the query (from the first page). */
  total: number;
  /** Documents in buckets: equal to `total` when every document is single-valued. */
  counted: number;
  /** Documents in no time bucket (no usable time field). */
  untimed: number;
  /** Whether the next page is the first. */
  first: boolean;
}

export function emptyCountOverTimeTally(): CountOverTimeTally {
  return { buckets: new Map(), total: 0, counted: 0, untimed: 0, first: true };
}

/** The composite sources of a plan: one date histogram per time field, then one `terms` per group field. */
export function countOverTimeSources(plan: CountOverTimePlan): Record<string, unknown>[] {
  return [
    ...plan.times.map((t) => ({ [t.name]: { date_histogram: { field: t.field, ...plan.interval, missing_bucket: true } } })),
    ...plan.groups.sources.map((s) => ({ [s.name]: { terms: { field: s.field, missing_bucket: true } } })),
  ];
}

/** The search body of one page: no hits, the total on the first page, the composite aggregation after `after`. */
export function countOverTimePageBody(plan: CountOverTimePlan, pageSize: number, query: EsQuery | undefined, after: Record<string, unknown> | undefined): Record<string, unknown> {
  const sources = countOverTimeSources(plan);
  return {
    size: 0,
    track_total_hits: after === undefined,
    ...(query === undefined ? {} : { query }),
    ...(sources.length === 0 ? {} : { aggs: { groups: { composite: { size: pageSize, sources, ...(after === undefined ? {} : { after }) } } } }),
  };
}

/**
 * Fold one page into the tally: a bucket's start is its first time source with a value (none: untimed), its group
 * values fold fallback fields into role values; buckets with a null group value are dropped for `missing: skip`.
 * Returns the `after` of the next page (`done` after the last), or `fallback` when a keyword key could stand for a
 * number or boolean.
 */
export function foldCountOverTimePage(
  plan: CountOverTimePlan,
  params: CountOverTimeParams,
  tally: CountOverTimeTally,
  response: AggregationResponse,
  pageSize: number,
): { readonly after: Record<string, unknown> } | { readonly done: true } | { readonly fallback: string } {
  if (tally.first) {
    tally.total = totalHits(response.hits.total);
    tally.first = false;
  }
  if (plan.times.length + plan.groups.sources.length === 0) {
    tally.untimed = tally.total;
    tally.counted = tally.total;
    return { done: true };
  }
  const agg = response.aggregations?.groups as { buckets: { key: Record<string, unknown>; doc_count: number }[]; after_key?: Record<string, unknown> } | undefined;
  const page = agg?.buckets ?? [];
  for (const b of page) {
    tally.counted += b.doc_count;
    const start = plan.times.map((t) => b.key[t.name]).find((v): v is number => typeof v === 'number');
    if (start === undefined) {
      tally.untimed += b.doc_count;
      continue;
    }
    if (markAmbiguous(plan.groups, b.key, new Map())) return { fallback: 'a keyword key may stand for a number or boolean' };
    const values = valuesOf(plan.groups, b.key);
    if (params.missing === 'skip' && values.some((v) => v === null)) continue;
    const key = bucketKey(start, values);
    const g = tally.buckets.get(key);
    if (g !== undefined) g.count += b.doc_count;
    else tally.buckets.set(key, { start, values, count: b.doc_count });
  }
  if (page.length < pageSize || agg?.after_key === undefined) return { done: true };
  return { after: agg.after_key };
}

/** After the last page: the rows as the in-memory operator orders them, or `fallback` when a document was counted in several buckets. */
export function countOverTimeOutcome(params: CountOverTimeParams, tally: CountOverTimeTally): { readonly rows: Row[] } | { readonly fallback: string } {
  if (tally.counted !== tally.total) return { fallback: 'some documents hold several values in a grouped or time field (each event must count once)' };
  return { rows: bucketRows(tally.buckets.values(), params) };
}
