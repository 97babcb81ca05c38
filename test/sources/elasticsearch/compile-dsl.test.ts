import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition } from '../../../src/core/query/query-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { compileConditionDsl } from '../../../src/sources/elasticsearch/compile-dsl.js';
import { compileQueryDsl, sourceIncludes } from '../../../src/sources/elasticsearch/compile-query-dsl.js';
import type { FieldCatalog, FieldFamily, FieldSpec } from '../../../src/sources/elasticsearch/field-catalog.js';
import { planSort, compareEsValues } from '../../../src/sources/elasticsearch/plan-sort.js';

// The Elasticsearch query compiler on its own: exact DSL for what Elasticsearch expresses exactly, supersets with
// a reported residual for the rest (see docs/elasticsearch.md, "What compiles exactly").

const FAMILY_TYPE: Record<string, FieldFamily> = {
  keyword: 'keyword',
  text: 'text',
  long: 'integer',
  integer: 'integer',
  double: 'double',
  float: 'float',
  boolean: 'boolean',
  date: 'date',
  object: 'object',
  geo_point: 'other',
};

function spec(field: string, type: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return {
    field,
    types: [type],
    family: FAMILY_TYPE[type] ?? 'other',
    searchable: true,
    aggregatable: type !== 'text' && type !== 'object',
    ignored: false,
    nullValue: false,
    ...(type === 'date' ? { formats: ['strict_date_optional_time', 'epoch_millis'] } : {}),
    ...extra,
  };
}

const FIELDS: FieldSpec[] = [
  spec('type', 'keyword'),
  spec('sessionId', 'keyword'),
  spec('sessionID', 'keyword'),
  spec('userId', 'keyword'),
  spec('target', 'keyword'),
  spec('pageUrl', 'keyword'),
  spec('logType', 'keyword'),
  spec('path', 'keyword'),
  spec('clientTime', 'date'),
  spec('startTime', 'date'),
  spec('endTime', 'date'),
  spec('microTime', 'float'),
  spec('details', 'object'),
  spec('details.clicks', 'integer'),
  spec('details.y', 'long'),
  spec('price', 'double'),
  spec('userAction', 'boolean'),
  spec('title', 'text', { keywordField: 'title.keyword' }),
  spec('body', 'text'),
  spec('note', 'keyword', { ignored: true }),
  spec('pageTitle', 'keyword'),
  spec('where', 'geo_point'),
  spec('legacy', 'object'),
];

const catalog: FieldCatalog = {
  indices: ['userale'],
  fields: new Map(FIELDS.map((f) => [f.field, f])),
  unknownIgnored: false,
  loadedAt: 0,
  isAbsent: (field) => !field.startsWith('legacy.') && !FIELDS.some((f) => f.field === field),
};

const ctx = { mapping: resolveMapping('userale').mapping, catalog, now: Date.UTC(2024, 2, 11) };
const compile = (c: Condition) => compileConditionDsl(c, ctx);

const usable = (f: string) => ({ bool: { filter: [{ exists: { field: f } }, { bool: { must_not: [{ term: { [f]: '' } }] } }] } });

describe('roles with fallback fields', () => {
  test('session eq x: sessionId, or sessionID when sessionId holds no value', () => {
    assert.deepEqual(compile({ field: 'session', op: 'eq', value: 'x' }), {
      q: {
        bool: {
          should: [{ term: { sessionId: 'x' } }, { bool: { filter: [{ bool: { must_not: [usable('sessionId')] } }, { term: { sessionID: 'x' } }] } }],
          minimum_should_match: 1,
        },
      },
      exact: true,
      notes: [],
    });
  });

  test('session missing: neither field holds a value', () => {
    const c = compile({ field: 'session', op: 'exists', value: false });
    assert.equal(c.exact, true);
    assert.deepEqual(c.q, { bool: { must_not: [{ bool: { should: [usable('sessionId'), usable('sessionID')], minimum_should_match: 1 } }] } });
  });

  test('an empty string is no role value; a number is tested in memory', () => {
    assert.deepEqual(compile({ field: 'type', op: 'eq', value: '' }), { q: false, exact: true, notes: [] });
    const n = compile({ field: 'user', op: 'eq', value: 5 });
    assert.equal(n.q, true);
    assert.equal(n.exact, false);
    assert.match(n.notes[0]!.reason, /number/);
  });

  test('in merges into terms, and null means missing', () => {
    const c = compile({ field: 'type', op: 'in', value: ['click', 'focus', null] });
    assert.equal(c.exact, true);
    assert.deepEqual(c.q, { bool: { should: [{ terms: { type: ['click', 'focus'] } }, { bool: { must_not: [usable('type')] } }], minimum_should_match: 1 } });
  });

  test('role ranges and string tests require a usable value', () => {
    assert.deepEqual(compile({ field: 'target', op: 'lt', value: 'b' }).q, { bool: { filter: [{ range: { target: { lt: 'b' } } }, ...usable('target').bool.filter] } });
    // Both back ends order strings by code point (UTF-8 bytes), so a bound with astral characters is exact too.
    assert.equal(compile({ field: 'target', op: 'lt', value: '\u{1F600}' }).exact, true);
    assert.deepEqual(compile({ field: 'page', op: 'prefix', value: 'https://' }).exact, true);
  });

  test('the id is the document _id', () => {
    assert.deepEqual(compile({ field: 'id', op: 'eq', value: 'f.ndjson#3' }), { q: { ids: { values: ['f.ndjson#3'] } }, exact: true, notes: [] });
    assert.equal(compile({ field: 'id', op: 'prefix', value: 'f' }).exact, false);
  });
});

