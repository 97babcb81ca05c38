import { formatPath } from '../pipeline/format-path.js';
import type { CanonicalEvent } from '../event.js';
import { InvalidQueryError, type Issue } from '../errors.js';
import { resolveTimeBound } from '../time/date-math.js';
import { compareScalars, looseEqual, valuesOf } from './compare.js';
import { conditionKind, type ConditionKind } from './condition-kind.js';
import { compilePath, getOwn } from '../field-path.js';
import { fieldGetter, isTimeRef, resolveFieldRef } from './field-ref.js';
import type { Condition, FieldCondition, Query, Scalar } from './query-schema.js';

/** A compiled in-memory filter. */
export type Predicate<T = CanonicalEvent> = (record: T) => boolean;

/** How a field name is read from the records being filtered. */
export interface FieldAccess {
  readonly get: (record: never) => unknown;
  /** Values compared with this field are times (date math allowed). */
  readonly isTime: boolean;
}

/** Options of {@link compileCondition} and {@link compileQueryPredicate}. */
export interface CompileOptions {
  /** The instant `now` in date math stands for; fixed once per query so every back end agrees. */
  readonly now: number;
  /** Field access for records other than canonical events (table rows); defaults to roles + document paths. */
  readonly access?: ((field: string) => FieldAccess) | undefined;
}

/** Field access on canonical events: roles by name, anything else a document path. */
export function eventAccess(field: string): FieldAccess {
  const ref = resolveFieldRef(field);
  return { get: fieldGetter(ref) as (record: never) => unknown, isTime: isTimeRef(ref) };
}

/** Field access on flat table rows: a column name, else a dotted path into the row. */
export function rowAccess(field: string): FieldAccess {
  const get = compilePath(field);
  return { get: ((row: unknown) => getOwn(row, field) ?? get(row)) as (record: never) => unknown, isTime: false };
}

function access(field: string, options: CompileOptions): { get: (record: unknown) => unknown; isTime: boolean } {
  return (options.access ?? eventAccess)(field) as { get: (record: unknown) => unknown; isTime: boolean };
}

type Path = readonly (string | number)[];
type Compile = (node: Condition, path: Path) => Predicate<unknown>;
type Processor = (node: Condition, path: Path, compile: Compile, options: CompileOptions) => Predicate<unknown>;

const TRUE: Predicate<unknown> = () => true;
const FALSE: Predicate<unknown> = () => false;

/**
 * One processor per node kind. Every kind the query model has is expressible in memory, so there is no residual
 * here; the Elasticsearch compiler has the same table shape and reports what it cannot express.
 */
const PROCESSORS: Readonly<Record<ConditionKind, Processor>> = {
  all: (node, path, compile) => {
    const parts = (node as { all: Condition[] }).all.map((c, i) => compile(c, [...path, 'all', i]));
    if (parts.length === 0) return TRUE;
    if (parts.length === 1) return parts[0]!;
    return (e) => {
      for (const p of parts) if (!p(e)) return false;
      return true;
    };
  },
  any: (node, path, compile) => {
    const parts = (node as { any: Condition[] }).any.map((c, i) => compile(c, [...path, 'any', i]));
    if (parts.length === 0) return FALSE;
    if (parts.length === 1) return parts[0]!;
    return (e) => {
      for (const p of parts) if (p(e)) return true;
      return false;
    };
  },
  not: (node, path, compile) => {
    const inner = compile((node as { not: Condition }).not, [...path, 'not']);
    return (e) => !inner(e);
  },
  eq: (node, path, _c, o) => eqPredicate(node as FieldCondition, path, o),
  ne: (node, path, _c, o) => {
    const eq = eqPredicate(node as FieldCondition, path, o);
    return (e) => !eq(e);
  },
  in: (node, path, _c, o) => inPredicate(node as FieldCondition, path, o),
  nin: (node, path, _c, o) => {
    const inP = inPredicate(node as FieldCondition, path, o);
    return (e) => !inP(e);
  },
  gt: (node, path, _c, o) => rangePredicate(node as FieldCondition, path, o, (c) => c > 0),
  gte: (node, path, _c, o) => rangePredicate(node as FieldCondition, path, o, (c) => c >= 0),
  lt: (node, path, _c, o) => rangePredicate(node as FieldCondition, path, o, (c) => c < 0),
  lte: (node, path, _c, o) => rangePredicate(node as FieldCondition, path, o, (c) => c <= 0),
  exists: (node, _p, _c, o) => {
    const cond = node as FieldCondition & { value: boolean };
    const { get } = access(cond.field, o);
    const want = cond.value;
    return (e) => valuesOf(get(e)).length > 0 === want;
  },
  prefix: (node, _p, _c, o) => stringPredicate(node as FieldCondition, o, (s, v) => s.startsWith(v)),
  contains: (node, _p, _c, o) => stringPredicate(node as FieldCondition, o, (s, v) => s.includes(v)),
};

