import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../../src/core/event.js';
import { ROLE_COLUMN_TYPES } from '../../src/core/role-columns.js';

test('each role becomes a column of one type: times as time, the DOM path as json, the rest as strings', () => {
  assert.deepEqual(ROLE_COLUMN_TYPES, {
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
  });
  assert.deepEqual(Object.keys(ROLE_COLUMN_TYPES), [...ROLES]);
});
