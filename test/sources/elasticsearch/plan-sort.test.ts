import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NormalizedMapping } from '../../../src/core/schema/mapping-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { compareEsValues, planSort } from '../../../src/sources/elasticsearch/plan-sort.js';
import { catalogOf, USERALE_PROPERTIES } from './helpers/catalog.js';

// The sort plans Elasticsearch reads sorted streams by: the exact select and sort clause of every stream, the
// documents missing the key, and the plan of the keys after it.

const userale = resolveMapping('userale').mapping;
const strict = catalogOf(USERALE_PROPERTIES, { dynamic: 'strict' });
const both = catalogOf({ ...USERALE_PROPERTIES, sessionID: { type: 'keyword' } }, { dynamic: 'strict' });
const asc = (field: string) => ({ field, order: 'asc' as const });
const desc = (field: string) => ({ field, order: 'desc' as const });

const exists = (f: string) => ({ exists: { field: f } });
/** Holds a value: present and not the empty string. */
const valued = (f: string) => ({ bool: { filter: [exists(f), { bool: { must_not: [{ term: { [f]: '' } }] } }] } });
const none = (...q: unknown[]) => ({ bool: { must_not: q } });

describe('planSort', () => {
  test('no keys: nothing to plan', () => {
    assert.equal(planSort([], userale, strict), undefined);
  });

  test('a string role on one keyword field: one stream of documents with a value, the rest missing', () => {
    assert.deepEqual(planSort([desc('user')], userale, strict), {
      key: desc('user'),
      valueKind: 'string',
      streams: [{ select: valued('userId'), sort: { userId: { order: 'desc' } } }],
      missing: none(valued('userId')),
      rest: undefined,
    });
  });

  test('fallback fields: each stream takes the documents the earlier fields leave; absent fallbacks are skipped', () => {
    assert.deepEqual(planSort([asc('session')], userale, both), {
      key: asc('session'),
      valueKind: 'string',
      streams: [
        { select: valued('sessionId'), sort: { sessionId: { order: 'asc' } } },
        { select: { bool: { filter: [none(valued('sessionId')), exists('sessionID'), { bool: { must_not: [{ term: { sessionID: '' } }] } }] } }, sort: { sessionID: { order: 'asc' } } },
      ],
      missing: { bool: { filter: [none(valued('sessionId')), none(valued('sessionID'))] } },
      rest: undefined,
    });
    assert.deepEqual(planSort([asc('session')], userale, strict)!.streams, [{ select: valued('sessionId'), sort: { sessionId: { order: 'asc' } } }]);
  });

  test('the path role: an empty string is a value', () => {
    assert.deepEqual(planSort([asc('path')], userale, strict), {
      key: asc('path'),
      valueKind: 'string',
      streams: [{ select: exists('path'), sort: { path: { order: 'asc' } } }],
      missing: none(exists('path')),
      rest: undefined,
    });
  });

  test('a time role: numeric streams in milliseconds, then the keys after it', () => {
    assert.deepEqual(planSort([asc('time'), desc('user')], userale, strict), {
      key: asc('time'),
      valueKind: 'number',
      streams: [
        { select: exists('clientTime'), sort: { clientTime: { order: 'asc', numeric_type: 'date' } } },
        { select: { bool: { filter: [none(exists('clientTime')), exists('startTime')] } }, sort: { startTime: { order: 'asc', numeric_type: 'date' } } },
      ],
      missing: { bool: { filter: [none(exists('clientTime')), none(exists('startTime'))] } },
      rest: planSort([desc('user')], userale, strict),
    });
    assert.equal(planSort([asc('time'), desc('user')], userale, strict)!.rest!.key.field, 'user');
    assert.equal(planSort([asc('user'), asc('details.clicks')], userale, strict)!.rest, undefined);
  });

  test('a time role with an absent fallback field: planned over the fields that exist', () => {
    const noStart = catalogOf(Object.fromEntries(Object.entries(USERALE_PROPERTIES).filter(([k]) => k !== 'startTime')), { dynamic: 'strict' });
    assert.deepEqual(planSort([desc('time')], userale, noStart), {
      key: desc('time'),
      valueKind: 'number',
      streams: [{ select: exists('clientTime'), sort: { clientTime: { order: 'desc', numeric_type: 'date' } } }],
      missing: none(exists('clientTime')),
      rest: undefined,
    });
  });

  test('a text field with a keyword sub-field sorts on the sub-field', () => {
    const catalog = catalogOf({ title: { type: 'text', fields: { keyword: { type: 'keyword' } } } }, { dynamic: 'strict' });
    const mapping = { ...userale, target: ['title'] } as NormalizedMapping;
    assert.deepEqual(planSort([asc('target')], mapping, catalog)!.streams, [{ select: valued('title.keyword'), sort: { 'title.keyword': { order: 'asc' } } }]);
  });

  test('what cannot be sorted exactly in Elasticsearch: undefined', () => {
    const m = (over: Partial<NormalizedMapping>) => ({ ...userale, ...over }) as NormalizedMapping;
    assert.equal(planSort([asc('id')], userale, strict), undefined, 'the id falls back to _id');
    assert.equal(planSort([asc('details.clicks')], userale, strict), undefined, 'a document field');
    assert.equal(planSort([asc('attrs.x')], userale, strict), undefined, 'a derived attribute');
    assert.equal(planSort([asc('user')], m({ user: ['userAction'] }), strict), undefined, 'a boolean field');
    assert.equal(planSort([asc('user')], m({ user: ['userId'] }), catalogOf(USERALE_PROPERTIES, { ignored: ['userId'] })), undefined, 'ignored values');
    assert.equal(planSort([asc('user')], m({ user: ['userId'] }), catalogOf(USERALE_PROPERTIES, { caps: { userId: { searchable: true, aggregatable: false } } })), undefined, 'no doc values');
    assert.equal(planSort([asc('user')], m({ user: ['nowhere'] }), catalogOf(USERALE_PROPERTIES, { dynamic: false })), undefined, 'not indexed');
    assert.equal(planSort([asc('time')], userale, catalogOf(USERALE_PROPERTIES, { caps: { startTime: { searchable: true, aggregatable: false } } })), undefined, 'a time field without doc values');
    assert.equal(planSort([asc('time')], m({ time: [{ field: 'userId', format: 'auto' }] }), strict), undefined, 'a time role on a keyword field');
  });
});

describe('compareEsValues', () => {
  test('numbers numerically, strings by code point, mixed as strings', () => {
    assert.equal(compareEsValues(2, 10), -8);
    assert.equal(compareEsValues(10, 2), 8);
    assert.ok(compareEsValues('B', 'a') < 0);
    assert.ok(compareEsValues('b', 'a') > 0);
    assert.equal(compareEsValues('a', 'a'), 0);
    assert.ok(compareEsValues(10, '9') < 0, 'a number against a string compares as text');
    assert.ok(compareEsValues('\u{1F600}', '\uFFFF') > 0, 'code points, not UTF-16 units');
  });
});
