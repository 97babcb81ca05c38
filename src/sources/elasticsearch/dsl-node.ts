/**
 * The algebra the Elasticsearch query compiler builds with. A compiled condition is a query that selects a
 * **superset** of the documents the in-memory predicate accepts, flagged `exact` when it selects exactly them.
 * Inexact parts carry notes saying why; the caller re-applies those conditions in memory (the residual), so
 * nothing is ever dropped: an inexact query only costs transfer, never correctness.
 *
 * Combination rules: AND of supersets is a superset (exact when every part is); OR likewise; NOT of an exact
 * query is exact, NOT of an inexact one is unconstrained (match-all, inexact) because the complement of a
 * superset is a subset.
 */

/** An Elasticsearch query clause (`{ term: { type: 'click' } }`). */
export type EsQuery = Record<string, unknown>;

/** A query, or `true` (match all) / `false` (match none), which simplify away when combined. */
export type DslQuery = EsQuery | boolean;

/** Why part of a condition was left to memory. */
export interface ResidualNote {
  /** JSON path of the condition node (`["where", "all", 1]`). */
  readonly path: readonly (string | number)[];
  readonly field: string;
  readonly reason: string;
}

export interface Compiled {
  readonly q: DslQuery;
  readonly exact: boolean;
  readonly notes: readonly ResidualNote[];
}

export const MATCH_ALL: Compiled = Object.freeze({ q: true, exact: true, notes: [] });
export const MATCH_NONE: Compiled = Object.freeze({ q: false, exact: true, notes: [] });

/** An exact query. */
export function exact(q: DslQuery): Compiled {
  return { q, exact: true, notes: [] };
}

/** A query selecting a superset; the condition is re-checked in memory. */
export function superset(q: DslQuery, note: ResidualNote): Compiled {
  return { q, exact: false, notes: [note] };
}

/** Nothing can be pushed: every document is a candidate and the condition runs in memory. */
export function residual(note: ResidualNote): Compiled {
  return superset(true, note);
}

/** AND. */
export function and(parts: readonly Compiled[]): Compiled {
  const notes = parts.flatMap((p) => p.notes);
  if (parts.some((p) => p.q === false)) return MATCH_NONE; // a superset of nothing: exactly nothing
  const exactAll = parts.every((p) => p.exact);
  const qs = parts.map((p) => p.q).filter((q): q is EsQuery => q !== true);
  const flat = qs.flatMap((q) => filterOnly(q) ?? [q]);
  const q: DslQuery = flat.length === 0 ? true : flat.length === 1 ? flat[0]! : { bool: { filter: flat } };
  return { q, exact: exactAll, notes };
}

/** OR. */
export function or(parts: readonly Compiled[]): Compiled {
  const notes = parts.flatMap((p) => p.notes);
  const exactAll = parts.every((p) => p.exact);
  if (parts.some((p) => p.q === true && p.exact)) return MATCH_ALL;
  if (parts.some((p) => p.q === true)) return { q: true, exact: false, notes };
  const qs = mergeTerms(parts.map((p) => p.q).filter((q): q is EsQuery => q !== false));
  const q: DslQuery = qs.length === 0 ? false : qs.length === 1 ? qs[0]! : { bool: { should: qs, minimum_should_match: 1 } };
  return { q, exact: exactAll, notes };
}

/** NOT. */
export function not(part: Compiled): Compiled {
  if (!part.exact) return { q: true, exact: false, notes: part.notes };
  if (typeof part.q === 'boolean') return exact(!part.q);
  const inner = mustNotOnly(part.q);
  return exact(inner ?? { bool: { must_not: [part.q] } });
}

export function term(field: string, value: string | number | boolean): EsQuery {
  return { term: { [field]: value } };
}

export function exists(field: string): EsQuery {
  return { exists: { field } };
}

export function range(field: string, bounds: Readonly<Record<string, unknown>>): EsQuery {
  return { range: { [field]: bounds } };
}

export function prefix(field: string, value: string): EsQuery {
  return { prefix: { [field]: value } };
}

/** `*value*`, with the wildcard syntax characters of `value` escaped. */
export function containsQuery(field: string, value: string): EsQuery {
  return { wildcard: { [field]: { value: `*${value.replace(/[\\*?]/g, (c) => `\\${c}`)}*` } } };
}

function filterOnly(q: EsQuery): EsQuery[] | undefined {
  const bool = q.bool as Record<string, unknown> | undefined;
  if (bool === undefined || Object.keys(q).length !== 1) return undefined;
  const keys = Object.keys(bool);
  return keys.length === 1 && keys[0] === 'filter' ? (bool.filter as EsQuery[]) : undefined;
}

function mustNotOnly(q: EsQuery): EsQuery | undefined {
  // not(not(x)) → x
  const bool = q.bool as Record<string, unknown> | undefined;
  if (bool === undefined || Object.keys(q).length !== 1) return undefined;
  const keys = Object.keys(bool);
  const list = bool.must_not as EsQuery[] | undefined;
  return keys.length === 1 && list?.length === 1 ? list[0] : undefined;
}

/** Merge `term` clauses on one field into a `terms` clause (the shape `in` compiles to). */
function mergeTerms(qs: readonly EsQuery[]): EsQuery[] {
  const byField = new Map<string, unknown[]>();
  const out: (EsQuery | string)[] = [];
  for (const q of qs) {
    const t = q.term as Record<string, unknown> | undefined;
    const tv = q.terms as Record<string, unknown[]> | undefined;
    const entry = t !== undefined && Object.keys(q).length === 1 ? Object.entries(t) : tv !== undefined && Object.keys(q).length === 1 ? Object.entries(tv) : undefined;
    if (entry?.length === 1) {
      const [field, value] = entry[0]!;
      let list = byField.get(field);
      if (list === undefined) {
        list = [];
        byField.set(field, list);
        out.push(field);
      }
      for (const v of Array.isArray(value) ? value : [value]) if (!list.includes(v)) list.push(v);
      continue;
    }
    out.push(q);
  }
  return out.map((item) => {
    if (typeof item !== 'string') return item;
    const values = byField.get(item)!;
    return values.length === 1 ? { term: { [item]: values[0] } } : { terms: { [item]: values } };
  });
}
