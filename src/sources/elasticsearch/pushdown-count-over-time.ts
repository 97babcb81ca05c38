import type { CountByParams } from '../../core/operators/count-by.js';
import { bucketKey, bucketRows, INTERVAL, type CountOverTimeParams } from '../../core/operators/count-over-time.js';
import type { Row } from '../../core/frame.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import type { ReadContext } from '../../core/source.js';
import type { CompiledQuery } from './compile-query-dsl.js';
import type { EsQuery } from './dsl-node.js';
import type { FieldCatalog } from './field-catalog.js';
import { pitSearch } from './pit-reader.js';
import { markAmbiguous, planCountBy, valuesOf, type CountByPlan, type CountBySession } from './pushdown-count-by.js';
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

/**
 * Run a planned count-over-time under the read's point in time, paging the composite aggregation with after_key;
 * rows as the in-memory operator orders them. Returns `fallback` when a document turns out multi-valued or a
 * keyword key could stand for a number (the in-memory operator then runs).
 */
export async function runCountOverTime(
  plan: CountOverTimePlan,
  params: CountOverTimeParams,
  session: CountBySession,
  query: EsQuery | undefined,
  context: ReadContext,
): Promise<{ rows: Row[] } | { fallback: string }> {
  const buckets = new Map<string, { start: number; values: readonly unknown[]; count: number }>();
  const sources = [
    ...plan.times.map((t) => ({ [t.name]: { date_histogram: { field: t.field, ...plan.interval, missing_bucket: true } } })),
    ...plan.groups.sources.map((s) => ({ [s.name]: { terms: { field: s.field, missing_bucket: true } } })),
  ];
  const skip = params.missing === 'skip';
  let after: Record<string, unknown> | undefined;
  let total = 0;
  let counted = 0;
  let untimed = 0;
  let first = true;
  const ambiguous = new Map<number, Set<string>>();
  for (;;) {
    const r = await pitSearch(session, {
      size: 0,
      track_total_hits: first,
      ...(query === undefined ? {} : { query }),
      ...(sources.length === 0 ? {} : { aggs: { groups: { composite: { size: session.pageSize, sources, ...(after === undefined ? {} : { after }) } } } }),
    });
    if (first) {
      const t = r.hits.total;
      total = typeof t === 'number' ? t : (t?.value ?? 0);
      first = false;
    }
    if (sources.length === 0) {
      untimed = total;
      counted = total;
      break;
    }
    const agg = r.aggregations?.groups as { buckets: { key: Record<string, unknown>; doc_count: number }[]; after_key?: Record<string, unknown> } | undefined;
    const page = agg?.buckets ?? [];
    for (const b of page) {
      counted += b.doc_count;
      const start = plan.times.map((t) => b.key[t.name]).find((v): v is number => typeof v === 'number');
      if (start === undefined) {
        untimed += b.doc_count;
        continue;
      }
      if (markAmbiguous(plan.groups, b.key, ambiguous)) return { fallback: 'a keyword key may stand for a number or boolean' };
      const values = valuesOf(plan.groups, b.key);
      if (skip && values.some((v) => v === null)) continue;
      const key = bucketKey(start, values);
      const g = buckets.get(key);
      if (g !== undefined) g.count += b.doc_count;
      else buckets.set(key, { start, values, count: b.doc_count });
    }
    if (page.length < session.pageSize || agg?.after_key === undefined) break;
    after = agg.after_key;
  }
  if (counted !== total) return { fallback: 'some documents hold several values in a grouped or time field (each event must count once)' };
  context.stats.scanned += total;
  context.stats.matched += total;
  if (untimed > 0) context.warnings.add({ code: 'untimed_excluded', message: `count-over-time left out events without a ${params.field}.`, count: untimed });
  return { rows: bucketRows(buckets.values(), params) };
}
