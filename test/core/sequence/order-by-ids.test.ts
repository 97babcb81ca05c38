import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderByIds } from '../../../src/core/sequence/order-by-ids.js';
import { ev } from '../../helpers/events.js';

test('orderByIds: ids ascending as strings, events of one id in their given order', () => {
  const [a, b, c, d] = [ev('f#1', 1), ev('f#2', 2), ev('f#3', 3), ev('f#4', 4)];
  assert.deepEqual(orderByIds([a, b, c, d], ['u/2', 'u/1', 'u/2', 'u.x/1'], false), [d, b, a, c]);
  assert.deepEqual(orderByIds([c, a], ['u/1', 'u/1'], false), [c, a], 'one id: the given order, even unsorted');
  assert.deepEqual(orderByIds([], [], false), []);
});

test('orderByIds with resort: events of an id from several partitions in partition order (time, id; untimed last; ties stable)', () => {
  const late = ev('f#9', 5);
  const untimed = ev('f#1', undefined as unknown as number);
  const tieA = ev('f#2', 3);
  const tieB = ev('f#2', 3);
  const early = ev('f#10', 1);
  assert.deepEqual(orderByIds([late, untimed, tieA, early, tieB], ['1/s/1', '1/s/1', '1/s/1', '1/s/1', '1/t/1'], true), [early, tieA, late, untimed, tieB]);
  const got = orderByIds([tieB, tieA], ['x', 'x'], true);
  assert.equal(got[0], tieB, 'equal time and id keep the given order');
});
