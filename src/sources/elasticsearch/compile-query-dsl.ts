import { formatPath } from '../../core/pipeline/format-path.js';
import { timeValue } from '../../core/query/compile-predicate.js';
import { resolveFieldRef } from '../../core/query/field-ref.js';
import type { Condition, Query } from '../../core/query/query-schema.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import { compileConditionDsl, type DslContext } from './compile-dsl.js';
import type { EsQuery, ResidualNote } from './dsl-node.js';

/** A query split into what Elasticsearch evaluates and what runs in memory afterwards. */
export interface CompiledQuery {
  /** Clauses for `bool.filter` (AND). Empty: every document. */
  readonly filters: readonly EsQuery[];
  /** Conditions re-applied in memory to what Elasticsearch returns (AND), or undefined when the query is exact. */
  readonly residual: Condition | undefined;
  /** Why each residual condition could not be pushed exactly. */
  readonly notes: readonly ResidualNote[];
  /** The query provably matches nothing. */
  readonly matchesNothing: boolean;
}

/**
 * Compile a query's time range and condition tree to Elasticsearch filters plus an explicit in-memory residual.
 * A top-level `all` is split into its parts so only the parts Elasticsearch cannot express exactly are re-checked
 * (each is still pushed as a superset, so the transfer shrinks as much as it can).
 *
 * @throws InvalidQueryError when a time value is not a date.
 * @example compileQueryDsl({ where: { field: 'type', op: 'eq', value: 'click' } }, ctx)
 * // → { filters: [{ term: { type: 'click' } }], residual: undefined, notes: [], matchesNothing: false }
 */
export function compileQueryDsl(query: Query, ctx: DslContext): CompiledQuery {
  const parts: { cond: Condition; path: (string | number)[] }[] = [];
  const from = query.time?.from;
  const to = query.time?.to;
  if (from !== undefined) {
    parts.push({ cond: { field: 'time', op: 'gte', value: timeValue(from, ['time', 'from'], { now: ctx.now }) }, path: ['time', 'from'] });
  }
  if (to !== undefined) {
    parts.push({ cond: { field: 'time', op: 'lt', value: timeValue(to, ['time', 'to'], { now: ctx.now }) }, path: ['time', 'to'] });
  }
  if (query.where !== undefined) flattenAll(query.where, ['where'], parts);
  const filters: EsQuery[] = [];
  const residual: Condition[] = [];
  const notes: ResidualNote[] = [];
  let matchesNothing = false;
  for (const { cond, path } of parts) {
    const c = compileConditionDsl(cond, ctx, path);
    if (c.q === false) matchesNothing = true;
    else if (c.q !== true) filters.push(c.q);
    if (!c.exact) {
      residual.push(cond);
      notes.push(...c.notes);
    }
  }
  return {
    filters: matchesNothing ? [{ match_none: {} }] : filters,
    residual: matchesNothing || residual.length === 0 ? undefined : residual.length === 1 ? residual[0]! : { all: residual },
    notes: matchesNothing ? [] : notes,
    matchesNothing,
  };
}

function flattenAll(node: Condition, path: (string | number)[], out: { cond: Condition; path: (string | number)[] }[]): void {
  if ('all' in node) node.all.forEach((c, i) => flattenAll(c, [...path, 'all', i], out));
  else out.push({ cond: node, path });
}

/** One `bool` query from filter clauses (`match_all` when there are none). */
export function boolFilter(filters: readonly EsQuery[]): EsQuery {
  if (filters.length === 0) return { match_all: {} };
  return filters.length === 1 ? filters[0]! : { bool: { filter: [...filters] } };
}

/**
 * Document fields Elasticsearch must return for a projection: the listed fields, every field the mapping reads
 * (roles are always filled), and the document fields a residual condition tests.
 */
export function sourceIncludes(fields: readonly string[], mapping: NormalizedMapping, residual: Condition | undefined): string[] {
  const out = new Set<string>();
  for (const f of fields) {
    const ref = resolveFieldRef(f);
    if (ref.kind === 'doc') out.add(ref.path);
  }
  for (const role of ['id', 'user', 'session', 'type', 'target', 'path', 'page', 'kind'] as const) for (const f of mapping[role]) out.add(f);
  for (const role of ['time', 'end'] as const) {
    for (const t of mapping[role]) {
      out.add(t.field);
      if (t.fraction !== undefined) out.add(t.fraction);
    }
  }
  const visit = (c: Condition): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else {
      const ref = resolveFieldRef(c.field);
      if (ref.kind === 'doc') out.add(ref.path);
    }
  };
  if (residual !== undefined) visit(residual);
  return [...out];
}

/** One line describing the residual for the result's warnings. */
export function residualMessage(notes: readonly ResidualNote[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const n of notes) {
    const text = `${formatPath(n.path)} (${n.field}: ${n.reason})`;
    if (!seen.has(text)) {
      seen.add(text);
      parts.push(text);
    }
  }
  return `Part of the query was re-checked in memory on what Elasticsearch returned: ${parts.join('; ')}.`;
}
