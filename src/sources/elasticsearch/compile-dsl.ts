import { numericText } from '../../core/query/compare.js';
import { timeValue } from '../../core/query/compile-predicate.js';
import { conditionKind, type ConditionKind } from '../../core/query/condition-kind.js';
import type { Condition, FieldCondition, Scalar } from '../../core/query/query-schema.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import {
  and,
  containsQuery,
  exact,
  exists,
  MATCH_ALL,
  MATCH_NONE,
  not,
  or,
  prefix,
  range,
  residual,
  superset,
  term,
  type Compiled,
  type EsQuery,
} from './dsl-node.js';
import type { FieldCatalog, FieldSpec } from './field-catalog.js';
import { resolveTarget, type RoleField, type Target, type TimeTarget } from './resolve-target.js';

/** What the compiler needs: the mapping (roles → fields), the index's fields, and `now` for date math. */
export interface DslContext {
  readonly mapping: NormalizedMapping;
  readonly catalog: FieldCatalog;
  readonly now: number;
}

type Path = readonly (string | number)[];
type Compile = (node: Condition, path: Path) => Compiled;
type Processor = (node: Condition, path: Path, compile: Compile, ctx: DslContext) => Compiled;

type RangeOp = 'gt' | 'gte' | 'lt' | 'lte';

/**
 * One processor per node kind, the same table shape as the in-memory compiler (`compile-predicate.ts`). Each
 * returns a query selecting a superset of what the in-memory predicate accepts, exact where Elasticsearch's
 * semantics for the field's mapping type match Distill's value semantics (`compare.ts`); see
 * docs/elasticsearch.md for the rules per type.
 */
const PROCESSORS: Readonly<Record<ConditionKind, Processor>> = {
  all: (node, path, compile) => and((node as { all: Condition[] }).all.map((c, i) => compile(c, [...path, 'all', i]))),
  any: (node, path, compile) => or((node as { any: Condition[] }).any.map((c, i) => compile(c, [...path, 'any', i]))),
  not: (node, path, compile) => not(compile((node as { not: Condition }).not, [...path, 'not'])),
  eq: (node, path, _c, ctx) => eqNode(node as FieldCondition, (node as FieldCondition).value as Scalar, path, ctx),
  ne: (node, path, _c, ctx) => not(eqNode(node as FieldCondition, (node as FieldCondition).value as Scalar, path, ctx)),
  in: (node, path, _c, ctx) => inNode(node as FieldCondition, path, ctx),
  nin: (node, path, _c, ctx) => not(inNode(node as FieldCondition, path, ctx)),
  gt: (node, path, _c, ctx) => rangeNode(node as FieldCondition, 'gt', path, ctx),
  gte: (node, path, _c, ctx) => rangeNode(node as FieldCondition, 'gte', path, ctx),
  lt: (node, path, _c, ctx) => rangeNode(node as FieldCondition, 'lt', path, ctx),
  lte: (node, path, _c, ctx) => rangeNode(node as FieldCondition, 'lte', path, ctx),
  exists: (node, path, _c, ctx) => {
    const cond = node as FieldCondition & { value: boolean };
    const has = existsNode(resolveTarget(cond.field, ctx.mapping, ctx.catalog), cond.field, path);
    return cond.value ? has : not(has);
  },
  prefix: (node, path, _c, ctx) => stringNode(node as FieldCondition, 'prefix', path, ctx),
  contains: (node, path, _c, ctx) => stringNode(node as FieldCondition, 'contains', path, ctx),
};

/**
 * Compile a condition tree to an Elasticsearch query. Cost: O(nodes × fallback fields).
 * @throws InvalidQueryError when a time-role value is not a date.
 */
export function compileConditionDsl(node: Condition, ctx: DslContext, basePath: Path = ['where']): Compiled {
  const compile: Compile = (n, p) => PROCESSORS[conditionKind(n)](n, p, compile, ctx);
  return compile(node, basePath);
}

