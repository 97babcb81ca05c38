import { STRING_ROLES, type Role } from '../../core/event.js';
import type { CountByParams } from '../../core/operators/count-by.js';
import { resolveFieldRef } from '../../core/query/field-ref.js';
import type { Condition, Query } from '../../core/query/query-schema.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import type { DropSpec, GroupCountSpec } from './scan/group-count.js';

/** A count-by the file source runs while reading (workers count, this thread merges). */
export interface GroupCountPlan {
  readonly by: readonly string[];
  /** The string role of each `by` field. */
  readonly roles: readonly Role[];
  readonly spec: GroupCountSpec;
  /** The document fields read: time candidates and the counted roles' candidates. */
  readonly needs: readonly string[];
}

/**
 * Decide whether a `count-by` step over a file read can be counted while reading — with exactly the rows,
 * statistics and warnings of reading events and counting them in memory. Yes when: the query selects every event
 * as it is (no time range, condition, projection, sort or limit), the run is not strict (a strict run stops at the
 * first bad document, with its events unread), every `by` field is a string role (user, session, type, target,
 * page, kind) with `explode` off, and the mapping reads those roles and the time from top-level fields only (the
 * workers look them up as own properties; dotted paths keep the general path). Cost: O(fields).
 */
export function planGroupCount(step: { readonly op: string; readonly params: unknown }, query: Query, mapping: NormalizedMapping, strict: boolean): GroupCountPlan | undefined {
  if (step.op !== 'count-by' || strict) return undefined;
  if (query.time !== undefined || query.where !== undefined || query.fields !== undefined || query.sort !== undefined || query.limit !== undefined) return undefined;
  const params = step.params as CountByParams;
  if (params.explode) return undefined;
  const by = typeof params.by === 'string' ? [params.by] : params.by;
  const roles: Role[] = [];
  for (const name of by) {
    const ref = resolveFieldRef(name);
    if (ref.kind !== 'role' || !(STRING_ROLES as readonly string[]).includes(ref.role)) return undefined;
    roles.push(ref.role);
  }
  const candidates = roles.map((role) => mapping[role] as readonly string[]);
  const time = mapping.time.map((t) => ({ field: t.field, format: t.format }));
  const fields = [...time.map((t) => t.field), ...candidates.flat()];
  if (fields.some((f) => f.includes('.'))) return undefined;
  return { by, roles, spec: { time, by: candidates, requireTime: mapping.requireTime }, needs: [...new Set(fields)].sort() };
}

/**
 * What of a read's condition the scanning workers apply (`createDropFilter` in `scan/group-count.ts`), so the
 * documents it rejects are neither packed, sent nor mapped: the conjuncts of the query's `where` (its `all` lists,
 * nested ones too) that test a string role (user, session, type, target, page, kind) with `eq` on a string or `in`
 * on strings only — on a string role these hold exactly when the role's value is one of those strings (the
 * predicate's loose equality only differs across types) — when the mapping reads that role and the time from
 * top-level fields. The main thread still applies the whole query to what it receives. Undefined when no conjunct
 * qualifies. Cost: O(condition nodes).
 */
export function planDropSpec(query: Query, mapping: NormalizedMapping): DropSpec | undefined {
  if (query.where === undefined) return undefined;
  const time = mapping.time.map((t) => ({ field: t.field, format: t.format }));
  if (time.some((t) => t.field.includes('.'))) return undefined;
  const tests: { fields: readonly string[]; values: readonly string[] }[] = [];
  const visit = (node: Condition): void => {
    if ('all' in node) {
      for (const child of node.all) visit(child);
      return;
    }
    if (!('field' in node) || (node.op !== 'eq' && node.op !== 'in')) return;
    const values: unknown[] = node.op === 'eq' ? [node.value] : (node.value as unknown[]);
    if (values.some((v) => typeof v !== 'string')) return;
    const ref = resolveFieldRef(node.field);
    if (ref.kind !== 'role' || !(STRING_ROLES as readonly string[]).includes(ref.role)) return;
    const fields = mapping[ref.role] as readonly string[];
    if (fields.some((f) => f.includes('.'))) return;
    tests.push({ fields, values: values as string[] });
  };
  visit(query.where);
  return tests.length === 0 ? undefined : { time, tests };
}
