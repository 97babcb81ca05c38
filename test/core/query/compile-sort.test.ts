import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSort } from '../../../src/core/query/compile-sort.js';
import { ev } from '../../helpers/events.js';

const events = [
  ev('a', 3, { user: 'bob' }, { n: 2, xs: [5, 1] }),
  ev('b', 1, {}, { n: 'x', xs: [2] }),
  ev('c', 2, { user: 'alice' }, { n: 10 }),
  ev('d', 1, { user: 'alice' }, { xs: [0, 9] }),
];
const order = (keys: Parameters<typeof compileSort>[0]): string[] => [...events].sort(compileSort(keys)).map((e) => e.id);

test('ascending and descending with missing values last both ways', () => {
  assert.deepEqual(order([{ field: 'user', order: 'asc' }]), ['c', 'd', 'a', 'b']);
  assert.deepEqual(order([{ field: 'user', order: 'desc' }]), ['a', 'c', 'd', 'b']);
});

test('ties keep input order (stable): events sharing a timestamp stay in source order', () => {
  assert.deepEqual(order([{ field: 'time', order: 'asc' }]), ['b', 'd', 'c', 'a']);
  assert.deepEqual(order([{ field: 'user', order: 'asc' }, { field: 'time', order: 'asc' }]), ['d', 'c', 'a', 'b']);
});

test('numbers before strings; arrays sort by min ascending and max descending', () => {
  assert.deepEqual(order([{ field: 'n', order: 'asc' }]), ['a', 'c', 'b', 'd']);
  assert.deepEqual(order([{ field: 'xs', order: 'asc' }]), ['d', 'a', 'b', 'c']);
  assert.deepEqual(order([{ field: 'xs', order: 'desc' }]), ['d', 'a', 'b', 'c']);
});
