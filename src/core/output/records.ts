import { ROLES, type CanonicalEvent } from '../event.js';
import type { Column, Row } from '../frame.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { ROLE_COLUMN_TYPES } from '../role-columns.js';

/**
 * Columns of an events result written as a table (CSV): every role, then the projected document fields, then the
 * derived attributes the pipeline's steps declare (a name already listed is not repeated).
 */
export function eventColumns(projected: readonly string[] = [], attrs: readonly string[] = []): Column[] {
  const docFields = projected.map(resolveFieldRef).flatMap((r) => (r.kind === 'doc' ? [r.path] : []));
  const columns: Column[] = ROLES.map((role): Column => ({ name: role, type: ROLE_COLUMN_TYPES[role] }));
  const seen = new Set<string>(columns.map((c) => c.name));
  for (const name of [...docFields, ...attrs]) {
    if (seen.has(name)) continue;
    seen.add(name);
    columns.push({ name, type: 'any' });
  }
  return columns;
}

/**
 * A function flattening events to rows for the given event columns: roles, then fields by name (a derived attribute
 * of that name where the event has one, else the document field — the pipeline-wide name rule). The columns' getters
 * are compiled once, not per event.
 */
export function eventRowMaker(columns: readonly Column[]): (event: CanonicalEvent) => Row {
  const getters = columns.map((c) => [c.name, fieldGetter(resolveFieldRef(c.name))] as const);
  return (event) => {
    const row: Row = {};
    for (const [name, get] of getters) row[name] = get(event) ?? null;
    return row;
  };
}
