import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idPart, MISSING } from '../../../src/core/sequence/id-part.js';

test('idPart: missing values (undefined, null, empty string, empty array) are ∅', () => {
  assert.equal(MISSING, '∅');
  assert.equal(idPart(undefined), '∅');
  assert.equal(idPart(null), '∅');
  assert.equal(idPart(''), '∅');
  assert.equal(idPart([]), '∅');
});

test('idPart: strings percent-encoded, numbers and booleans as text, objects and arrays as encoded JSON', () => {
  assert.equal(idPart('chloe.a'), 'chloe.a');
  assert.equal(idPart('a/b c'), 'a%2Fb%20c');
  assert.equal(idPart(42), '42');
  assert.equal(idPart(false), 'false');
  assert.equal(idPart(['a']), '%5B%22a%22%5D'); // ["a"]
  assert.equal(idPart({ k: 1 }), '%7B%22k%22%3A1%7D'); // {"k":1}
});
