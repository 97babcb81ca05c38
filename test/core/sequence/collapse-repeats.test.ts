import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapseRepeats } from '../../../src/core/sequence/collapse-repeats.js';
import { ev } from '../../helpers/events.js';
import { untimed } from './seq-helpers.js';

test('UserALE duplicate focus at the same millisecond collapses on type + target; details keep them apart', () => {
  const events = [
    ev('f1', 100, { type: 'focus', target: 'input#q' }, { details: { window: true } }),
    ev('f2', 100, { type: 'focus', target: 'input#q' }, { details: null }),
    ev('k', 105, { type: 'keydown', target: 'input#q' }),
  ];
  assert.deepEqual(collapseRepeats(events, { fields: ['type', 'target'] }), [
    { first: 0, last: 1, count: 2, firstTime: 100, lastTime: 100, lastId: 'f2' },
    { first: 2, last: 2, count: 1, firstTime: 105, lastTime: 105, lastId: 'k' },
  ]);
  assert.equal(collapseRepeats(events, { fields: ['type', 'target', 'details.window'] }).length, 3);
});

test('within: a step exactly at the tolerance merges, one more ms does not', () => {
  const s = (id: string, t: number) => ev(id, t, { type: 'scroll' });
  const runs = collapseRepeats([s('a', 0), s('b', 50), s('c', 101), s('d', 151)], { fields: ['type'], within: 50 });
  assert.deepEqual(runs.map((r) => [r.first, r.last, r.count]), [[0, 1, 2], [2, 3, 2]]);
  assert.deepEqual(collapseRepeats([s('a', 0), s('b', 5000)], { fields: ['type'] }).map((r) => r.count), [2]);
});

test('types are kept apart; missing equals missing; untimed never join timed events; empty input', () => {
  const runs = collapseRepeats([ev('a', 0, {}, { v: 5 }), ev('b', 1, {}, { v: '5' }), ev('c', 2), ev('d', 3, {}, { v: null }), untimed('e'), untimed('f')], { fields: ['v'] });
  assert.deepEqual(runs.map((r) => [r.first, r.last]), [[0, 0], [1, 1], [2, 3], [4, 5]]);
  assert.deepEqual(collapseRepeats([untimed('e'), untimed('f')], { fields: ['v'], within: 10 }).length, 2);
  assert.deepEqual(collapseRepeats([], { fields: ['type'] }), []);
});
