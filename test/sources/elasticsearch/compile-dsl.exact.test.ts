import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition } from '../../../src/core/query/query-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { compileConditionDsl } from '../../../src/sources/elasticsearch/compile-dsl.js';
import { compileQueryDsl } from '../../../src/sources/elasticsearch/compile-query-dsl.js';
import type { FieldCatalog, FieldFamily, FieldSpec } from '../../../src/sources/elasticsearch/field-catalog.js';

// The query body the Elasticsearch compiler produces, written out in full for every node kind on every role and
// on each family of document field. Flags alone (`exact`) hold for many wrong bodies (a case-insensitive prefix,
// a missing has-a-value guard); the bodies do not. Helpers below spell recurring clauses; they are data, not the
// compiler's own builders.

const FAMILY: Record<string, FieldFamily> = { keyword: 'keyword', text: 'text', long: 'integer', integer: 'integer', double: 'double', float: 'float', boolean: 'boolean', date: 'date', object: 'object' };

function spec(field: string, type: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return {
    field,
    types: [type],
    family: FAMILY[type] ?? 'other',
    searchable: true,
    aggregatable: type !== 'text' && type !== 'object',
    ignored: false,
    nullValue: false,
    ...(type === 'date' ? { formats: ['strict_date_optional_time', 'epoch_millis'] } : {}),
    ...extra,
  };
}

const FIELDS: FieldSpec[] = [
  ...['type', 'sessionId', 'sessionID', 'userId', 'target', 'pageUrl', 'logType', 'path', 'pageTitle'].map((f) => spec(f, 'keyword')),
  ...['clientTime', 'startTime', 'endTime'].map((f) => spec(f, 'date')),
  spec('microTime', 'float'),
  spec('details.clicks', 'integer'),
  spec('price', 'double'),
  spec('userAction', 'boolean'),
  spec('title', 'text', { keywordField: 'title.keyword' }),
  spec('note', 'keyword', { ignored: true }),
];

const catalog: FieldCatalog = {
  indices: ['userale'],
  fields: new Map(FIELDS.map((f) => [f.field, f])),
  unknownIgnored: false,
  loadedAt: 0,
  isAbsent: (field) => !FIELDS.some((f) => f.field === field),
};

const NOW = Date.UTC(2024, 2, 11, 15, 30);
const ctx = { mapping: resolveMapping('userale').mapping, catalog, now: NOW };
const compile = (c: Condition) => compileConditionDsl(c, ctx);

// ── clauses, spelled out ──
const term = (f: string, v: unknown) => ({ term: { [f]: v } });
const exists = (f: string) => ({ exists: { field: f } });
const mustNot = (...q: unknown[]) => ({ bool: { must_not: q } });
const filter = (...q: unknown[]) => ({ bool: { filter: q } });
const should = (...q: unknown[]) => ({ bool: { should: q, minimum_should_match: 1 } });
/** A string role's field holds a value: present and not the empty string. */
const valued = (f: string) => [exists(f), mustNot(term(f, ''))];
const usable = (f: string) => filter(...valued(f));
const ok = (q: unknown) => ({ q, exact: true, notes: [] });

