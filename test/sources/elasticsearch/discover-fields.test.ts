import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { discoverFields } from '../../../src/sources/elasticsearch/discover-fields.js';
import { catalogOf } from './helpers/catalog.js';

// `distill fields` for Elasticsearch without a node: mapped fields with their index types and roles, merged with
// what a sample of documents holds (counts, examples, and fields found only in documents).

const mapping = resolveMapping('userale').mapping;

describe('discoverFields', () => {
  test('mapped fields with their Elasticsearch types, counted in the sample; unmapped fields with JSON types; sorted', () => {
    const catalog = catalogOf({ type: { type: 'keyword' }, userId: { type: 'keyword' }, clientTime: { type: 'date' }, zeta: { type: 'long' } }, { dynamic: false });
    const docs = [
      { type: 'click', userId: 'u1', clientTime: 1, loose: { a: 1 } },
      { type: 'load', clientTime: 2 },
    ];
    assert.deepEqual(discoverFields(catalog, docs, mapping), [
      { field: 'clientTime', types: ['date'], count: 2, roles: ['time'], examples: [1, 2] },
      { field: 'loose', types: ['object'], count: 1, roles: [] },
      { field: 'loose.a', types: ['integer'], count: 1, roles: [], examples: [1] },
      { field: 'type', types: ['keyword'], count: 2, roles: ['type'], examples: ['click', 'load'] },
      { field: 'userId', types: ['keyword'], count: 1, roles: ['user'], examples: ['u1'] },
      { field: 'zeta', types: ['long'], count: 0, roles: [] },
    ]);
  });

  test('no sample: the mapped fields alone', () => {
    const catalog = catalogOf({ b: { type: 'keyword' }, a: { type: 'text' } });
    assert.deepEqual(discoverFields(catalog, [], mapping), [
      { field: 'a', types: ['text'], count: 0, roles: [] },
      { field: 'b', types: ['keyword'], count: 0, roles: [] },
    ]);
  });
});
