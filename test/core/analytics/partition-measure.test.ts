import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { partitionValues } from '../../../src/core/analytics/partition-measure.js';

const ev = (id: string, time: number | undefined, doc: Record<string, unknown> = {}): CanonicalEvent => ({ id, time, doc });
const field = (name: string) => (e: CanonicalEvent) => (e.doc as Record<string, unknown>)[name];

test('without a unit, an empty partition still gives one value for per-unit measures', () => {
  assert.deepEqual(partitionValues({ key: ['u'], events: [] }, { measure: 'events' }), [0]);
  assert.deepEqual(partitionValues({ key: ['u'], events: [] }, { measure: 'distinct', field: field('v') }), [0]);
  assert.deepEqual(partitionValues({ key: ['u'], events: [] }, { measure: 'duration' }), []);
});

test('duration runs from the first to the last timed event; untimed events (last) do not end it', () => {
  assert.deepEqual(partitionValues({ key: ['u'], events: [ev('a', 10), ev('b', 40), ev('c', undefined)] }, { measure: 'duration' }), [30]);
});

test('distinct counts present values only (null and missing are not values); objects by content', () => {
  const events = [ev('a', 1, { v: 'x' }), ev('b', 2, { v: null }), ev('c', 3), ev('d', 4, { v: { k: 1 } }), ev('e', 5, { v: { k: 1 } }), ev('f', 6, { v: '{"k":1}' })];
  assert.deepEqual(partitionValues({ key: ['u'], events }, { measure: 'distinct', field: field('v') }), [3]);
});

test('units: null and missing unit values are one unit, equal objects one unit, an object apart from its JSON text', () => {
  const events = [
    ev('a', 1, { s: null }),
    ev('b', 2),
    ev('c', 3, { s: { id: 1 } }),
    ev('d', 4, { s: { id: 1 } }),
    ev('e', 5, { s: '{"id":1}' }),
    ev('h', 5, { s: { id: 2 } }),
    ev('f', 6, { s: 7 }),
    ev('g', 7, { s: '7' }),
  ];
  assert.deepEqual(partitionValues({ key: ['u'], events }, { measure: 'events', unit: field('s') }), [2, 2, 1, 1, 1, 1]);
});