describe('single-field string role (type ← type): every node kind', () => {
  const cases: [string, Condition, unknown][] = [
    ['eq', { field: 'type', op: 'eq', value: 'click' }, ok(term('type', 'click'))],
    ['eq boolean (its text)', { field: 'type', op: 'eq', value: true }, ok(term('type', 'true'))],
    ['eq empty string: no role value', { field: 'type', op: 'eq', value: '' }, ok(false)],
    ['eq null: no usable value', { field: 'type', op: 'eq', value: null }, ok(mustNot(usable('type')))],
    ['ne', { field: 'type', op: 'ne', value: 'click' }, ok(mustNot(term('type', 'click')))],
    ['ne null: has a value', { field: 'type', op: 'ne', value: null }, ok(usable('type'))],
    ['in', { field: 'type', op: 'in', value: ['click', 'focus'] }, ok({ terms: { type: ['click', 'focus'] } })],
    ['in with null', { field: 'type', op: 'in', value: ['click', null] }, ok(should(term('type', 'click'), mustNot(usable('type'))))],
    ['nin', { field: 'type', op: 'nin', value: ['click', 'focus'] }, ok(mustNot({ terms: { type: ['click', 'focus'] } }))],
    ['gt', { field: 'type', op: 'gt', value: 'c' }, ok(filter({ range: { type: { gt: 'c' } } }, ...valued('type')))],
    ['gte', { field: 'type', op: 'gte', value: 'c' }, ok(filter({ range: { type: { gte: 'c' } } }, ...valued('type')))],
    ['lt', { field: 'type', op: 'lt', value: 'c' }, ok(filter({ range: { type: { lt: 'c' } } }, ...valued('type')))],
    ['lte', { field: 'type', op: 'lte', value: 'c' }, ok(filter({ range: { type: { lte: 'c' } } }, ...valued('type')))],
    ['exists', { field: 'type', op: 'exists', value: true }, ok(usable('type'))],
    ['exists: false', { field: 'type', op: 'exists', value: false }, ok(mustNot(usable('type')))],
    ['prefix (case-sensitive, guarded)', { field: 'type', op: 'prefix', value: 'Cl' }, ok(filter({ prefix: { type: 'Cl' } }, ...valued('type')))],
    ['prefix empty: any usable value', { field: 'type', op: 'prefix', value: '' }, ok(filter({ prefix: { type: '' } }, ...valued('type')))],
    ['contains (guarded)', { field: 'type', op: 'contains', value: 'li' }, ok(filter({ wildcard: { type: { value: '*li*' } } }, ...valued('type')))],
    ['contains empty: any usable value', { field: 'type', op: 'contains', value: '' }, ok(filter({ wildcard: { type: { value: '**' } } }, ...valued('type')))],
  ];
  for (const [name, cond, want] of cases) test(name, () => assert.deepEqual(compile(cond), want));
});

describe('the other single-field string roles compile on their own fields', () => {
  for (const [role, field] of [['user', 'userId'], ['target', 'target'], ['page', 'pageUrl'], ['kind', 'logType']] as const) {
    test(`${role} ← ${field}: eq, in, prefix, contains, exists`, () => {
      assert.deepEqual(compile({ field: role, op: 'eq', value: 'a' }), ok(term(field, 'a')));
      assert.deepEqual(compile({ field: role, op: 'in', value: ['a', 'b'] }), ok({ terms: { [field]: ['a', 'b'] } }));
      assert.deepEqual(compile({ field: role, op: 'prefix', value: 'Ab' }), ok(filter({ prefix: { [field]: 'Ab' } }, ...valued(field))));
      assert.deepEqual(compile({ field: role, op: 'contains', value: 'a*?' }), ok(filter({ wildcard: { [field]: { value: '*a\\*\\?*' } } }, ...valued(field))));
      assert.deepEqual(compile({ field: role, op: 'exists', value: true }), ok(usable(field)));
    });
  }
});

describe('session ← sessionId, then sessionID when sessionId holds no value', () => {
  const second = mustNot(usable('sessionId'));
  test('eq', () => assert.deepEqual(compile({ field: 'session', op: 'eq', value: 's' }), ok(should(term('sessionId', 's'), filter(second, term('sessionID', 's'))))));
  test('prefix: each branch guarded', () => {
    assert.deepEqual(
      compile({ field: 'session', op: 'prefix', value: 'se' }),
      ok(should(filter({ prefix: { sessionId: 'se' } }, ...valued('sessionId')), filter(second, { prefix: { sessionID: 'se' } }, ...valued('sessionID')))),
    );
  });
  test('contains', () => {
    assert.deepEqual(
      compile({ field: 'session', op: 'contains', value: '17' }),
      ok(should(filter({ wildcard: { sessionId: { value: '*17*' } } }, ...valued('sessionId')), filter(second, { wildcard: { sessionID: { value: '*17*' } } }, ...valued('sessionID')))),
    );
  });
  test('lt', () => {
    assert.deepEqual(
      compile({ field: 'session', op: 'lt', value: 'm' }),
      ok(should(filter({ range: { sessionId: { lt: 'm' } } }, ...valued('sessionId')), filter(second, { range: { sessionID: { lt: 'm' } } }, ...valued('sessionID')))),
    );
  });
  test('exists and ne', () => {
    assert.deepEqual(compile({ field: 'session', op: 'exists', value: true }), ok(should(usable('sessionId'), usable('sessionID'))));
    assert.deepEqual(compile({ field: 'session', op: 'ne', value: 's' }), ok(mustNot(should(term('sessionId', 's'), filter(second, term('sessionID', 's'))))));
  });
});