/**
 * Compile a condition tree to an in-memory predicate. Cost: one closure per node at compile time; per event, one
 * field lookup per field condition visited (short-circuiting `all`/`any`).
 *
 * @throws InvalidQueryError (`invalid_query`) when a time-role value is not a date, with the JSON path of the node.
 * @example compileCondition({ field: 'type', op: 'eq', value: 'click' }, { now: Date.now() })(event) // → true
 */
export function compileCondition<T = CanonicalEvent>(
  node: Condition,
  options: CompileOptions,
  basePath: Path = ['where'],
): Predicate<T> {
  const compile: Compile = (n, p) => PROCESSORS[conditionKind(n)](n, p, compile, options);
  return compile(node, basePath);
}

/** Compile the filtering part of a query (time range and condition tree) to one predicate. */
export function compileQueryPredicate(query: Query, options: CompileOptions): Predicate {
  const parts: Predicate[] = [];
  const from = query.time?.from;
  const to = query.time?.to;
  if (from !== undefined) {
    const t = timeValue(from, ['time', 'from'], options);
    parts.push((e) => e.time !== undefined && e.time >= t);
  }
  if (to !== undefined) {
    const t = timeValue(to, ['time', 'to'], options);
    parts.push((e) => e.time !== undefined && e.time < t);
  }
  if (query.where !== undefined) parts.push(compileCondition<CanonicalEvent>(query.where, options));
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return (e) => {
    for (const p of parts) if (!p(e)) return false;
    return true;
  };
}

/** Resolve a time value (epoch ms, ISO, date math) or throw `invalid_query` naming its path. */
export function timeValue(value: string | number, path: Path, options: CompileOptions): number {
  const t = resolveTimeBound(value, options.now);
  if (t === undefined) {
    const issue: Issue = {
      code: 'invalid_time',
      path,
      message: `${JSON.stringify(value)} is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).`,
    };
    throw new InvalidQueryError(`Invalid time ${JSON.stringify(value)} at ${formatPath(path)}.`, { issues: [issue] });
  }
  return t;
}

function operand(cond: FieldCondition, value: Scalar, path: Path, options: CompileOptions): Scalar {
  if (!access(cond.field, options).isTime || value === null || typeof value === 'boolean') return value;
  return timeValue(value, path, options);
}

function eqPredicate(cond: FieldCondition, path: Path, options: CompileOptions): Predicate<unknown> {
  const { get } = access(cond.field, options);
  const value = operand(cond, cond.value as Scalar, [...path, 'value'], options);
  if (value === null) return (e) => valuesOf(get(e)).length === 0;
  return (e) => {
    const v = get(e);
    if (v === value) return true;
    for (const x of valuesOf(v)) if (looseEqual(x, value)) return true;
    return false;
  };
}

function inPredicate(cond: FieldCondition, path: Path, options: CompileOptions): Predicate<unknown> {
  const { get } = access(cond.field, options);
  const list = (cond.value as Scalar[]).map((v, i) => operand(cond, v, [...path, 'value', i], options));
  const wantsMissing = list.includes(null);
  const values = list.filter((v) => v !== null);
  const exact = new Set<unknown>(values);
  return (e) => {
    const xs = valuesOf(get(e));
    if (xs.length === 0) return wantsMissing;
    for (const x of xs) {
      if (exact.has(x)) return true;
      for (const v of values) if (looseEqual(x, v)) return true;
    }
    return false;
  };
}

function rangePredicate(
  cond: FieldCondition,
  path: Path,
  options: CompileOptions,
  test: (c: number) => boolean,
): Predicate<unknown> {
  const { get } = access(cond.field, options);
  const value = operand(cond, cond.value as Scalar, [...path, 'value'], options);
  return (e) => {
    for (const x of valuesOf(get(e))) {
      const c = compareScalars(x, value);
      if (c !== undefined && test(c)) return true;
    }
    return false;
  };
}

function stringPredicate(
  cond: FieldCondition,
  options: CompileOptions,
  test: (s: string, v: string) => boolean,
): Predicate<unknown> {
  const { get } = access(cond.field, options);
  const value = cond.value as string;
  return (e) => {
    for (const x of valuesOf(get(e))) if (typeof x === 'string' && test(x, value)) return true;
    return false;
  };
}
