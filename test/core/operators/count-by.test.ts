import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { rowsOf, runOp } from './run-op.js';

const events = [
  ev('1', 1, { user: 'a', type: 'click', path: ['button', 'body'] }, { details: { clicks: 1 } }),
  ev('2', 2, { user: 'b', type: 'focus', path: ['input', 'body'] }, { details: { clicks: '1' } }),
  ev('3', 3, { user: 'a', type: 'click', path: ['button', 'body'] }, { details: { clicks: 1 } }),
  ev('4', 4, { type: 'click' }, { details: null }),
  ev('5', 5, { user: 'b', type: 'blur' }),
  ev('6', 6, { user: 'a', type: 'focus', path: [] }),
];

test('one field: count descending, ties by key, missing as null (pandas dropna=False)', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'user' }, events)), [
    { user: 'a', count: 3 },
    { user: 'b', count: 2 },
    { user: null, count: 1 },
  ]);
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'type', sort: 'key' }, events)), [
    { type: 'blur', count: 1 },
    { type: 'click', count: 3 },
    { type: 'focus', count: 2 },
  ]);
});

test('missing: skip leaves out events without the field', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'user', missing: 'skip' }, events)), [
    { user: 'a', count: 3 },
    { user: 'b', count: 2 },
  ]);
});

test('several fields group on the combination; share is count / total', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['user', 'type'], share: true, limit: 2 }, events)), [
    { user: 'a', type: 'click', count: 2, share: 2 / 6 },
    { user: 'a', type: 'focus', count: 1, share: 1 / 6 }, // ties by key: 'a' before null (missing last)
  ]);
});

test('document paths keep value types: 1 and "1" are different keys', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'details.clicks' }, events)), [
    { 'details.clicks': null, count: 3 },
    { 'details.clicks': 1, count: 2 },
    { 'details.clicks': '1', count: 1 },
  ]);
});

test('arrays are one key unless explode counts each element once', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'path' }, events)), [
    { path: null, count: 3 },
    { path: ['button', 'body'], count: 2 },
    { path: ['input', 'body'], count: 1 },
  ]);
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['path'], explode: true, missing: 'skip' }, events)), [
    { path: 'body', count: 3 },
    { path: 'button', count: 2 },
    { path: 'input', count: 1 },
  ]);
});

test('on tables, columns group', async () => {
  const rows = [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }];
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'a' }, { rows })), [
    { a: 1, count: 2 },
    { a: 2, count: 1 },
  ]);
});
