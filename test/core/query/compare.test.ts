import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareScalars, compareStrings, looseEqual, valuesOf } from '../../../src/core/query/compare.js';

test('valuesOf: missing, arrays (flattened, nulls dropped) and scalars', () => {
  assert.deepEqual(valuesOf(undefined), []);
  assert.deepEqual(valuesOf(null), []);
  assert.deepEqual(valuesOf([]), []);
  assert.deepEqual(valuesOf({}), []);
  assert.deepEqual(valuesOf(['a', 'b']), ['a', 'b']);
  assert.deepEqual(valuesOf([1, null, [2, [3]]]), [1, 2, 3]);
  assert.deepEqual(valuesOf(0), [0]);
  assert.deepEqual(valuesOf(''), ['']);
});

test('looseEqual across types', () => {
  assert.equal(looseEqual(5, '5'), true);
  assert.equal(looseEqual('5.0', 5), true);
  assert.equal(looseEqual(true, 'true'), true);
  assert.equal(looseEqual(1, true), false);
  assert.equal(looseEqual('', 0), false);
  assert.equal(looseEqual('a', 'A'), false);
});

test('compareScalars: numeric, lexical, or not comparable', () => {
  assert.ok(compareScalars(2, 10)! < 0);
  assert.ok(compareScalars('10', 2)! > 0);
  assert.ok(compareScalars('10', '2')! < 0);
  assert.equal(compareScalars('abc', 1), undefined);
  assert.equal(compareScalars(true, 1), undefined);
  assert.equal(compareScalars({}, 1), undefined);
});

test('compareStrings orders by code point, as Elasticsearch orders keywords (UTF-8 bytes)', () => {
  const emoji = '\u{1F600}'; // a surrogate pair in UTF-16
  const privateUse = '\uE000';
  assert.ok('a' < emoji && emoji < privateUse, 'JavaScript puts the emoji first (UTF-16 units)');
  assert.ok(compareStrings(privateUse, emoji) < 0, 'code point order puts U+E000 before U+1F600');
  assert.ok(compareStrings('a', 'b') < 0);
  assert.ok(compareStrings('ab', 'a') > 0);
  assert.equal(compareStrings('same', 'same'), 0);
  assert.deepEqual(['b', emoji, privateUse, 'a'].sort(compareStrings), ['a', 'b', privateUse, emoji]);
});
