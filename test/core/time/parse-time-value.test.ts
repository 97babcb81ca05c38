import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeValue } from '../../../src/core/time/parse-time-value.js';

test('auto: numbers and numeric strings are epoch ms, other strings ISO', () => {
  assert.equal(parseTimeValue(1700000000000, 'auto'), 1700000000000);
  assert.equal(parseTimeValue('1700000000000', 'auto'), 1700000000000);
  assert.equal(parseTimeValue('2024-05-01T00:00:00Z', 'auto'), Date.UTC(2024, 4, 1));
});

test('epoch_s multiplies by 1000; iso refuses numbers', () => {
  assert.equal(parseTimeValue(1700000000, 'epoch_s'), 1700000000000);
  assert.equal(parseTimeValue('1700000000.5', 'epoch_s'), 1700000000500);
  assert.equal(parseTimeValue(1700000000000, 'iso'), undefined);
  assert.equal(parseTimeValue('2024-05-01', 'epoch_ms'), undefined);
});

test('absent, empty and non-finite values are undefined', () => {
  for (const v of [null, undefined, '', '  ', Number.NaN, Infinity, {}, [], true]) {
    assert.equal(parseTimeValue(v, 'auto'), undefined, JSON.stringify(v));
  }
});

test('numeric text: trimmed, any number of decimals; iso refuses it, epoch formats refuse ISO', () => {
  assert.equal(parseTimeValue(' 1700000000000 ', 'auto'), 1700000000000);
  assert.equal(parseTimeValue('1700000000000.25', 'auto'), 1700000000000.25);
  assert.equal(parseTimeValue('-12', 'epoch_ms'), -12);
  assert.equal(parseTimeValue('1700000000000', 'iso'), undefined);
  assert.equal(parseTimeValue('2024-05-01', 'iso'), Date.UTC(2024, 4, 1));
  assert.equal(parseTimeValue(' 2024-05-01 ', 'auto'), Date.UTC(2024, 4, 1));
  assert.equal(parseTimeValue('2024-05-01', 'epoch_s'), undefined);
  assert.equal(parseTimeValue('1e3', 'auto'), undefined);
  assert.equal(parseTimeValue(1.5, 'epoch_s'), 1500);
  assert.equal(parseTimeValue(1.5, 'epoch_ms'), 1.5);
});
