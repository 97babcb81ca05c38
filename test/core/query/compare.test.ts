import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareScalars, compareStrings, looseEqual, numericText, valuesOf } from '../../../src/core/query/compare.js';

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

test('valuesOf drops undefined, empty objects and empty arrays inside arrays; a scalar array is returned as it is', () => {
  assert.deepEqual(valuesOf([1, undefined]), [1]);
  assert.deepEqual(valuesOf([{}, 'a', [], [{}]]), ['a']);
  assert.deepEqual(valuesOf([{ k: 1 }]), [{ k: 1 }]);
  const path = ['a', 'b'];
  assert.equal(valuesOf(path), path);
  assert.deepEqual(valuesOf({ k: 1 }), [{ k: 1 }]);
});

test('looseEqual in both directions and for false; text never equals a boolean it does not spell', () => {
  assert.equal(looseEqual('true', true), true);
  assert.equal(looseEqual(false, 'false'), true);
  assert.equal(looseEqual('false', false), true);
  assert.equal(looseEqual('yes', true), false);
  assert.equal(looseEqual(true, 'TRUE'), false);
  assert.equal(looseEqual(5, '5'), true);
  assert.equal(looseEqual(5, '6'), false);
  assert.equal(looseEqual('6', 5), false);
  assert.equal(looseEqual(5, 'five'), false);
  assert.equal(looseEqual(null, 'null'), false);
  assert.equal(looseEqual(2, 3), false);
});

test('numericText: blank text is no number; surrounding blanks are allowed; infinities are not numbers', () => {
  assert.equal(numericText(' '), undefined);
  assert.equal(numericText(''), undefined);
  assert.equal(numericText(' 5 '), 5);
  assert.equal(numericText('-2.5'), -2.5);
  assert.equal(numericText('Infinity'), undefined);
  assert.equal(numericText('5a'), undefined);
  assert.equal(looseEqual(' ', 0), false);
});

test('compareScalars: exact differences, numeric text only against numbers, booleans false < true', () => {
  assert.equal(compareScalars(2, 10), -8);
  assert.equal(compareScalars(10, '2'), 8);
  assert.equal(compareScalars('10', 2), 8);
  assert.ok(compareScalars('2', '10')! > 0, 'two strings compare as text');
  assert.equal(compareScalars(true, false), 1);
  assert.equal(compareScalars(false, true), -1);
  assert.equal(compareScalars(true, true), 0);
  assert.equal(compareScalars('a', true), undefined);
  assert.equal(compareScalars(true, 'a'), undefined);
  assert.equal(compareScalars(1, 'x'), undefined);
  assert.equal(compareScalars(1, true), undefined);
  assert.equal(compareScalars(null, null), undefined);
});

test('compareStrings at the surrogate boundaries: U+10000 (D800 DC00) and U+10FFFF (DBFF DFFF) after U+E000–U+FFFF', () => {
  assert.equal(compareStrings('\u{10000}', '\uE000'), 1);
  assert.equal(compareStrings('\uE000', '\u{10000}'), -1);
  assert.equal(compareStrings('\uD7FF', '\uE000'), 0xd7ff - 0xe000);
  assert.ok(compareStrings('\u{10FFFF}', '\u{10FC00}') > 0);
  assert.equal(compareStrings('\uDBFF\uDFFF', '\uDBFF\uDC00'), 0xdfff - 0xdc00);
  assert.equal(compareStrings('\uFFFF', '\u{10FFFF}'), -1);
  assert.equal(compareStrings('b', 'a'), 1);
  assert.equal(compareStrings('abc', 'a'), 2);
  assert.equal(compareStrings('a', 'abc'), -2);
});

test('edge pairs: a boolean against a number is never equal; a lone high surrogate before U+E000 still sorts by code unit class', () => {
  assert.equal(looseEqual(true, 1), false);
  assert.equal(looseEqual(false, 0), false);
  assert.equal(compareStrings('\uDBFF\uE000', '\u{10FFFF}'), -1);
});