// ── field conditions ─────────────────────────────────────────────────────────────────────────────────────────

function note(path: Path, field: string, reason: string): { path: Path; field: string; reason: string } {
  return { path, field, reason };
}

function eqNode(cond: FieldCondition, value: Scalar, path: Path, ctx: DslContext): Compiled {
  const target = resolveTarget(cond.field, ctx.mapping, ctx.catalog);
  if (value === null) return not(existsNode(target, cond.field, path));
  switch (target.kind) {
    case 'unsupported':
      return residual(note(path, cond.field, target.reason));
    case 'time-role':
      return residual(note(path, cond.field, 'time equality is tested in memory (times carry sub-millisecond fractions)'));
    case 'string-role':
      return roleCondition(target, cond.field, path, (f) => roleEq(f, value, target.emptyIsMissing, path), () => idEq(value, path));
    case 'doc':
      return docEq(target, value, cond.field, path);
  }
}

function inNode(cond: FieldCondition, path: Path, ctx: DslContext): Compiled {
  const values = cond.value as Scalar[];
  return or(values.map((v, i) => eqNode(cond, v, [...path, 'value', i], ctx)));
}

function rangeNode(cond: FieldCondition, op: RangeOp, path: Path, ctx: DslContext): Compiled {
  const target = resolveTarget(cond.field, ctx.mapping, ctx.catalog);
  const value = cond.value as number | string;
  switch (target.kind) {
    case 'unsupported':
      return residual(note(path, cond.field, target.reason));
    case 'time-role': {
      const t = timeValue(value, [...path, 'value'], { now: ctx.now });
      return timeRange(target.fields, op, t, cond.field, path);
    }
    case 'string-role':
      if (typeof value !== 'string') return residual(note(path, cond.field, 'a role holds text; comparing it with a number is done in memory'));
      return roleCondition(target, cond.field, path, (f) => and([exact(range(f.query, { [op]: value })), usable(f, target.emptyIsMissing)]), undefined);
    case 'doc':
      return docRange(target, op, value, cond.field, path);
  }
}

function stringNode(cond: FieldCondition, op: 'prefix' | 'contains', path: Path, ctx: DslContext): Compiled {
  const target = resolveTarget(cond.field, ctx.mapping, ctx.catalog);
  const value = cond.value as string;
  const build = (field: string): EsQuery => (op === 'prefix' ? prefix(field, value) : containsQuery(field, value));
  switch (target.kind) {
    case 'unsupported':
      return residual(note(path, cond.field, target.reason));
    case 'time-role':
      return MATCH_NONE; // times are numbers: a string test never holds
    case 'string-role':
      return roleCondition(target, cond.field, path, (f) => and([exact(build(f.query)), usable(f, target.emptyIsMissing)]), undefined);
    case 'doc': {
      const spec = indexedSpec(target, cond.field, path);
      if (!('family' in spec)) return spec;
      if (spec.family === 'keyword' || spec.family === 'text') {
        const q = widen(exact(build(target.query)), target, spec.ignored || ctx.catalog.unknownIgnored, path, cond.field);
        // Keyword fields also index numbers and booleans as text, which a string test in memory never matches.
        return cannotMatchNonString(value, op) || !q.exact ? q : { ...superset(q.q, note(path, cond.field, 'numbers and booleans are indexed as text too')) };
      }
      return residual(note(path, cond.field, `${spec.types.join('/')} fields hold no text to test in Elasticsearch`));
    }
  }
}

