import { ROLES, type CanonicalEvent } from '../event.js';
import type { Column, Row } from '../frame.js';
import { getPath } from '../field-path.js';
import { resolveFieldRef } from '../query/field-ref.js';
import { ROLE_COLUMN_TYPES } from '../role-columns.js';

/** Columns of an events result written as a table (CSV): every role, then the projected document fields. */
export function eventColumns(projected: readonly string[] = []): Column[] {
  const docFields = projected.map(resolveFieldRef).flatMap((r) => (r.kind === 'doc' ? [r.path] : []));
  return [
    ...ROLES.map((role): Column => ({ name: role, type: ROLE_COLUMN_TYPES[role] })),
    ...docFields.map((path): Column => ({ name: path, type: 'any' })),
  ];
}

/** Flatten an event to a row for the given event columns (roles, then document paths). */
export function eventToRow(event: CanonicalEvent, columns: readonly Column[]): Row {
  const row: Row = {};
  for (const c of columns) {
    row[c.name] = (ROLES as readonly string[]).includes(c.name)
      ? (event[c.name as keyof CanonicalEvent] ?? null)
      : (getPath(event.doc, c.name) ?? null);
  }
  return row;
}
