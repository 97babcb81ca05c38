import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../../src/core/sequence/duration.js';

test('durations: numbers are ms, text has a unit, anything else is undefined', () => {
  assert.deepEqual(['30m', '2s', '1.5s', '500ms', '1h', '1d', ' 3m '].map(parseDuration), [1_800_000, 2000, 1500, 500, 3_600_000, 86_400_000, 180_000]);
  assert.deepEqual([2500, 0].map(parseDuration), [2500, 0]);
  assert.deepEqual(['30', '2 s', '-1s', 'm', ''].map(parseDuration), [undefined, undefined, undefined, undefined, undefined]);
  assert.deepEqual([-1, Number.NaN, Infinity].map(parseDuration), [undefined, undefined, undefined]);
});

test('durations: several decimals, and nothing may follow the unit', () => {
  assert.equal(parseDuration('1.25s'), 1250);
  assert.equal(parseDuration('0.125m'), 7500);
  assert.equal(parseDuration('5sx'), undefined);
  assert.equal(parseDuration('2hours'), undefined);
});
