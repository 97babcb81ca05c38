import type { CanonicalEvent } from '../../core/event.js';
import type { Row } from '../../core/frame.js';
import { groupRows, type CountByParams, type Group } from '../../core/operators/count-by.js';
import { numericText } from '../../core/query/compare.js';
import { fieldGetter, resolveFieldRef } from '../../core/query/field-ref.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import type { CompiledQuery } from './compile-query-dsl.js';
import type { EsQuery } from './dsl-node.js';
import { totalHits } from './pit-request.js';
import type { FieldCatalog, FieldSpec } from './field-catalog.js';

/** How one `by` field is read back from composite keys. */
type Column =
  | {
      readonly kind: 'role';
      /** Composite sources holding the role's fallback fields, in order; the first usable value wins. */
      readonly sources: readonly string[];
      /** An empty string is no value (string roles) or a value (path elements). */
      readonly emptyIsMissing: boolean;
    }
  | { readonly kind: 'doc'; readonly source: string; readonly field: string };

/** A count-by Elasticsearch can run exactly as a composite aggregation. */
export interface CountByPlan {
  readonly by: readonly string[];
  /** Composite `terms` sources: name → field. */
  readonly sources: readonly { readonly name: string; readonly field: string }[];
  readonly columns: readonly Column[];
  /** Whether each document must land in exactly one bucket (checked against the hit count). */
  readonly singleValued: boolean;
}

/**
 * Decide whether a `count-by` can run as an Elasticsearch composite aggregation with exactly the in-memory
 * result, and how. Returns the reason when it cannot (the caller runs it in memory and says so).
 *
 * Exact when: the query has no residual; every `by` field is a string role whose fallback fields are all keyword
 * fields, the path role with `explode`, or a document field mapped keyword. A keyword field also indexes numbers
 * and booleans as text, which Distill counts under their own JSON value: buckets whose key could be such a value
 * (`"5"`, `"true"`) are recounted from their documents (see {@link runCountBy}). Not pushed: time roles
 * (sub-millisecond times), the id, numeric and boolean fields (Elasticsearch truncates, rounds or coerces values
 * when indexing, Distill counts the stored value), text, and fields with values Elasticsearch did not index.
 */
export function planCountBy(
  params: CountByParams,
  mapping: NormalizedMapping,
  catalog: FieldCatalog,
  compiled: CompiledQuery,
  projection?: readonly string[] | undefined,
): CountByPlan | { reason: string } {
  if (compiled.residual !== undefined) return { reason: 'part of the query runs in memory (see residual_filter)' };
  // A projection drops unlisted document fields before the step sees the events: they count as missing.
  const kept = projection?.map((f) => resolveFieldRef(f)).flatMap((r) => (r.kind === 'doc' ? [r.path] : []));
  const projectedAway = (path: string): boolean => kept !== undefined && !kept.some((k) => path === k || path.startsWith(`${k}.`));
  const by = params.by;
  const sources: { name: string; field: string }[] = [];
  const add = (field: string): string => {
    const name = `k${sources.length}`;
    sources.push({ name, field });
    return name;
  };
  const columns: Column[] = [];
  for (const name of by) {
    const ref = resolveFieldRef(name);
    if (ref.kind === 'doc') {
      if (projectedAway(ref.path)) {
        columns.push({ kind: 'role', sources: [], emptyIsMissing: false });
        continue;
      }
      const spec = catalog.fields.get(ref.path);
      const why = docFieldProblem(spec, ref.path, catalog);
      if (why !== undefined) return { reason: why };
      // A field no document has is missing everywhere: one null key, no aggregation source needed.
      columns.push(spec === undefined ? { kind: 'role', sources: [], emptyIsMissing: false } : { kind: 'doc', source: add(ref.path), field: ref.path });
      continue;
    }
    if (ref.kind === 'attr') return { reason: `"${name}" is a derived attribute` };
    const role = ref.role;
    if (role === 'time' || role === 'end') return { reason: `"${name}" holds sub-millisecond times` };
    if (role === 'id') return { reason: 'ids are counted in memory' };
    if (role === 'path' && (!params.explode || mapping.pathSeparator !== undefined || mapping.path.length !== 1)) {
      return { reason: 'the path role is one array value per event unless explode is set' };
    }
    const fieldNames: string[] = [];
    for (const f of mapping[role]) {
      const spec = catalog.fields.get(f);
      if (spec === undefined) {
        if (catalog.isAbsent(f)) continue;
        return { reason: `${f} is not indexed` };
      }
      const family = spec.family === 'text' && spec.keywordField !== undefined ? 'keyword' : spec.family;
      if (family !== 'keyword' || spec.ignored || catalog.unknownIgnored || spec.nullValue) {
        return { reason: `${f} (mapped ${spec.types.join('/')}) cannot be grouped exactly in Elasticsearch` };
      }
      fieldNames.push(spec.family === 'text' ? spec.keywordField! : f);
    }
    columns.push({ kind: 'role', sources: fieldNames.map(add), emptyIsMissing: role !== 'path' });
  }
  return { by, sources, columns, singleValued: !params.explode };
}

