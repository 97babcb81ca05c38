import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neighbourMask, type NeighbourOptions } from '../../../src/core/sequence/neighbours.js';
import { ev } from '../../helpers/events.js';
import { cond, typeIs, untimed } from './seq-helpers.js';

const input = cond({ field: 'type', op: 'in', value: ['click', 'keydown'] });
const o = (x: Partial<NeighbourOptions>): NeighbourOptions => ({ target: typeIs('save'), neighbour: input, direction: 'before', within: 2000, keepWhen: 'present', ...x });

test('drop a file-save with no click or key event in the 2 s before it (2 s exactly still counts)', () => {
  const events = [ev('c', 0, { type: 'click' }), ev('s1', 2000, { type: 'save' }), ev('s2', 4001, { type: 'save' }), ev('k', 5000, { type: 'keydown' }), ev('s3', 5000, { type: 'save' })];
  assert.deepEqual(neighbourMask(events, o({})), [true, true, false, true, true]);
  assert.deepEqual(neighbourMask(events, o({ keepWhen: 'absent' })), [true, false, true, true, false]);
});

test('after, either, count limits; an event is never its own neighbour; untimed has no neighbour in time', () => {
  const events = [ev('s1', 0, { type: 'save' }), ev('x', 1), ev('c', 2, { type: 'click' }), ev('s2', 10, { type: 'save' }), untimed('s3', { type: 'save' })];
  assert.deepEqual(neighbourMask(events, o({ direction: 'after', within: 2 })), [true, true, true, false, false]);
  assert.deepEqual(neighbourMask(events, o({ direction: 'after', within: undefined, count: 1 })), [false, true, true, false, false]);
  assert.deepEqual(neighbourMask(events, o({ direction: 'either', within: undefined, count: 2 })), [true, true, true, true, true]);
  assert.deepEqual(neighbourMask(events, o({ direction: 'either', within: 8, count: 2 })), [true, true, true, true, false]);
  assert.deepEqual(neighbourMask(events, o({ direction: 'either', within: undefined })), [true, true, true, true, true]);
  const self = [ev('a', 0, { type: 'save' })];
  assert.deepEqual(neighbourMask(self, o({ neighbour: typeIs('save') })), [false]);
  assert.deepEqual(neighbourMask([], o({})), []);
});
