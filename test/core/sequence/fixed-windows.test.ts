import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidPipelineError } from '../../../src/core/errors.js';
import { fixedWindows, type FixedOptions } from '../../../src/core/sequence/fixed-windows.js';
import type { Segment } from '../../../src/core/sequence/segment.js';
import { ev } from '../../helpers/events.js';

const fixed = (o: Partial<FixedOptions>): FixedOptions => ({ size: 5, align: 'first', trim: false, keepEmpty: false, closed: 'left', label: 'w', maxWindows: 1e6, ...o });
const brief = (s: readonly Segment[]): unknown[] => s.map((x) => [x.name, x.start, x.end, x.eventIds.join(',')]);

test('fixed windows, closed both, empty ones left out: an event on a boundary is also in the window before, even an otherwise empty one', () => {
  const events = [ev('a', 0), ev('b', 10), ev('c', 12)];
  assert.deepEqual(brief(fixedWindows(events, fixed({ closed: 'both' }))), [
    ['w0', 0, 5, 'a'],
    ['w1', 5, 10, 'b'],
    ['w2', 10, 15, 'b,c'],
  ]);
  assert.deepEqual(brief(fixedWindows(events, fixed({ closed: 'left' }))), [
    ['w0', 0, 5, 'a'],
    ['w2', 10, 15, 'b,c'],
  ]);
  // Clock alignment: the origin is a multiple of the size, and the boundary test uses it.
  assert.deepEqual(brief(fixedWindows([ev('a', 3), ev('b', 15)], fixed({ closed: 'both', align: 'clock' }))), [
    ['w0', 0, 5, 'a'],
    ['w2', 10, 15, 'b'],
    ['w3', 15, 20, 'b'],
  ]);
});

test('fixed windows with trim: a window ending exactly at the last event is complete', () => {
  assert.deepEqual(brief(fixedWindows([ev('a', 0), ev('b', 3), ev('c', 10)], fixed({ trim: true, keepEmpty: true }))), [
    ['w0', 0, 5, 'a,b'],
    ['w1', 5, 10, ''],
  ]);
});

test('fixed windows: exactly maxWindows is allowed; one more is a typed error naming the numbers', () => {
  const events = [ev('a', 100), ev('b', 149)];
  assert.equal(fixedWindows(events, fixed({ keepEmpty: true, maxWindows: 10 })).length, 10);
  assert.equal(fixedWindows(events, fixed({ keepEmpty: false, maxWindows: 1 })).length, 2);
  assert.throws(
    () => fixedWindows(events, fixed({ keepEmpty: true, maxWindows: 9 })),
    (e: unknown) => {
      const err = e as InvalidPipelineError;
      assert.ok(err instanceof InvalidPipelineError);
      assert.equal(err.code, 'invalid_pipeline');
      assert.match(err.message, /Fixed windows of 5 ms over 49 ms need 10 windows, more than the limit 9/);
      assert.equal(err.issues.length, 1);
      assert.equal(err.issues[0]!.code, 'too_many_windows');
      assert.deepEqual(err.issues[0]!.path, ['size']);
      assert.match(err.issues[0]!.message, /10 windows exceed 9/);
      return true;
    },
  );
});