describe('path ← path: elements are values, the empty string included', () => {
  test('eq, eq empty, prefix, contains, exists', () => {
    assert.deepEqual(compile({ field: 'path', op: 'eq', value: 'body' }), ok(term('path', 'body')));
    assert.deepEqual(compile({ field: 'path', op: 'eq', value: '' }), ok(term('path', '')));
    assert.deepEqual(compile({ field: 'path', op: 'prefix', value: 'div' }), ok(filter({ prefix: { path: 'div' } }, exists('path'))));
    assert.deepEqual(compile({ field: 'path', op: 'contains', value: 'nav' }), ok(filter({ wildcard: { path: { value: '*nav*' } } }, exists('path'))));
    assert.deepEqual(compile({ field: 'path', op: 'exists', value: false }), ok(mustNot(exists('path'))));
  });
});

describe('id ← the document _id', () => {
  test('eq, in, exists; other tests in memory', () => {
    assert.deepEqual(compile({ field: 'id', op: 'eq', value: 'f#3' }), ok({ ids: { values: ['f#3'] } }));
    assert.deepEqual(compile({ field: 'id', op: 'in', value: ['f#1', 'f#2'] }), ok(should({ ids: { values: ['f#1'] } }, { ids: { values: ['f#2'] } })));
    assert.deepEqual(compile({ field: 'id', op: 'exists', value: true }), ok(true));
    assert.deepEqual(compile({ field: 'id', op: 'prefix', value: 'f' }), {
      q: true,
      exact: false,
      notes: [{ path: ['where'], field: 'id', reason: 'the document _id supports equality only' }],
    });
  });
});

describe('time ← clientTime, then startTime; end ← endTime', () => {
  const ms = Date.UTC(2024, 2, 5);
  const fallback = (q: (f: string) => unknown) => should(q('clientTime'), filter(mustNot(exists('clientTime')), q('startTime')));
  const r = (bounds: Record<string, unknown>) => (f: string) => ({ range: { [f]: { ...bounds, format: 'epoch_millis' } } });
  test('gte and lt on whole milliseconds are exact', () => {
    assert.deepEqual(compile({ field: 'time', op: 'gte', value: ms }), ok(fallback(r({ gte: ms }))));
    assert.deepEqual(compile({ field: 'time', op: 'lt', value: '2024-03-05' }), ok(fallback(r({ lt: ms }))));
  });
  test('date math resolves against now, in UTC', () => {
    assert.deepEqual(compile({ field: 'time', op: 'gte', value: 'now-1d/d' }), ok(fallback(r({ gte: Date.UTC(2024, 2, 10) }))));
  });
  test('gt and lte push the enclosing millisecond and re-check', () => {
    const note = { path: ['where'], field: 'time', reason: 'the bound is not a whole-millisecond >= or <, so the sub-millisecond part is checked in memory' };
    assert.deepEqual(compile({ field: 'time', op: 'gt', value: ms }), { q: fallback(r({ gte: ms })), exact: false, notes: [note, note] });
    assert.deepEqual(compile({ field: 'time', op: 'lte', value: ms + 0.5 }), { q: fallback(r({ lte: ms })), exact: false, notes: [note, note] });
  });
  test('exists, prefix, eq', () => {
    assert.deepEqual(compile({ field: 'time', op: 'exists', value: true }), ok(should(exists('clientTime'), filter(mustNot(exists('clientTime')), exists('startTime')))));
    assert.deepEqual(compile({ field: 'time', op: 'prefix', value: '17' }), ok(false));
    assert.deepEqual(compile({ field: 'time', op: 'eq', value: ms }), {
      q: true,
      exact: false,
      notes: [{ path: ['where'], field: 'time', reason: 'time equality is tested in memory (times carry sub-millisecond fractions)' }],
    });
  });
  test('end has one field', () => {
    assert.deepEqual(compile({ field: 'end', op: 'lt', value: ms }), ok({ range: { endTime: { lt: ms, format: 'epoch_millis' } } }));
    assert.deepEqual(compile({ field: 'end', op: 'exists', value: false }), ok(mustNot(exists('endTime'))));
  });
});