describe('time roles', () => {
  test('whole-millisecond >= and < compile exactly over clientTime, then startTime', () => {
    const c = compile({ field: 'time', op: 'gte', value: '2024-03-05T00:00:00Z' });
    assert.deepEqual(c, {
      q: {
        bool: {
          should: [
            { range: { clientTime: { gte: 1709596800000, format: 'epoch_millis' } } },
            { bool: { filter: [{ bool: { must_not: [{ exists: { field: 'clientTime' } }] } }, { range: { startTime: { gte: 1709596800000, format: 'epoch_millis' } } }] } },
          ],
          minimum_should_match: 1,
        },
      },
      exact: true,
      notes: [],
    });
    assert.equal(compile({ field: 'time', op: 'lt', value: 'now-1d/d' }).exact, true);
  });

  test('fractional and inclusive-upper / exclusive-lower bounds push the enclosing millisecond and re-check', () => {
    const gt = compile({ field: 'time', op: 'gt', value: 1000.5 });
    assert.equal(gt.exact, false);
    assert.match(JSON.stringify(gt.q), /"gte":1000,/);
    const lte = compile({ field: 'time', op: 'lte', value: 2000 });
    assert.equal(lte.exact, false);
    assert.match(JSON.stringify(lte.q), /"lte":2000,/);
  });

  test('string tests never hold for times; equality is checked in memory', () => {
    assert.deepEqual(compile({ field: 'time', op: 'prefix', value: '17' }), { q: false, exact: true, notes: [] });
    assert.equal(compile({ field: 'time', op: 'eq', value: 5 }).exact, false);
  });
});

describe('document fields by mapping type', () => {
  test('keyword: canonical numeric text exact, other spellings widened; numbers in memory', () => {
    assert.deepEqual(compile({ field: 'pageTitle', op: 'eq', value: '12345' }).q, { term: { pageTitle: '12345' } });
    const spelled = compile({ field: 'pageTitle', op: 'eq', value: '5.0' });
    assert.deepEqual(spelled.q, { terms: { pageTitle: ['5.0', '5'] } });
    assert.equal(spelled.exact, false);
    assert.equal(compile({ field: 'pageTitle', op: 'eq', value: 5 }).q, true);
    assert.deepEqual(compile({ field: 'pageTitle', op: 'eq', value: true }).q, { term: { pageTitle: 'true' } });
  });

  test('keyword string tests are exact unless a number or boolean could pass them', () => {
    assert.equal(compile({ field: 'pageTitle', op: 'prefix', value: 'Ca' }).exact, true);
    assert.equal(compile({ field: 'pageTitle', op: 'prefix', value: '12' }).exact, false);
    assert.equal(compile({ field: 'pageTitle', op: 'contains', value: 'ru' }).exact, false);
    assert.deepEqual(compile({ field: 'pageTitle', op: 'contains', value: 'a*b?c\\' }).q, { wildcard: { pageTitle: { value: '*a\\*b\\?c\\\\*' } } });
  });

  test('integer fields: Elasticsearch truncates fractions, so comparisons are widened and re-checked', () => {
    const eq = compile({ field: 'details.y', op: 'eq', value: 100.5 });
    assert.deepEqual(eq.q, { term: { 'details.y': 100 } });
    assert.equal(eq.exact, false);
    assert.deepEqual(compile({ field: 'details.y', op: 'gt', value: 2.5 }).q, { range: { 'details.y': { gte: 2 } } });
    assert.deepEqual(compile({ field: 'details.y', op: 'lt', value: 2.5 }).q, { range: { 'details.y': { lte: 3 } } });
    assert.deepEqual(compile({ field: 'details.y', op: 'eq', value: 'abc' }), { q: false, exact: true, notes: [] });
  });

  test('double fields compare exactly; float fields are widened', () => {
    assert.deepEqual(compile({ field: 'price', op: 'gt', value: 5 }), { q: { range: { price: { gt: 5 } } }, exact: true, notes: [] });
    const f = compile({ field: 'microTime', op: 'gt', value: 0.5 });
    assert.equal(f.exact, false);
    assert.ok(((f.q as { range: { microTime: { gte: number } } }).range.microTime.gte) < 0.5);
  });

  test('booleans, text with a keyword sub-field, and values past ignore_above', () => {
    assert.deepEqual(compile({ field: 'userAction', op: 'eq', value: 'true' }), { q: { term: { userAction: true } }, exact: true, notes: [] });
    assert.deepEqual(compile({ field: 'userAction', op: 'eq', value: 'yes' }), { q: false, exact: true, notes: [] });
    assert.deepEqual(compile({ field: 'title', op: 'eq', value: 'Home' }).q, { term: { 'title.keyword': 'Home' } });
    assert.equal(compile({ field: 'body', op: 'eq', value: 'x' }).q, true);
    const long = compile({ field: 'note', op: 'eq', value: 'x' });
    assert.equal(long.exact, false);
    assert.deepEqual(long.q, { bool: { should: [{ term: { note: 'x' } }, { term: { _ignored: 'note' } }], minimum_should_match: 1 } });
    assert.deepEqual(compile({ field: 'note', op: 'exists', value: true }), {
      q: { bool: { should: [{ exists: { field: 'note' } }, { term: { _ignored: 'note' } }], minimum_should_match: 1 } },
      exact: true,
      notes: [],
    });
  });

  test('absent fields match nothing exactly; unindexed ones run in memory', () => {
    assert.deepEqual(compile({ field: 'nope', op: 'eq', value: 'x' }), { q: false, exact: true, notes: [] });
    assert.deepEqual(compile({ field: 'nope', op: 'exists', value: false }), { q: true, exact: true, notes: [] });
    assert.equal(compile({ field: 'legacy.x', op: 'eq', value: 'x' }).exact, false);
    assert.equal(compile({ field: 'details', op: 'exists', value: true }).exact, false);
    assert.equal(compile({ field: 'where', op: 'eq', value: 'x' }).exact, false);
  });
});