function docFieldProblem(spec: FieldSpec | undefined, path: string, catalog: FieldCatalog): string | undefined {
  if (spec === undefined) return catalog.isAbsent(path) ? undefined : `${path} is not indexed`;
  if (spec.family !== 'keyword') return `${path} is mapped ${spec.types.join('/')}, whose indexed values can differ from the stored ones`;
  if (!spec.aggregatable) return `${path} has no doc values`;
  if (spec.ignored || catalog.unknownIgnored) return `some ${path} values were not indexed`;
  if (spec.nullValue) return `${path} maps null to a value`;
  return undefined;
}

/** The outcome of a pushed-down count-by: rows, or the reason to redo it in memory. */
export type CountByOutcome = { readonly rows: Row[]; readonly total: number } | { readonly fallback: string };

/** What the pages of a count-by's composite aggregation add up to so far. */
export interface CountByTally {
  readonly groups: Map<string, Group>;
  /** Hits matching the query (from the first page). */
  total: number;
  /** Documents in buckets: equal to `total` when every document is single-valued. */
  bucketDocs: number;
  /** Whether the next page is the first. */
  first: boolean;
  /** Per `by` column, keyword keys a number or boolean would also produce (their buckets are recounted). */
  readonly ambiguous: Map<number, Set<string>>;
}

export function emptyCountByTally(): CountByTally {
  return { groups: new Map(), total: 0, bucketDocs: 0, first: true, ambiguous: new Map() };
}

/**
 * The search body of one page of a planned count-by: no hits, the total on the first page, and a composite
 * aggregation of one `terms` source per planned field (missing values as a null key), paged after `after`. A plan
 * with no sources (every `by` field absent) only counts.
 */
export function countByPageBody(plan: CountByPlan, pageSize: number, query: EsQuery | undefined, after: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    size: 0,
    track_total_hits: after === undefined,
    ...(query === undefined ? {} : { query }),
    ...(plan.sources.length === 0
      ? {}
      : {
          aggs: {
            groups: {
              composite: {
                size: pageSize,
                sources: plan.sources.map((s) => ({ [s.name]: { terms: { field: s.field, missing_bucket: true } } })),
                ...(after === undefined ? {} : { after }),
              },
            },
          },
        }),
  };
}

/** The parts of a search response a count-by reads. */
export interface AggregationResponse {
  readonly hits: { readonly total?: number | { readonly value: number } | undefined };
  readonly aggregations?: Record<string, unknown> | undefined;
}

/**
 * Fold one page of {@link countByPageBody} into the tally: each bucket's key becomes the group values (fallback
 * fields folded into role values), buckets with ambiguous keyword keys are set aside for a recount. Returns the
 * `after` of the next page, or undefined after the last (a short page, or no `after_key`).
 */
export function foldCountByPage(
  plan: CountByPlan,
  params: CountByParams,
  tally: CountByTally,
  response: AggregationResponse,
  pageSize: number,
): Record<string, unknown> | undefined {
  if (tally.first) {
    tally.total = totalHits(response.hits.total);
    tally.first = false;
  }
  if (plan.sources.length === 0) {
    if (tally.total > 0) addGroup(tally.groups, plan.columns.map(() => null), tally.total, params);
    tally.bucketDocs = tally.total;
    return undefined;
  }
  const agg = response.aggregations?.groups as { buckets: { key: Record<string, unknown>; doc_count: number }[]; after_key?: Record<string, unknown> } | undefined;
  const buckets = agg?.buckets ?? [];
  for (const b of buckets) {
    tally.bucketDocs += b.doc_count;
    if (markAmbiguous(plan, b.key, tally.ambiguous)) continue;
    addGroup(tally.groups, valuesOf(plan, b.key), b.doc_count, params);
  }
  if (buckets.length < pageSize || agg?.after_key === undefined) return undefined;
  return agg.after_key;
}