describe('document fields', () => {
  test('keyword: eq, prefix (case-sensitive), contains, range, exists', () => {
    assert.deepEqual(compile({ field: 'pageTitle', op: 'eq', value: 'Cart' }), ok(term('pageTitle', 'Cart')));
    assert.deepEqual(compile({ field: 'pageTitle', op: 'prefix', value: 'Ca' }), ok({ prefix: { pageTitle: 'Ca' } }));
    assert.deepEqual(compile({ field: 'pageTitle', op: 'contains', value: 'ar' }), ok({ wildcard: { pageTitle: { value: '*ar*' } } }));
    assert.deepEqual(compile({ field: 'pageTitle', op: 'exists', value: true }), ok(exists('pageTitle')));
    assert.deepEqual(compile({ field: 'pageTitle', op: 'gte', value: 'C' }), {
      q: { range: { pageTitle: { gte: 'C' } } },
      exact: false,
      notes: [{ path: ['where'], field: 'pageTitle', reason: 'numbers and booleans indexed as text are excluded in memory' }],
    });
  });
  test('keyword prefix that a number could pass is pushed and re-checked', () => {
    assert.deepEqual(compile({ field: 'pageTitle', op: 'prefix', value: '12' }), {
      q: { prefix: { pageTitle: '12' } },
      exact: false,
      notes: [{ path: ['where'], field: 'pageTitle', reason: 'numbers and booleans are indexed as text too' }],
    });
  });
  test('text with a keyword sub-field queries the sub-field', () => {
    assert.deepEqual(compile({ field: 'title', op: 'prefix', value: 'Ho' }), ok({ prefix: { 'title.keyword': 'Ho' } }));
  });
  test('numbers, booleans', () => {
    assert.deepEqual(compile({ field: 'price', op: 'lte', value: 9.5 }), ok({ range: { price: { lte: 9.5 } } }));
    assert.deepEqual(compile({ field: 'price', op: 'eq', value: 3 }), ok(term('price', 3)));
    assert.deepEqual(compile({ field: 'userAction', op: 'eq', value: true }), ok(term('userAction', true)));
    assert.deepEqual(compile({ field: 'details.clicks', op: 'gte', value: 2 }), {
      q: { range: { 'details.clicks': { gte: 2 } } },
      exact: false,
      notes: [{ path: ['where'], field: 'details.clicks', reason: 'integer fields truncate fractional numbers when indexing' }],
    });
  });
  test('ignore_above: widened with _ignored', () => {
    assert.deepEqual(compile({ field: 'note', op: 'prefix', value: 'sh' }), {
      q: should({ prefix: { note: 'sh' } }, term('_ignored', 'note')),
      exact: false,
      notes: [{ path: ['where'], field: 'note', reason: 'some values were not indexed (ignore_above / ignore_malformed)' }],
    });
  });
});

