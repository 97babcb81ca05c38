import type { Role } from './event.js';
import type { ColumnType } from './frame.js';

/** Column type of each canonical role when it becomes a table column. */
export const ROLE_COLUMN_TYPES: Readonly<Record<Role, ColumnType>> = {
  id: 'string',
  time: 'time',
  end: 'time',
  user: 'string',
  session: 'string',
  type: 'string',
  target: 'string',
  path: 'json',
  page: 'string',
  kind: 'string',
};
