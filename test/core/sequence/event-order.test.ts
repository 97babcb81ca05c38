import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareIds, sortPartition } from '../../../src/core/sequence/event-order.js';
import { ev } from '../../helpers/events.js';
import { untimed } from './seq-helpers.js';

test('partition order: time, then ids with numeric digit runs, untimed last', () => {
  const sorted = sortPartition([untimed('f#3'), ev('f#10', 5), ev('f#9', 5), ev('f#1', 7), untimed('f#2'), ev('f#4', 1)]);
  assert.deepEqual(sorted.map((e) => e.id), ['f#4', 'f#9', 'f#10', 'f#1', 'f#2', 'f#3']);
});

test('ids compare numerically by digit runs and stay a total order', () => {
  assert.ok(compareIds('a#2', 'a#10') < 0);
  assert.ok(compareIds('b#1', 'a#10') > 0);
  assert.ok(compareIds('a#01', 'a#1') !== 0);
  assert.equal(compareIds('x', 'x'), 0);
  assert.ok(compareIds('a', 'a1') < 0);
});