describe('combinators and whole queries', () => {
  test('all, any, not with paths of residual notes', () => {
    assert.deepEqual(
      compile({ all: [{ field: 'type', op: 'eq', value: 'a' }, { any: [{ field: 'user', op: 'eq', value: 'u' }, { not: { field: 'kind', op: 'eq', value: 'raw' } }] }] }),
      ok(filter(term('type', 'a'), should(term('userId', 'u'), mustNot(term('logType', 'raw'))))),
    );
    assert.deepEqual(compile({ not: { not: { field: 'type', op: 'eq', value: 'a' } } }), ok(term('type', 'a')));
    assert.deepEqual(compile({ any: [{ field: 'type', op: 'eq', value: 'a' }, { field: 'id', op: 'prefix', value: 'x' }] }), {
      q: true,
      exact: false,
      notes: [{ path: ['where', 'any', 1], field: 'id', reason: 'the document _id supports equality only' }],
    });
  });
  test('a query: time range with date math, then each part of a top-level all', () => {
    const c = compileQueryDsl(
      {
        time: { from: 'now-7d/d', to: 'now/d' },
        where: { all: [{ field: 'type', op: 'prefix', value: 'cl' }, { field: 'details.clicks', op: 'gt', value: 1 }] },
      },
      ctx,
    );
    const from = Date.UTC(2024, 2, 4);
    const to = Date.UTC(2024, 2, 11);
    const range = (bounds: Record<string, unknown>) => (f: string) => ({ range: { [f]: { ...bounds, format: 'epoch_millis' } } });
    const fallback = (q: (f: string) => unknown) => should(q('clientTime'), filter(mustNot(exists('clientTime')), q('startTime')));
    assert.deepEqual(c, {
      filters: [
        fallback(range({ gte: from })),
        fallback(range({ lt: to })),
        filter({ prefix: { type: 'cl' } }, ...valued('type')),
        { range: { 'details.clicks': { gte: 1 } } },
      ],
      residual: { field: 'details.clicks', op: 'gt', value: 1 },
      notes: [{ path: ['where', 'all', 1], field: 'details.clicks', reason: 'integer fields truncate fractional numbers when indexing' }],
      matchesNothing: false,
    });
  });
});

