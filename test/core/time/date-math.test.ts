import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDateTime, MAX_DATE_MS, resolveTimeBound } from '../../../src/core/time/date-math.js';

const NOW = Date.UTC(2024, 4, 15, 13, 45, 30, 250); // Wednesday 2024-05-15

test('now and offsets', () => {
  assert.equal(resolveTimeBound('now', NOW), NOW);
  assert.equal(resolveTimeBound('now-7d', NOW), NOW - 7 * 86_400_000);
  assert.equal(resolveTimeBound('now+1h-30m', NOW), NOW + 30 * 60_000);
});

test('rounding goes down to the start of the unit, in UTC', () => {
  assert.equal(resolveTimeBound('now/d', NOW), Date.UTC(2024, 4, 15));
  assert.equal(resolveTimeBound('now-1d/d', NOW), Date.UTC(2024, 4, 14));
  assert.equal(resolveTimeBound('now/M', NOW), Date.UTC(2024, 4, 1));
  assert.equal(resolveTimeBound('now/y', NOW), Date.UTC(2024, 0, 1));
  assert.equal(resolveTimeBound('now/w', NOW), Date.UTC(2024, 4, 13)); // Monday
  assert.equal(resolveTimeBound('now/h', NOW), Date.UTC(2024, 4, 15, 13));
  assert.equal(resolveTimeBound('now/m', NOW), Date.UTC(2024, 4, 15, 13, 45));
  assert.equal(resolveTimeBound('now/s', NOW), Date.UTC(2024, 4, 15, 13, 45, 30));
});

test('month and year arithmetic follow the calendar, clamping to the month end like Elasticsearch', () => {
  assert.equal(resolveTimeBound('2024-01-31||+1M', NOW), Date.UTC(2024, 1, 29));
  assert.equal(resolveTimeBound('2024-02-29||+1y', NOW), Date.UTC(2025, 1, 28));
  assert.equal(resolveTimeBound('2024-03-31T06:00:00Z||-1M', NOW), Date.UTC(2024, 1, 29, 6));
  assert.equal(resolveTimeBound('2024-05-01||+1M', NOW), Date.UTC(2024, 5, 1));
  assert.equal(resolveTimeBound('2024-05-01T10:00:00Z||-1y/M', NOW), Date.UTC(2023, 4, 1));
});

test('epoch milliseconds and ISO pass through', () => {
  assert.equal(resolveTimeBound(1700000000000, NOW), 1700000000000);
  assert.equal(resolveTimeBound('1700000000000', NOW), 1700000000000);
  assert.equal(resolveTimeBound('2024-05-01T00:00:00Z', NOW), Date.UTC(2024, 4, 1));
});

test('garbage is undefined', () => {
  assert.equal(resolveTimeBound('now-7x', NOW), undefined);
  assert.equal(resolveTimeBound('yesterday', NOW), undefined);
  assert.equal(resolveTimeBound('not-a-date||+1d', NOW), undefined);
  assert.equal(resolveTimeBound(Number.NaN, NOW), undefined);
});

test('every unit adds: years, months, weeks, days, hours (h and H), minutes, seconds', () => {
  assert.equal(resolveTimeBound('now+2y', NOW), Date.UTC(2026, 4, 15, 13, 45, 30, 250));
  assert.equal(resolveTimeBound('now-3y', NOW), Date.UTC(2021, 4, 15, 13, 45, 30, 250));
  assert.equal(resolveTimeBound('now-14M', NOW), Date.UTC(2023, 2, 15, 13, 45, 30, 250));
  assert.equal(resolveTimeBound('now+2w', NOW), NOW + 14 * 86_400_000);
  assert.equal(resolveTimeBound('now-3d', NOW), NOW - 3 * 86_400_000);
  assert.equal(resolveTimeBound('now+5h', NOW), NOW + 5 * 3_600_000);
  assert.equal(resolveTimeBound('now-5H', NOW), NOW - 5 * 3_600_000);
  assert.equal(resolveTimeBound('now+7m', NOW), NOW + 7 * 60_000);
  assert.equal(resolveTimeBound('now-30s', NOW), NOW - 30_000);
  assert.equal(resolveTimeBound('now/H', NOW), Date.UTC(2024, 4, 15, 13));
});

test('text is trimmed; numbers may carry any number of decimals; fractions survive month arithmetic', () => {
  assert.equal(resolveTimeBound('  now-1d/d ', NOW), Date.UTC(2024, 4, 14));
  assert.equal(resolveTimeBound('1700000000000.25', NOW), 1700000000000.25);
  assert.equal(resolveTimeBound('-1.5', NOW), -1.5);
  assert.equal(resolveTimeBound('2024-01-31T00:00:00.0005Z||+1M', NOW), Date.UTC(2024, 1, 29) + 0.5);
  assert.equal(resolveTimeBound('||+1d', NOW), undefined);
  assert.equal(resolveTimeBound('1.', NOW), undefined);
});

test('the Date range ends the math: exactly ±8.64e15 ms is a time, one step beyond is undefined', () => {
  // 100,000,000 days is 8.64e15 ms exactly, the last instant a Date holds (ECMAScript §21.4.1.1).
  assert.equal(resolveTimeBound('now+100000000d', 0), 8.64e15);
  assert.equal(resolveTimeBound('now-100000000d', 0), -8.64e15);
  assert.equal(resolveTimeBound('now+100000001d', 0), undefined);
  assert.equal(resolveTimeBound('now-100000000d-1s', 0), undefined);
  // Past the range by calendar arithmetic (Date.UTC gives NaN) and by an intermediate step that later comes back.
  assert.equal(resolveTimeBound('now+300000y', NOW), undefined);
  assert.equal(resolveTimeBound('now+100000001d-2d', 0), undefined);
  assert.equal(MAX_DATE_MS, 8.64e15);
  assert.equal(isDateTime(8.64e15), true);
  assert.equal(isDateTime(-8.64e15), true);
  assert.equal(isDateTime(8.64e15 + 1), false);
  assert.equal(isDateTime(-8.64e15 - 1), false);
  assert.equal(isDateTime(Number.NaN), false);
  assert.equal(isDateTime(Number.POSITIVE_INFINITY), false);
});