/**
 * After the last page: the reason to run in memory instead (documents in several buckets, or exploded keys that
 * may stand for numbers), or the query selecting the documents to recount (undefined: nothing to recount).
 */
export function countByVerdict(plan: CountByPlan, tally: CountByTally, query: EsQuery | undefined): { readonly fallback: string } | { readonly recount: EsQuery | undefined } {
  if (plan.singleValued && tally.bucketDocs !== tally.total) {
    return { fallback: 'some documents hold several values in a grouped field (each event must count once)' };
  }
  if (tally.ambiguous.size === 0) return { recount: undefined };
  if (!plan.singleValued) return { fallback: 'exploded keyword values may stand for numbers or booleans' };
  return { recount: recountQuery(plan, tally.ambiguous, query) };
}

/**
 * The documents of ambiguous buckets: exactly those holding one of the ambiguous keys in a keyword column
 * (documents are single-valued here), within the query.
 */
export function recountQuery(plan: CountByPlan, ambiguous: ReadonlyMap<number, ReadonlySet<string>>, query: EsQuery | undefined): EsQuery {
  const which: EsQuery[] = [...ambiguous].map(([i, values]) => ({ terms: { [(plan.columns[i] as { field: string }).field]: [...values] } }));
  const select: EsQuery = which.length === 1 ? which[0]! : { bool: { should: which, minimum_should_match: 1 } };
  return query === undefined ? select : { bool: { filter: [query, select] } };
}

/** Getters of the `by` fields of a plan, for recounting events. */
export function byGetters(plan: CountByPlan): ((e: CanonicalEvent) => unknown)[] {
  return plan.by.map((name) => fieldGetter(resolveFieldRef(name)) as (e: CanonicalEvent) => unknown);
}

/** Count one recounted event under the in-memory rules: its `by` values, an empty array or undefined as null. */
export function recountEvent(params: CountByParams, getters: readonly ((e: CanonicalEvent) => unknown)[], event: CanonicalEvent, groups: Map<string, Group>): void {
  const values = getters.map((get) => {
    const v = get(event);
    return v === undefined || (Array.isArray(v) && v.length === 0) ? null : v;
  });
  addGroup(groups, values, 1, params);
}

/** The rows of a finished tally, sorted, limited and with shares exactly as the in-memory operator makes them. */
export function countByRows(plan: CountByPlan, params: CountByParams, tally: CountByTally): Row[] {
  return groupRows([...tally.groups.values()], plan.by, params);
}

/** A keyword key that a number or boolean in the document would also produce. */
function isAmbiguous(key: unknown): key is string {
  return typeof key === 'string' && (key === 'true' || key === 'false' || numericText(key) !== undefined);
}

/** Record the ambiguous keyword keys of a bucket; true when the bucket must be recounted. */
export function markAmbiguous(plan: CountByPlan, key: Record<string, unknown>, out: Map<number, Set<string>>): boolean {
  let found = false;
  plan.columns.forEach((c, i) => {
    if (c.kind !== 'doc') return;
    const v = key[c.source];
    if (!isAmbiguous(v)) return;
    let set = out.get(i);
    if (set === undefined) {
      set = new Set();
      out.set(i, set);
    }
    set.add(v);
    found = true;
  });
  return found;
}

/** The group values of a composite bucket key: fallback fields folded into role values. */
export function valuesOf(plan: CountByPlan, key: Record<string, unknown>): unknown[] {
  return plan.columns.map((c) => {
    if (c.kind === 'doc') return key[c.source] ?? null;
    for (const s of c.sources) {
      const v = key[s];
      if (v === null || v === undefined) continue;
      const text = typeof v === 'string' ? v : String(v);
      if (text === '' && c.emptyIsMissing) continue;
      return text;
    }
    return null;
  });
}

/** Add `count` to the group of `values` (values compare by type and value, as the in-memory operator groups them). */
export function addGroup(groups: Map<string, Group>, values: unknown[], count: number, params: CountByParams): void {
  if (params.missing === 'skip' && values.some((v) => v === null)) return;
  const key = JSON.stringify(values.map((v) => [typeof v, v]));
  const g = groups.get(key);
  if (g !== undefined) g.count += count;
  else groups.set(key, { values, count });
}