describe('document fields: value families, written out', () => {
  const note = (field: string, reason: string) => [{ path: ['where'], field, reason }];
  test('integer fields: numbers and numeric text are truncated and re-checked; other text matches nothing', () => {
    assert.deepEqual(compile({ field: 'details.clicks', op: 'eq', value: '7' }), { q: term('details.clicks', 7), exact: false, notes: note('details.clicks', 'integer fields truncate fractional numbers when indexing') });
    assert.deepEqual(compile({ field: 'details.clicks', op: 'eq', value: -2.5 }), { q: term('details.clicks', -2), exact: false, notes: note('details.clicks', 'integer fields truncate fractional numbers when indexing') });
    assert.deepEqual(compile({ field: 'details.clicks', op: 'eq', value: 'x' }), ok(false));
    assert.deepEqual(compile({ field: 'details.clicks', op: 'eq', value: 2 ** 60 }), { q: true, exact: false, notes: note('details.clicks', 'value beyond the integer range') });
    assert.deepEqual(compile({ field: 'details.clicks', op: 'lt', value: 2.5 }), { q: { range: { 'details.clicks': { lte: 3 } } }, exact: false, notes: note('details.clicks', 'integer fields truncate fractional numbers when indexing') });
    assert.deepEqual(compile({ field: 'details.clicks', op: 'lte', value: 'a' }), { q: true, exact: false, notes: note('details.clicks', 'a text bound compares numeric text as text in memory') });
  });
  test('double fields: numbers exact, numeric text pushed and re-checked', () => {
    assert.deepEqual(compile({ field: 'price', op: 'eq', value: '3.5' }), { q: term('price', 3.5), exact: false, notes: note('price', 'numeric text compared as text in memory') });
    assert.deepEqual(compile({ field: 'price', op: 'gte', value: -1 }), ok({ range: { price: { gte: -1 } } }));
    assert.deepEqual(compile({ field: 'price', op: 'ne', value: 3 }), ok(mustNot(term('price', 3))));
  });
  test('float fields: widened by the rounding slack |n|·2⁻⁹ + 2⁻²⁰', () => {
    const slack = (n: number) => Math.abs(n) * 2 ** -9 + 2 ** -20;
    assert.deepEqual(compile({ field: 'microTime', op: 'eq', value: 0.25 }), {
      q: { range: { microTime: { gte: 0.25 - slack(0.25), lte: 0.25 + slack(0.25) } } },
      exact: false,
      notes: note('microTime', 'float fields round numbers when indexing'),
    });
    assert.deepEqual(compile({ field: 'microTime', op: 'lt', value: 0.5 }), {
      q: { range: { microTime: { lte: 0.5 + slack(0.5) } } },
      exact: false,
      notes: note('microTime', 'float fields round numbers when indexing'),
    });
    assert.deepEqual(compile({ field: 'microTime', op: 'gte', value: -4 }), {
      q: { range: { microTime: { gte: -4 - slack(-4) } } },
      exact: false,
      notes: note('microTime', 'float fields round numbers when indexing'),
    });
  });
  test('boolean fields: true exact, false widened (an empty string indexes as false), other text nothing', () => {
    assert.deepEqual(compile({ field: 'userAction', op: 'eq', value: false }), { q: term('userAction', false), exact: false, notes: note('userAction', 'Elasticsearch indexes an empty string as false') });
    assert.deepEqual(compile({ field: 'userAction', op: 'eq', value: 'false' }), { q: term('userAction', false), exact: false, notes: note('userAction', 'Elasticsearch indexes an empty string as false') });
    assert.deepEqual(compile({ field: 'userAction', op: 'eq', value: 1 }), ok(false));
    assert.deepEqual(compile({ field: 'userAction', op: 'gt', value: 'a' }), { q: true, exact: false, notes: note('userAction', 'boolean fields are compared in memory') });
  });
  test('keyword fields: numeric text in eq, numbers in ranges, booleans in string tests', () => {
    assert.deepEqual(compile({ field: 'pageTitle', op: 'eq', value: '05' }), { q: { terms: { pageTitle: ['05', '5'] } }, exact: false, notes: note('pageTitle', '"05" also equals the number 5') });
    assert.deepEqual(compile({ field: 'pageTitle', op: 'in', value: ['a', 'b', null] }), ok(should({ terms: { pageTitle: ['a', 'b'] } }, mustNot(exists('pageTitle')))));
    assert.deepEqual(compile({ field: 'pageTitle', op: 'gt', value: 5 }), { q: true, exact: false, notes: note('pageTitle', 'numbers compare numerically in memory but as text in a keyword field') });
    assert.deepEqual(compile({ field: 'pageTitle', op: 'gt', value: '5' }), { q: true, exact: false, notes: note('pageTitle', 'numbers compare numerically in memory but as text in a keyword field') });
    assert.deepEqual(compile({ field: 'pageTitle', op: 'contains', value: 'ru' }), { q: { wildcard: { pageTitle: { value: '*ru*' } } }, exact: false, notes: note('pageTitle', 'numbers and booleans are indexed as text too') });
    assert.deepEqual(compile({ field: 'pageTitle', op: 'prefix', value: 'fa' }), { q: { prefix: { pageTitle: 'fa' } }, exact: false, notes: note('pageTitle', 'numbers and booleans are indexed as text too') });
    assert.deepEqual(compile({ field: 'pageTitle', op: 'prefix', value: 'tx' }), ok({ prefix: { pageTitle: 'tx' } }));
    assert.deepEqual(compile({ field: 'pageTitle', op: 'contains', value: '1e5' }), { q: { wildcard: { pageTitle: { value: '*1e5*' } } }, exact: false, notes: note('pageTitle', 'numbers and booleans are indexed as text too') });
    assert.deepEqual(compile({ field: 'pageTitle', op: 'contains', value: 'x1' }), ok({ wildcard: { pageTitle: { value: '*x1*' } } }));
  });
  test('absent fields: no match for values, every document for "missing"', () => {
    assert.deepEqual(compile({ field: 'nope', op: 'prefix', value: 'a' }), ok(false));
    assert.deepEqual(compile({ field: 'nope', op: 'gt', value: 1 }), ok(false));
    assert.deepEqual(compile({ field: 'nope', op: 'ne', value: 'x' }), ok(true));
    assert.deepEqual(compile({ field: 'nope', op: 'exists', value: true }), ok(false));
  });
});

