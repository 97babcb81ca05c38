import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Closed, Duration, FieldList, PositiveDuration, partitionBy } from '../../../src/core/operators/sequence-params.js';

/** The parsed value, or the issues of a failed parse. */
function parse(schema: z.ZodType, value: unknown): unknown {
  const r = schema.safeParse(value);
  return r.success ? r.data : r.error.issues;
}

const notADuration = (v: string) => [{ code: 'custom', path: [], message: `${JSON.stringify(v)} is not a duration: use milliseconds or <n>ms|s|m|h|d (30m, 2s).` }];

test('Duration: milliseconds as they are, text with a unit in ms; anything else names the value and the accepted forms', () => {
  assert.equal(parse(Duration, 0), 0);
  assert.equal(parse(Duration, 1500), 1500);
  assert.equal(parse(Duration, '500ms'), 500);
  assert.equal(parse(Duration, '2.5s'), 2500);
  assert.equal(parse(Duration, '30m'), 1_800_000);
  assert.equal(parse(Duration, '1h'), 3_600_000);
  assert.equal(parse(Duration, '1d'), 86_400_000);
  assert.deepEqual(parse(Duration, 'soon'), notADuration('soon'));
  assert.deepEqual(parse(Duration, '5 m'), notADuration('5 m'));
  assert.deepEqual(parse(Duration, -1), [{ origin: 'number', code: 'too_small', minimum: 0, inclusive: true, path: [], message: 'Too small: expected number to be >=0' }]);
});

test('PositiveDuration: 0 ms (as a number or as text) is refused, 1 ms is the least accepted', () => {
  const zero = [{ code: 'custom', path: [], message: 'Must be longer than 0 ms.' }];
  assert.deepEqual(parse(PositiveDuration, 0), zero);
  assert.deepEqual(parse(PositiveDuration, '0s'), zero);
  assert.equal(parse(PositiveDuration, 1), 1);
  assert.equal(parse(PositiveDuration, '1ms'), 1);
  assert.deepEqual(parse(PositiveDuration, 'x'), notADuration('x'));
});

test('partitionBy: one name or several, always a list; the fallback when absent; empty names refused', () => {
  const schema = partitionBy(['user']);
  assert.deepEqual(parse(schema, undefined), ['user']);
  assert.deepEqual(parse(schema, 'session'), ['session']);
  assert.deepEqual(parse(schema, ['user', 'attrs.tab']), ['user', 'attrs.tab']);
  assert.deepEqual(parse(schema, ''), [{ origin: 'string', code: 'too_small', minimum: 1, inclusive: true, path: [], message: 'Too small: expected string to have >=1 characters' }]);
  assert.equal(schema.description, 'Partition the events by these fields (roles, attributes or document paths); each partition in time order. Default ["user"].');
  assert.equal(partitionBy([]).description, 'Partition the events by these fields (roles, attributes or document paths); each partition in time order. Default [].');
});

test('Closed: left (half-open) by default, or both', () => {
  assert.equal(parse(Closed, undefined), 'left');
  assert.equal(parse(Closed, 'both'), 'both');
  assert.deepEqual(parse(Closed, 'right'), [{ code: 'invalid_value', values: ['left', 'both'], path: [], message: 'Invalid option: expected one of "left"|"both"' }]);
  assert.equal(Closed.description, '`left`: windows are half-open [start, end) so adjacent windows never share an event; `both`: [start, end] as Flagon Distill.');
});

test('FieldList: one name or several, always a list; the fallback when absent; an empty list stays empty', () => {
  const schema = FieldList(['a', 'b']);
  assert.deepEqual(parse(schema, undefined), ['a', 'b']);
  assert.deepEqual(parse(schema, 'c'), ['c']);
  assert.deepEqual(parse(schema, ['c', 'd']), ['c', 'd']);
  assert.deepEqual(parse(schema, []), []);
});
