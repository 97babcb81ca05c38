import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { rowsOf, runOp } from './run-op.js';
import type { CanonicalEvent } from '../../../src/core/event.js';

const events = [
  ev('1', 3, { user: 'b', type: 'click' }, { details: { clicks: 2 } }),
  ev('2', 1, { user: 'a', type: 'focus' }),
  ev('3', 2, { type: 'click' }, { details: { clicks: 0 } }),
];
const ids = async (frame: ReturnType<typeof runOp>) => ((await rowsOf(frame)) as CanonicalEvent[]).map((e) => e.id);

test('filter keeps matching events and rows', async () => {
  assert.deepEqual(await ids(runOp('filter', { where: { field: 'type', op: 'eq', value: 'click' } }, events)), ['1', '3']);
  assert.deepEqual(await rowsOf(runOp('filter', { where: { field: 'n', op: 'gte', value: 2 } }, { rows: [{ n: 1 }, { n: 2 }, { n: 3 }] })), [{ n: 2 }, { n: 3 }]);
});

test('sort orders events and rows; "-" for descending; missing last', async () => {
  assert.deepEqual(await ids(runOp('sort', { by: 'time' }, events)), ['2', '3', '1']);
  assert.deepEqual(await ids(runOp('sort', { by: ['-user'] }, events)), ['1', '2', '3']);
  assert.deepEqual(await rowsOf(runOp('sort', { by: { field: 'n', order: 'desc' } }, { rows: [{ n: 1 }, { n: 3 }, {}] })), [{ n: 3 }, { n: 1 }, {}]);
});

test('limit keeps the first n', async () => {
  assert.deepEqual(await ids(runOp('limit', { n: 2 }, events)), ['1', '2']);
  assert.deepEqual(await ids(runOp('limit', { n: 0 }, events)), []);
});

test('project turns events into flat rows of roles and document paths, renaming on request', async () => {
  const frame = runOp('project', { fields: ['time', 'user', { field: 'details.clicks', as: 'clicks' }] }, events);
  assert.equal(frame.kind, 'table');
  assert.deepEqual(frame.kind === 'table' && frame.columns, [
    { name: 'time', type: 'time' },
    { name: 'user', type: 'string' },
    { name: 'clicks', type: 'any' },
  ]);
  assert.deepEqual(await rowsOf(frame), [
    { time: 3, user: 'b', clicks: 2 },
    { time: 1, user: 'a', clicks: null },
    { time: 2, user: null, clicks: 0 },
  ]);
  const table = runOp('project', { fields: [{ field: 'clicks', as: 'c' }] }, { rows: [{ clicks: 1, x: 2 }], columns: [{ name: 'clicks', type: 'integer' }] as never });
  assert.deepEqual(table.kind === 'table' && table.columns, [{ name: 'c', type: 'integer' }]);
  assert.deepEqual(await rowsOf(table), [{ c: 1 }]);
});