describe('fields Elasticsearch cannot answer exactly: what each condition falls back to', () => {
  const ODD: FieldSpec[] = [
    spec('userId', 'long'),
    spec('sessionId', 'keyword'),
    spec('type', 'keyword', { ignored: true }),
    spec('target', 'geo_point'),
    spec('pageUrl', 'text'),
    spec('logType', 'keyword', { nullValue: true }),
    spec('clientTime', 'long'),
    spec('endTime', 'date', { ignored: true }),
    spec('path', 'keyword', { searchable: false }),
    spec('hidden', 'keyword', { searchable: false }),
    spec('nulled', 'keyword', { nullValue: true }),
    spec('geo', 'geo_point'),
    spec('body', 'text'),
    spec('plain', 'keyword'),
  ];
  const odd: FieldCatalog = { indices: ['odd'], fields: new Map(ODD.map((f) => [f.field, f])), unknownIgnored: false, loadedAt: 0, isAbsent: (f) => !ODD.some((x) => x.field === f) };
  const c = (cond: Condition, catalogue: FieldCatalog = odd) => compileConditionDsl(cond, { ...ctx, catalog: catalogue });
  const memory = (field: string, reason: string) => ({ q: true, exact: false, notes: [{ path: ['where'], field, reason }] });

  test('a role on a numeric field: only "has a value" is pushed', () => {
    assert.deepEqual(c({ field: 'user', op: 'eq', value: 'a' }), memory('user', 'userId is not a keyword field; its text form is compared in memory'));
    assert.deepEqual(c({ field: 'user', op: 'gt', value: 'a' }), memory('user', 'userId is not a keyword field; its text form is compared in memory'));
    assert.deepEqual(c({ field: 'user', op: 'exists', value: true }), ok(exists('userId')));
  });
  test('a fallback field no document has is left out', () => {
    assert.deepEqual(c({ field: 'session', op: 'eq', value: 'x' }), ok(term('sessionId', 'x')));
    assert.deepEqual(c({ field: 'session', op: 'exists', value: false }), ok(mustNot(usable('sessionId'))));
  });
  test('a role field with values past ignore_above: widened by _ignored', () => {
    assert.deepEqual(c({ field: 'type', op: 'eq', value: 'click' }), {
      q: should(term('type', 'click'), term('_ignored', 'type')),
      exact: false,
      notes: [{ path: ['where'], field: 'type', reason: 'some type values were too long to index (ignore_above)' }],
    });
    assert.deepEqual(c({ field: 'type', op: 'exists', value: true }), ok(filter(should(exists('type'), term('_ignored', 'type')), mustNot(term('type', '')))));
  });
  test('role fields that cannot be queried at all', () => {
    assert.deepEqual(c({ field: 'target', op: 'eq', value: 'x' }), memory('target', 'target is mapped as geo_point'));
    assert.deepEqual(c({ field: 'page', op: 'prefix', value: 'h' }), memory('page', 'pageUrl is analysed text without a keyword sub-field'));
    assert.deepEqual(c({ field: 'kind', op: 'eq', value: 'raw' }), memory('kind', 'logType maps null to a value (null_value)'));
    assert.deepEqual(c({ field: 'path', op: 'eq', value: 'a' }), memory('path', 'path is not indexed'));
    assert.deepEqual(c({ field: 'target', op: 'exists', value: true }), memory('target', 'target is mapped as geo_point'));
  });
  test('time fields that are not plain dates', () => {
    assert.deepEqual(c({ field: 'time', op: 'gte', value: 5 }), memory('time', 'clientTime is mapped as long, not date'));
    assert.deepEqual(c({ field: 'end', op: 'lt', value: 5 }), memory('end', 'endTime has values Elasticsearch did not index'));
    assert.deepEqual(c({ field: 'time', op: 'exists', value: false }), memory('time', 'clientTime is mapped as long, not date'));
  });
  test('roles compared with numbers, and the id', () => {
    assert.deepEqual(compile({ field: 'user', op: 'gt', value: 5 }), memory('user', 'a role holds text; comparing it with a number is done in memory'));
    assert.deepEqual(compile({ field: 'user', op: 'eq', value: 5 }), memory('userId', 'a role holds text; a number matches every spelling of it ("5", "5.0"), tested in memory'));
    assert.deepEqual(compile({ field: 'id', op: 'eq', value: 5 }), memory('_id', 'an id holds text; a number matches every spelling of it'));
    assert.deepEqual(compile({ field: 'id', op: 'eq', value: '' }), ok(false));
    assert.deepEqual(compile({ field: 'id', op: 'eq', value: true }), ok({ ids: { values: ['true'] } }));
  });
  test('document fields not indexed, with a null_value, or of other types', () => {
    assert.deepEqual(c({ field: 'hidden', op: 'eq', value: 'x' }), memory('hidden', 'the field is not indexed'));
    assert.deepEqual(c({ field: 'hidden', op: 'prefix', value: 'x' }), memory('hidden', 'the field is not indexed'));
    assert.deepEqual(c({ field: 'hidden', op: 'exists', value: true }), memory('hidden', 'the field is not indexed as it is stored'));
    assert.deepEqual(c({ field: 'nulled', op: 'eq', value: 'NULL' }), memory('nulled', 'the field maps null to a value (null_value)'));
    assert.deepEqual(c({ field: 'nulled', op: 'gte', value: 'M' }), memory('nulled', 'the field maps null to a value (null_value)'));
    assert.deepEqual(c({ field: 'nulled', op: 'prefix', value: 'N' }), memory('nulled', 'the field maps null to a value (null_value)'));
    assert.deepEqual(c({ field: 'nulled', op: 'exists', value: true }), memory('nulled', 'the field is not indexed as it is stored'));
    assert.deepEqual(c({ field: 'geo', op: 'eq', value: 'x' }), memory('geo', 'geo_point fields are compared in memory'));
    assert.deepEqual(c({ field: 'geo', op: 'lt', value: 'x' }), memory('geo', 'geo_point fields are compared in memory'));
    assert.deepEqual(c({ field: 'geo', op: 'exists', value: true }), memory('geo', 'geo_point fields: "has a value" is tested in memory'));
    assert.deepEqual(c({ field: 'geo', op: 'contains', value: 'x' }), memory('geo', 'geo_point fields hold no text to test in Elasticsearch'));
    assert.deepEqual(c({ field: 'body', op: 'prefix', value: 'x' }), memory('body', 'analysed text without a keyword sub-field'));
    assert.deepEqual(c({ field: 'body', op: 'exists', value: true }), memory('body', 'analysed text without a keyword sub-field'));
    assert.deepEqual(c({ field: 'price', op: 'prefix', value: 'x' }, catalog), memory('price', 'double fields hold no text to test in Elasticsearch'));
  });
  test('an index whose mapping does not say which fields have ignored values widens every keyword test', () => {
    const unknown: FieldCatalog = { ...odd, unknownIgnored: true };
    const widened = (q: unknown) => ({ q: should(q, term('_ignored', 'plain')), exact: false, notes: [{ path: ['where'], field: 'plain', reason: 'some values were not indexed (ignore_above / ignore_malformed)' }] });
    assert.deepEqual(c({ field: 'plain', op: 'prefix', value: 'ab' }, unknown), widened({ prefix: { plain: 'ab' } }));
    assert.deepEqual(c({ field: 'plain', op: 'contains', value: 'ab' }, unknown), widened({ wildcard: { plain: { value: '*ab*' } } }));
    assert.deepEqual(c({ field: 'plain', op: 'prefix', value: 'ab' }), ok({ prefix: { plain: 'ab' } }));
  });
});
