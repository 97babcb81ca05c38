import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { hasTimeQuery, untimedMessage } from '../../../src/sources/elasticsearch/time-presence.js';
import { catalogOf, USERALE_PROPERTIES } from './helpers/catalog.js';

// "Has a time" as an Elasticsearch query, for counting and skipping untimed documents.

const userale = resolveMapping('userale');
const withTime = (...fields: string[]) => resolveMapping('m', { m: { time: fields, type: 'type' } });
const strict = catalogOf(USERALE_PROPERTIES, { dynamic: 'strict' });

describe('hasTimeQuery', () => {
  test('any time field holds a value', () => {
    assert.deepEqual(hasTimeQuery({ mapping: userale, catalog: strict }), { bool: { should: [{ exists: { field: 'clientTime' } }, { exists: { field: 'startTime' } }], minimum_should_match: 1 } });
    assert.deepEqual(hasTimeQuery({ mapping: withTime('clientTime'), catalog: strict }), { exists: { field: 'clientTime' } });
  });
  test('absent time fields are left out; when all are absent nothing has a time', () => {
    assert.deepEqual(hasTimeQuery({ mapping: withTime('gone', 'clientTime'), catalog: strict }), { exists: { field: 'clientTime' } });
    assert.deepEqual(hasTimeQuery({ mapping: withTime('gone'), catalog: strict }), { match_none: {} });
  });
  test('a time field that is not a date, or may be unmapped in documents: no query can tell', () => {
    assert.equal(hasTimeQuery({ mapping: withTime('clientTime', 'type'), catalog: strict }), undefined);
    assert.equal(hasTimeQuery({ mapping: withTime('clientTime', 'gone'), catalog: catalogOf(USERALE_PROPERTIES, { dynamic: false }) }), undefined);
  });
});

describe('untimedMessage', () => {
  test('names the mapping\'s time fields', () => {
    assert.equal(untimedMessage(userale), 'Events with no usable time (clientTime, startTime) were kept without one: they count, time ranges exclude them, sorting by time puts them last.');
  });
});
