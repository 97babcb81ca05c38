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

test('through arrays of objects the path collects every element\'s value, as Elasticsearch indexes them', () => {
  const d = { items: [{ name: 'a', tags: ['x'] }, { name: 'b', tags: ['y', 'z'] }, { other: 1 }], path: ['p0', 'p1'] };
  for (const read of [getPath, (doc: unknown, p: string) => compilePath(p)(doc)]) {
    assert.deepEqual(read(d, 'items.name'), ['a', 'b']);
    assert.deepEqual(read(d, 'items.tags'), ['x', 'y', 'z']);
    assert.equal(read(d, 'items.1.name'), 'b', 'a numeric segment still indexes');
    assert.equal(read(d, 'path.1'), 'p1');
    assert.equal(read(d, 'items.missing'), undefined);
  }
});
