import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandwiches } from '../../../src/core/sequence/sandwich.js';
import { ev } from '../../helpers/events.js';
import { cond, typeIs } from './seq-helpers.js';

test('focus … blur on the same target, with filling counted by type', () => {
  const events = [
    ev('f', 0, { type: 'focus', target: 'input#q' }),
    ev('k1', 1, { type: 'keydown', target: 'input#q' }),
    ev('o', 2, { type: 'focus', target: 'select' }),
    ev('k2', 3, { type: 'keydown', target: 'input#q' }),
    ev('c', 4, { type: 'change', target: 'input#q' }),
    ev('b', 9, { type: 'blur', target: 'input#q' }),
    ev('b2', 10, { type: 'blur', target: 'other' }),
  ];
  assert.deepEqual(sandwiches(events, { start: typeIs('focus'), end: typeIs('blur'), match: ['target'], countBy: 'type' }), [
    { startId: 'f', endId: 'b', start: 0, end: 9, span: 9, innerCount: 4, innerIds: ['k1', 'o', 'k2', 'c'], counts: { keydown: 2, focus: 1, change: 1 } },
  ]);
  const onlyKeys = sandwiches(events, { start: typeIs('focus'), end: typeIs('blur'), match: ['target'], countBy: 'type', inner: cond({ field: 'type', op: 'eq', value: 'keydown' }) });
  assert.deepEqual(onlyKeys.map((s) => [s.innerCount, s.counts]), [[2, { keydown: 2 }]]);
});

test('adjacent bookends give an empty sandwich; no pair gives none', () => {
  const events = [ev('f', 0, { type: 'focus' }), ev('b', 0, { type: 'blur' })];
  assert.deepEqual(sandwiches(events, { start: typeIs('focus'), end: typeIs('blur'), match: [], countBy: 'type' }), [
    { startId: 'f', endId: 'b', start: 0, end: 0, span: 0, innerCount: 0, innerIds: [], counts: {} },
  ]);
  assert.deepEqual(sandwiches([ev('b', 0, { type: 'blur' })], { start: typeIs('focus'), end: typeIs('blur'), match: [], countBy: 'type' }), []);
});

test('filling counted by a missing value under "null", by an object value under its JSON', () => {
  const events = [
    ev('f', 0, { type: 'focus' }),
    ev('x', 1, {}, { details: { k: { a: 1 } } }),
    ev('y', 2),
    ev('z', 3, {}, { details: { k: null } }),
    ev('w', 4, {}, { details: { k: 'k' } }),
    ev('b', 5, { type: 'blur' }),
  ];
  const [s] = sandwiches(events, { start: typeIs('focus'), end: typeIs('blur'), match: [], countBy: 'details.k' });
  assert.deepEqual(s!.counts, { '{"a":1}': 1, null: 2, k: 1 });
  assert.deepEqual(Object.keys(s!.counts), ['{"a":1}', 'null', 'k']);
});
