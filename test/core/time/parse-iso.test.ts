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

test('every field is range-checked: month 01–12, day 01–31', () => {
  for (const text of ['2024-00-05', '2024-13-05', '2024-05-00', '2024-05-32']) assert.equal(parseIso(text), undefined, text);
  assert.equal(parseIso('2024-01-31'), Date.UTC(2024, 0, 31));
  assert.equal(parseIso('2024-12-01'), Date.UTC(2024, 11, 1));
});

test('only the whole text is a date: nothing before or after it', () => {
  assert.equal(parseIso('x2024-05-01'), undefined);
  assert.equal(parseIso('2024-05-01x'), undefined);
  assert.equal(parseIso('12024-05-01'), undefined);
});

test('zones: Z or z, ±hh, ±hhmm, ±hh:mm, with blanks before; a comma for the fraction', () => {
  assert.equal(parseIso('2024-05-01T12:00:00z'), Date.UTC(2024, 4, 1, 12));
  assert.equal(parseIso('2024-05-01T12:00:00 Z'), Date.UTC(2024, 4, 1, 12));
  assert.equal(parseIso('2024-05-01T12:00+01'), Date.UTC(2024, 4, 1, 11));
  assert.equal(parseIso('2024-05-01T12:00:00-00:30'), Date.UTC(2024, 4, 1, 12, 30));
  assert.equal(parseIso('2024-05-01t12:00:00,5Z'), Date.UTC(2024, 4, 1, 12) + 500);
});

test('years 0000–0099 are those years, not 1900–1999', () => {
  assert.equal(parseIso('0099-03-01'), new Date('0099-03-01T00:00:00Z').getTime());
  assert.equal(parseIso('0000-01-01T00:00:00Z'), new Date('0000-01-01T00:00:00Z').getTime());
  assert.equal(parseIso('2024-02-30'), Date.UTC(2024, 2, 1), 'day overflow rolls into the next month, as Date does');
});