function existsNode(target: Target, field: string, path: Path): Compiled {
  switch (target.kind) {
    case 'unsupported':
      return residual(note(path, field, target.reason));
    case 'time-role':
      return timeFallback(target.fields, field, path, (t) => (t.kind === 'date' ? exact(exists(t.source)) : MATCH_NONE));
    case 'string-role':
      if (target.idFallback) return MATCH_ALL; // the id falls back to the document _id, which always exists
      return or(target.fields.map((f) => usableOrResidual(f, target.emptyIsMissing, field, path)));
    case 'doc': {
      const spec = target.spec;
      if (spec === undefined) return target.absent ? MATCH_NONE : residual(note(path, field, 'the field is not indexed'));
      if (!spec.searchable || spec.nullValue) return residual(note(path, field, 'the field is not indexed as it is stored'));
      switch (spec.family) {
        case 'keyword':
        case 'integer':
        case 'double':
        case 'float':
        case 'boolean':
        case 'date':
        case 'text': {
          if (spec.family === 'text' && spec.keywordField === undefined) return residual(note(path, field, 'analysed text without a keyword sub-field'));
          return existsWithIgnored(target.query, spec.ignored);
        }
        default:
          return residual(note(path, field, `${spec.types.join('/')} fields: "has a value" is tested in memory`));
      }
    }
  }
}

// ── roles ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A condition on a role filled from fallback fields f1…fn: the first usable field decides, so
 * `role P` ≡ OR_i ( f1…f(i-1) unusable AND P(fi) ). The id role falls back to `_id` last.
 */
function roleCondition(
  target: Extract<Target, { kind: 'string-role' }>,
  field: string,
  path: Path,
  onField: (f: RoleField) => Compiled,
  onId: (() => Compiled) | undefined,
): Compiled {
  const bad = target.fields.find((f) => f.kind === 'unsupported');
  if (bad !== undefined) return residual(note(path, field, bad.reason ?? `${bad.source} cannot be queried`));
  const branches: Compiled[] = [];
  const before: Compiled[] = [];
  for (const f of target.fields) {
    if (f.kind === 'absent') continue;
    if (f.kind === 'valued') return residual(note(path, field, `${f.source} is not a keyword field; its text form is compared in memory`));
    let p = onField(f);
    if (f.ignored) p = widenRole(p, f, path, field);
    branches.push(and([...before, p]));
    before.push(not(usable(f, target.emptyIsMissing)));
  }
  if (target.idFallback) {
    if (onId === undefined) return residual(note(path, field, 'the document _id supports equality only'));
    branches.push(and([...before, onId()]));
  }
  return or(branches);
}

/** Role field holds a value the role takes: present and, for string roles, not the empty string. */
function usable(f: RoleField, emptyIsMissing: boolean): Compiled {
  if (f.kind === 'absent') return MATCH_NONE;
  const has = existsWithIgnored(f.query, f.ignored);
  return emptyIsMissing && f.kind === 'keyword' ? and([has, not(exact(term(f.query, '')))]) : has;
}

function usableOrResidual(f: RoleField, emptyIsMissing: boolean, field: string, path: Path): Compiled {
  if (f.kind === 'unsupported') return residual(note(path, field, f.reason ?? `${f.source} cannot be queried`));
  return usable(f, emptyIsMissing);
}

function roleEq(f: RoleField, value: Exclude<Scalar, null>, emptyIsMissing: boolean, path: Path): Compiled {
  if (typeof value === 'number') {
    return residual(note(path, f.source, 'a role holds text; a number matches every spelling of it ("5", "5.0"), tested in memory'));
  }
  const text = typeof value === 'boolean' ? String(value) : value;
  if (text === '' && emptyIsMissing) return MATCH_NONE; // an empty string is no value for a role
  return exact(term(f.query, text));
}

function idEq(value: Exclude<Scalar, null>, path: Path): Compiled {
  if (typeof value === 'number') return residual(note(path, '_id', 'an id holds text; a number matches every spelling of it'));
  const text = String(value);
  return text === '' ? MATCH_NONE : exact({ ids: { values: [text] } });
}

function widenRole(p: Compiled, f: RoleField, path: Path, field: string): Compiled {
  if (p.q === false) return p;
  return or([p, superset(term('_ignored', f.query), note(path, field, `some ${f.source} values were too long to index (ignore_above)`))]);
}

// ── time roles ───────────────────────────────────────────────────────────────────────────────────────────────

