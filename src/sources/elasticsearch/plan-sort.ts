import type { SortSpec } from '../../core/query/query-schema.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import { and, exact, exists, not, term, type Compiled, type DslQuery, type EsQuery } from './dsl-node.js';
import type { FieldCatalog } from './field-catalog.js';
import { resolveTarget } from './resolve-target.js';
import { compareStrings } from '../../core/query/compare.js';

/** One Elasticsearch-sorted stream: the documents whose sort key comes from one fallback field. */
export interface SortStream {
  /** Selects the documents whose key this stream's field provides (earlier fallbacks unusable). */
  readonly select: DslQuery;
  /** The Elasticsearch sort clause on that field. */
  readonly sort: EsQuery;
}

/**
 * How to deliver events in `compileSort(keys)` order with bounded memory: Elasticsearch sorts by the first key,
 * one stream per fallback field of its role, merged by the key's value; each run of equal values (a partition:
 * one user, one session, one millisecond) is then sorted in memory by all the keys. Documents missing the first
 * key come last (both directions, like compileSort), themselves planned over the remaining keys.
 */
export interface SortPlan {
  readonly key: SortSpec;
  /** `string`: compare values by code point (Elasticsearch keyword order); `number`: numerically. */
  readonly valueKind: 'string' | 'number';
  readonly streams: readonly SortStream[];
  /** Documents missing the key (`false`: no document can). */
  readonly missing: DslQuery;
  /** Plan for the missing part over the remaining keys; undefined: read them in index order and sort in memory. */
  readonly rest: SortPlan | undefined;
}

/**
 * Plan a sort for Elasticsearch, or return undefined when the first key cannot be sorted there exactly: only
 * string roles on keyword fields (user, session, type, target, page, kind, path) and time roles on date fields
 * qualify; document fields and the id sort in memory.
 */
export function planSort(keys: readonly SortSpec[], mapping: NormalizedMapping, catalog: FieldCatalog): SortPlan | undefined {
  const key = keys[0];
  if (key === undefined) return undefined;
  const target = resolveTarget(key.field, mapping, catalog);
  const rest = keys.length > 1 ? planSort(keys.slice(1), mapping, catalog) : undefined;
  if (target.kind === 'string-role') {
    if (target.idFallback) return undefined;
    const fields = target.fields.filter((f) => f.kind !== 'absent');
    for (const f of fields) {
      if (f.kind !== 'keyword' || f.ignored) return undefined;
      const spec = catalog.fields.get(f.source);
      if (spec === undefined || !(spec.aggregatable || spec.keywordField !== undefined)) return undefined;
    }
    const usable = (q: string): Compiled =>
      target.emptyIsMissing ? and([exact(exists(q)), not(exact(term(q, '')))]) : exact(exists(q));
    return build(key, 'string', fields.map((f) => ({ field: f.query, usable: usable(f.query) })), rest);
  }
  if (target.kind === 'time-role') {
    const fields = target.fields.filter((t) => t.kind !== 'absent');
    if (fields.some((t) => t.kind !== 'date' || catalog.fields.get(t.source)?.aggregatable !== true)) return undefined;
    return build(key, 'number', fields.map((t) => ({ field: t.source, usable: exact(exists(t.source)), numeric: true })), rest);
  }
  return undefined;
}

function build(
  key: SortSpec,
  valueKind: 'string' | 'number',
  fields: readonly { field: string; usable: Compiled; numeric?: boolean }[],
  rest: SortPlan | undefined,
): SortPlan {
  const streams: SortStream[] = [];
  const before: Compiled[] = [];
  for (const f of fields) {
    const select = and([...before, f.usable]).q;
    streams.push({
      select,
      // numeric_type "date" turns date_nanos into milliseconds so every stream's values compare alike.
      sort: { [f.field]: { order: key.order, ...(f.numeric === true ? { numeric_type: 'date' } : {}) } },
    });
    before.push(not(f.usable));
  }
  return { key, valueKind, streams, missing: and(before).q, rest };
}

/**
 * Compare two sort values in Elasticsearch's order: numbers numerically, strings by Unicode code point (the order
 * of their UTF-8 bytes, which Elasticsearch keyword sorting uses).
 */
export function compareEsValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareStrings(String(a), String(b));
}
