import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIso } from '../../../src/core/time/parse-iso.js';

test('a date alone is midnight UTC', () => {
  assert.equal(parseIso('2024-05-01'), Date.UTC(2024, 4, 1));
});

test('a date-time without zone is read as UTC, not local time', () => {
  assert.equal(parseIso('2024-05-01T10:20:30'), Date.UTC(2024, 4, 1, 10, 20, 30));
  assert.equal(parseIso('2024-05-01 10:20'), Date.UTC(2024, 4, 1, 10, 20));
});

test('microseconds are kept as a fraction of a millisecond', () => {
  assert.equal(parseIso('2024-05-01T00:00:00.0005Z'), Date.UTC(2024, 4, 1) + 0.5);
  assert.equal(parseIso('2024-05-01T00:00:00.123456Z'), Date.UTC(2024, 4, 1) + 123.456);
});

test('offsets move the instant', () => {
  assert.equal(parseIso('2024-05-01T12:00:00+02:00'), Date.UTC(2024, 4, 1, 10));
  assert.equal(parseIso('2024-05-01T12:00:00-0130'), Date.UTC(2024, 4, 1, 13, 30));
});

test('non-ISO text and impossible dates are rejected', () => {
  assert.equal(parseIso('May 1 2024'), undefined);
  assert.equal(parseIso('2024-13-01'), undefined);
  assert.equal(parseIso('2024-05-01T10'), undefined);
  assert.equal(parseIso(''), undefined);
});