/** Time conditions over fallback time fields: the first field with a time decides. */
function timeFallback(
  fields: readonly TimeTarget[],
  field: string,
  path: Path,
  onField: (t: TimeTarget) => Compiled,
): Compiled {
  const bad = fields.find((t) => t.kind === 'unsupported');
  if (bad !== undefined) return residual(note(path, field, bad.reason ?? `${bad.source} cannot be queried`));
  const branches: Compiled[] = [];
  const before: Compiled[] = [];
  for (const t of fields) {
    if (t.kind === 'absent') continue;
    branches.push(and([...before, onField(t)]));
    before.push(not(exact(exists(t.source))));
  }
  return or(branches);
}

/**
 * A time range on whole milliseconds. Elasticsearch keeps date fields to the millisecond; Distill's time adds the
 * mapping's fraction field (UserALE `microTime`, in [0, 1)), so with T the indexed millisecond, time ∈ [T, T+1):
 * `time >= a` ⟺ `T >= a` and `time < b` ⟺ `T < b` for whole a, b. Other bounds push the enclosing whole-ms range
 * and re-check in memory.
 */
function timeRange(fields: readonly TimeTarget[], op: RangeOp, t: number, field: string, path: Path): Compiled {
  const whole = Number.isInteger(t);
  const lower = op === 'gt' || op === 'gte';
  const isExact = whole && (op === 'gte' || op === 'lt');
  const bounds = lower ? { gte: Math.floor(t) } : op === 'lt' && whole ? { lt: t } : { lte: Math.floor(t) };
  return timeFallback(fields, field, path, (tt) => {
    const q = range(tt.source, { ...bounds, format: 'epoch_millis' });
    return isExact ? exact(q) : superset(q, note(path, field, 'the bound is not a whole-millisecond >= or <, so the sub-millisecond part is checked in memory'));
  });
}

// ── document fields ──────────────────────────────────────────────────────────────────────────────────────────

type DocTarget = Extract<Target, { kind: 'doc' }>;

/**
 * The spec of a document field Elasticsearch indexed so that a value condition can run there (keyword, numeric,
 * boolean, or text with a keyword sub-field); otherwise what to compile instead: no match for a field no document
 * has, else a residual saying why.
 */
function indexedSpec(target: DocTarget, field: string, path: Path): FieldSpec | Compiled {
  const spec = target.spec;
  if (spec === undefined) return target.absent ? MATCH_NONE : residual(note(path, field, 'the field is not indexed (dynamic: false or a disabled object)'));
  if (!spec.searchable) return residual(note(path, field, 'the field is not indexed'));
  // A null_value is indexed in place of null, which Distill treats as missing: values cannot be told apart there.
  if (spec.nullValue) return residual(note(path, field, 'the field maps null to a value (null_value)'));
  if (spec.family === 'text' && spec.keywordField === undefined) return residual(note(path, field, 'analysed text without a keyword sub-field'));
  return spec;
}