describe('combinators and the residual', () => {
  test('not of an exact query is exact; not of a superset is no constraint', () => {
    assert.deepEqual(compile({ not: { field: 'type', op: 'eq', value: 'a' } }), { q: { bool: { must_not: [{ term: { type: 'a' } }] } }, exact: true, notes: [] });
    const n = compile({ not: { field: 'details.y', op: 'eq', value: 3 } });
    assert.equal(n.q, true);
    assert.equal(n.exact, false);
  });

  test('empty all matches everything, empty any nothing', () => {
    assert.deepEqual(compile({ all: [] }), { q: true, exact: true, notes: [] });
    assert.deepEqual(compile({ any: [] }), { q: false, exact: true, notes: [] });
  });

  test('a top-level all keeps only its inexact parts for memory, and still pushes their superset', () => {
    const query = {
      time: { from: 1000 },
      where: { all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'details.y', op: 'gt', value: 2.5 }] } as Condition,
    } as const;
    const c = compileQueryDsl(query, ctx);
    assert.equal(c.filters.length, 3);
    assert.deepEqual(c.residual, { field: 'details.y', op: 'gt', value: 2.5 });
    assert.deepEqual(c.notes.map((n) => n.path), [['where', 'all', 1]]);
    assert.deepEqual(sourceIncludes(['pageUrl'], ctx.mapping, c.residual).sort(), [
      'clientTime', 'details.y', 'endTime', 'logType', 'microTime', 'pageUrl', 'path', 'sessionID', 'sessionId', 'startTime', 'target', 'type', 'userId',
    ]);
  });

  test('a query that provably matches nothing sends match_none', () => {
    const c = compileQueryDsl({ where: { field: 'nope', op: 'eq', value: 'x' } }, ctx);
    assert.equal(c.matchesNothing, true);
    assert.deepEqual(c.filters, [{ match_none: {} }]);
  });
});

describe('sort plans', () => {
  test('session sorts as one stream per fallback field, missing last, then by the next key', () => {
    const plan = planSort([{ field: 'session', order: 'asc' }, { field: 'time', order: 'asc' }], ctx.mapping, catalog)!;
    assert.deepEqual(plan.streams.map((s) => s.sort), [{ sessionId: { order: 'asc' } }, { sessionID: { order: 'asc' } }]);
    assert.deepEqual(plan.streams[0]!.select, usable('sessionId'));
    assert.equal(plan.rest?.key.field, 'time');
    assert.deepEqual(plan.rest?.streams.map((s) => s.sort), [
      { clientTime: { order: 'asc', numeric_type: 'date' } },
      { startTime: { order: 'asc', numeric_type: 'date' } },
    ]);
  });

  test('document fields and the id sort in memory', () => {
    assert.equal(planSort([{ field: 'details.y', order: 'asc' }], ctx.mapping, catalog), undefined);
    assert.equal(planSort([{ field: 'id', order: 'asc' }], ctx.mapping, catalog), undefined);
  });

  test('code-point order puts astral characters after U+E000–U+FFFF, as UTF-8 bytes do', () => {
    assert.ok(compareEsValues('\u{1F600}', '\uFFFD') > 0);
    assert.ok('\u{1F600}' < '\uFFFD');
    assert.ok(compareEsValues('abc', 'abd') < 0);
    assert.ok(compareEsValues('ab', 'abc') < 0);
    assert.ok(compareEsValues(2, 10) < 0);
  });
});
