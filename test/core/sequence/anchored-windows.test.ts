import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchoredWindows, type AnchoredOptions } from '../../../src/core/sequence/anchored-windows.js';
import type { Segment } from '../../../src/core/sequence/segment.js';
import { ev } from '../../helpers/events.js';
import { typeIs } from './seq-helpers.js';

const anchor = (o: Partial<AnchoredOptions>): AnchoredOptions => ({ anchor: typeIs('click'), before: 0, after: 10, overlap: 'clip', closed: 'left', label: 'c', ...o });
const brief = (s: readonly Segment[]): unknown[] => s.map((x) => [x.name, x.start, x.end, x.eventIds.join(',')]);
const apart = [ev('k1', 0, { type: 'click' }), ev('x', 10), ev('k2', 25, { type: 'click' }), ev('y', 35)];

test('anchored windows, closed both: an anchor after the previous window still opens its own window (clip and merge)', () => {
  assert.deepEqual(brief(anchoredWindows(apart, anchor({ closed: 'both' }))), [
    ['c0', 0, 10, 'k1,x'],
    ['c1', 25, 35, 'k2,y'],
  ]);
  assert.deepEqual(brief(anchoredWindows(apart, anchor({ closed: 'both', overlap: 'merge' }))), [
    ['c0', 0, 10, 'k1,x'],
    ['c1', 25, 35, 'k2,y'],
  ]);
});

test('anchored windows, merge: only windows that overlap are merged', () => {
  assert.deepEqual(brief(anchoredWindows(apart, anchor({ overlap: 'merge' }))), [
    ['c0', 0, 10, 'k1'],
    ['c1', 25, 35, 'k2'],
  ]);
  assert.deepEqual(brief(anchoredWindows(apart, anchor({ overlap: 'merge', before: 16 }))), [['c0', -16, 35, 'k1,x,k2']]);
});