function docEq(target: DocTarget, value: Exclude<Scalar, null>, field: string, path: Path): Compiled {
  const spec = indexedSpec(target, field, path);
  if (!('family' in spec)) return spec;
  let c: Compiled;
  switch (spec.family) {
    case 'keyword':
    case 'text': {
      if (typeof value === 'number') {
        return residual(note(path, field, 'a number equals every spelling of it in a keyword field ("5", "5.0", "05"), tested in memory'));
      }
      if (typeof value === 'boolean') c = exact(term(target.query, String(value)));
      else {
        const n = numericText(value);
        c =
          n === undefined || String(n) === value
            ? exact(term(target.query, value))
            : superset({ terms: { [target.query]: [value, String(n)] } }, note(path, field, `"${value}" also equals the number ${n}`));
      }
      break;
    }
    case 'integer':
    case 'double':
    case 'float': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? numericText(value) : undefined;
      if (n === undefined) return MATCH_NONE; // numeric fields hold only numbers (and numeric strings)
      if (spec.family === 'double') {
        c = typeof value === 'number' ? exact(term(target.query, n)) : superset(term(target.query, n), note(path, field, 'numeric text compared as text in memory'));
      } else if (spec.family === 'integer') {
        const whole = Math.trunc(n);
        if (!Number.isSafeInteger(whole)) return residual(note(path, field, 'value beyond the integer range'));
        c = superset(term(target.query, whole), note(path, field, `integer fields truncate fractional numbers when indexing`));
      } else {
        const d = floatSlack(n);
        c = superset(range(target.query, { gte: n - d, lte: n + d }), note(path, field, 'float fields round numbers when indexing'));
      }
      break;
    }
    case 'boolean': {
      if (value === true || value === 'true') c = exact(term(target.query, true));
      else if (value === false || value === 'false') {
        c = superset(term(target.query, false), note(path, field, 'Elasticsearch indexes an empty string as false'));
      } else return MATCH_NONE;
      break;
    }
    default:
      return residual(note(path, field, `${spec.types.join('/')} fields are compared in memory`));
  }
  return widen(c, target, spec.ignored, path, field);
}

function docRange(target: DocTarget, op: RangeOp, value: number | string, field: string, path: Path): Compiled {
  const spec = indexedSpec(target, field, path);
  if (!('family' in spec)) return spec;
  let c: Compiled;
  switch (spec.family) {
    case 'keyword':
    case 'text': {
      if (typeof value !== 'string' || numericText(value) !== undefined) {
        return residual(note(path, field, 'numbers compare numerically in memory but as text in a keyword field'));
      }
      c = superset(range(target.query, { [op]: value }), note(path, field, 'numbers and booleans indexed as text are excluded in memory'));
      break;
    }
    case 'double':
    case 'integer':
    case 'float': {
      if (typeof value !== 'number') return residual(note(path, field, 'a text bound compares numeric text as text in memory'));
      if (spec.family === 'double') c = exact(range(target.query, { [op]: value }));
      else if (spec.family === 'integer') {
        const bound = op === 'gt' || op === 'gte' ? { gte: Math.floor(value) } : { lte: Math.ceil(value) };
        c = superset(range(target.query, bound), note(path, field, 'integer fields truncate fractional numbers when indexing'));
      } else {
        const d = floatSlack(value);
        const bound = op === 'gt' || op === 'gte' ? { gte: value - d } : { lte: value + d };
        c = superset(range(target.query, bound), note(path, field, 'float fields round numbers when indexing'));
      }
      break;
    }
    default:
      return residual(note(path, field, `${spec.types.join('/')} fields are compared in memory`));
  }
  return widen(c, target, spec.ignored, path, field);
}

function existsWithIgnored(field: string, ignored: boolean): Compiled {
  // Values Elasticsearch did not index (ignore_above, ignore_malformed) are listed in _ignored.
  return ignored ? or([exact(exists(field)), exact(term('_ignored', field))]) : exact(exists(field));
}

function widen(c: Compiled, target: DocTarget, ignored: boolean, path: Path, field: string): Compiled {
  if (!ignored || c.q === false) return c;
  return or([c, superset(term('_ignored', target.query), note(path, field, 'some values were not indexed (ignore_above / ignore_malformed)'))]);
}

/**
 * True when no number or boolean, written as text, can pass the string test: then the keyword query is exact.
 * Numbers spell with `0-9 . e E + -`; booleans are `true` / `false`.
 */
function cannotMatchNonString(value: string, op: 'prefix' | 'contains'): boolean {
  if (!/[^0-9.eE+-]/.test(value)) return false;
  return op === 'prefix' ? !('true'.startsWith(value) || 'false'.startsWith(value)) : !('true'.includes(value) || 'false'.includes(value));
}

/** Widening that covers float/half_float rounding of `n`. */
function floatSlack(n: number): number {
  return Math.abs(n) * 2 ** -9 + 2 ** -20;
}
