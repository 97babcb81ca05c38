import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sameValueKey, tupleKey, valueKey } from '../../../src/core/sequence/value-key.js';

test('sameValueKey: types apart, missing values equal, NaN equal to NaN, objects by content', () => {
  assert.equal(sameValueKey(5, '5'), false);
  assert.equal(sameValueKey(null, undefined), true);
  assert.equal(sameValueKey(null, 0), false);
  assert.equal(sameValueKey(Number.NaN, Number.NaN), true);
  assert.equal(sameValueKey(0, -0), true);
  assert.equal(sameValueKey(true, 'T'), false);
  assert.equal(sameValueKey({ a: 1, b: [2] }, { b: [2], a: 1 }), true);
  assert.equal(sameValueKey(['x'], 'x'), false);
});

test('sameValueKey(a, b) is exactly valueKey(a) === valueKey(b)', () => {
  const value = fc.oneof(
    fc.constantFrom(undefined, null, 0, -0, 1, Number.NaN, '', '0', '1', 'T', 'F', '~', 's', true, false),
    fc.jsonValue({ maxDepth: 2 }),
  );
  fc.assert(
    fc.property(value, value, (a, b) => {
      assert.equal(sameValueKey(a, b), valueKey(a) === valueKey(b));
      assert.equal(sameValueKey(a, a), true);
    }),
    { numRuns: 2000 },
  );
});

test('valueKey: the exact keys, one prefix per type (missing ~, string s, number n, boolean T/F, JSON j with sorted keys)', () => {
  assert.equal(valueKey(undefined), '~');
  assert.equal(valueKey(null), '~');
  assert.equal(valueKey('a b'), 'sa b');
  assert.equal(valueKey(''), 's');
  assert.equal(valueKey(-2.5), 'n-2.5');
  assert.equal(valueKey(true), 'T');
  assert.equal(valueKey(false), 'F');
  assert.equal(valueKey([]), 'j[]');
  assert.equal(valueKey({}), 'j{}');
  assert.equal(valueKey({ b: 1, a: ['x', { d: null, c: true }] }), 'j{"a":["x",{"c":true,"d":null}],"b":1}');
  // An undefined inside an array is written null, as JSON.stringify writes it.
  assert.equal(valueKey([undefined, 2]), 'j[null,2]');
});

test('tupleKey: one value is its valueKey; several are the JSON list of their keys', () => {
  assert.equal(tupleKey(['a']), 'sa');
  assert.equal(tupleKey([null]), '~');
  assert.equal(tupleKey(['a', 5, null]), '["sa","n5","~"]');
  assert.equal(tupleKey([]), '[]');
});
