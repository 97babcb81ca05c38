import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differenceSegments, intersectionSegments, mergeSegments, unionSegments } from '../../../src/core/sequence/segment-set-ops.js';
import type { Segment } from '../../../src/core/sequence/segment.js';

const pos = (id: string): number => Number(id.slice(1));
const seg = (name: string, start: number, end: number, ids: string[]): Segment => ({ name, kind: 'explicit', start, end, count: ids.length, eventIds: ids });
const A = seg('A', 0, 10, ['e1', 'e2', 'e3']);
const B = seg('B', 5, 20, ['e3', 'e4']);
const C = seg('C', 30, 40, ['e9']);

test('union: events of either, in partition order; span from the earlier start to the later end', () => {
  assert.deepEqual(unionSegments('u', A, B, pos), { name: 'u', kind: 'union', start: 0, end: 20, count: 4, eventIds: ['e1', 'e2', 'e3', 'e4'] });
  assert.deepEqual(unionSegments('u', B, A, pos), unionSegments('u', A, B, pos));
});

test('intersection: shared events; the true overlap span; null span when the spans do not overlap', () => {
  assert.deepEqual(intersectionSegments('i', A, B, pos), { name: 'i', kind: 'intersection', start: 5, end: 10, count: 1, eventIds: ['e3'] });
  assert.deepEqual(intersectionSegments('i', A, C, pos), { name: 'i', kind: 'intersection', start: null, end: null, count: 0, eventIds: [] });
  const touching = intersectionSegments('i', seg('x', 0, 5, []), seg('y', 5, 9, []), pos);
  assert.deepEqual([touching.start, touching.end], [5, 5]);
});

test('difference: A without the events of B, A span', () => {
  assert.deepEqual(differenceSegments('d', A, B, pos), { name: 'd', kind: 'difference', start: 0, end: 10, count: 2, eventIds: ['e1', 'e2'] });
  assert.deepEqual(differenceSegments('d', A, A, pos).eventIds, []);
});

test('merge of a whole definition is the union of its segments; nothing to merge gives undefined', () => {
  assert.deepEqual(mergeSegments('m', [A, B, C], pos)?.eventIds, ['e1', 'e2', 'e3', 'e4', 'e9']);
  assert.deepEqual([mergeSegments('m', [A, C], pos)?.start, mergeSegments('m', [A, C], pos)?.end], [0, 40]);
  assert.equal(mergeSegments('m', [], pos), undefined);
});
