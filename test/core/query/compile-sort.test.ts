import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSortValues, compileSort, sortValue } from '../../../src/core/query/compile-sort.js';
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

test('sortValue: min ascending, max descending; numbers < strings < booleans; objects ignored; missing is undefined', () => {
  assert.equal(sortValue([true, 'b', 3, 'a', 1], false), 1);
  assert.equal(sortValue([true, 'b', 3, 'a', 1], true), true);
  assert.equal(sortValue(['b', 'a', 'c'], false), 'a');
  assert.equal(sortValue(['b', 'a', 'c'], true), 'c');
  assert.equal(sortValue([false, true], false), false);
  assert.equal(sortValue([false, true], true), true);
  assert.equal(sortValue([{ k: 1 }, 5], false), 5);
  assert.equal(sortValue({ k: 1 }, false), undefined);
  assert.equal(sortValue(null, true), undefined);
  assert.equal(sortValue(['\u{1F600}', '\uE000'], true), '\u{1F600}');
});

test('compareSortValues: missing last in both directions; descending flips only present values', () => {
  assert.equal(compareSortValues(undefined, undefined, false), 0);
  assert.equal(compareSortValues(undefined, 1, false), 1);
  assert.equal(compareSortValues(undefined, 1, true), 1);
  assert.equal(compareSortValues(1, undefined, false), -1);
  assert.equal(compareSortValues(1, undefined, true), -1);
  assert.equal(compareSortValues(1, 3, false), -2);
  assert.equal(compareSortValues(1, 3, true), 2);
  assert.equal(compareSortValues('a', 1, false), 1);
  assert.equal(compareSortValues(true, 'a', false), 1);
  assert.equal(compareSortValues(true, false, false), 1);
  assert.equal(compareSortValues(true, false, true), -1);
});

test('a custom getter (table rows) and a key that ties falls through to the next', () => {
  const rows = [{ g: 'b', n: 1 }, { g: 'a', n: 2 }, { g: 'a', n: 1 }];
  const cmp = compileSort<{ g: string; n: number }>([{ field: 'g', order: 'asc' }, { field: 'n', order: 'desc' }], (f) => (r) => r[f as 'g' | 'n']);
  assert.deepEqual([...rows].sort(cmp), [{ g: 'a', n: 2 }, { g: 'a', n: 1 }, { g: 'b', n: 1 }]);
  assert.equal(cmp(rows[0]!, rows[0]!), 0);
});

test('booleans: false before true in both argument orders', () => {
  assert.equal(compareSortValues(false, true, false), -1);
  assert.equal(compareSortValues(true, true, false), 0);
  assert.equal(compareSortValues(false, true, true), 1);
});
