import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePath, getPath } from '../../src/core/field-path.js';

const doc = { details: { clicks: 2, attrs: { 'data-id': 42 } }, path: ['a', 'b'], 'geo.city': 'Paris', geo: { country: 'FR' } };

test('nested paths, array indexes and literal dotted keys', () => {
  for (const read of [getPath, (d: unknown, p: string) => compilePath(p)(d)]) {
    assert.equal(read(doc, 'details.clicks'), 2);
    assert.equal(read(doc, 'details.attrs.data-id'), 42);
    assert.equal(read(doc, 'path.1'), 'b');
    assert.equal(read(doc, 'geo.city'), 'Paris');
    assert.equal(read(doc, 'geo.country'), 'FR');
    assert.equal(read(doc, 'details.missing'), undefined);
    assert.equal(read(doc, 'nothing.at.all'), undefined);
    assert.equal(read(null, 'a'), undefined);
  }
});
