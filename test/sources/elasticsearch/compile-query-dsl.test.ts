import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition } from '../../../src/core/query/query-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { boolFilter, compileQueryDsl, residualMessage, sourceIncludes } from '../../../src/sources/elasticsearch/compile-query-dsl.js';
import type { FieldCatalog, FieldSpec } from '../../../src/sources/elasticsearch/field-catalog.js';

// The query-level compiler: time range and top-level `all` split into filters, the inexact parts kept as an explicit
// residual. Whole results are written out.

const keyword = (field: string): FieldSpec => ({ field, types: ['keyword'], family: 'keyword', searchable: true, aggregatable: true, ignored: false, nullValue: false });
const date = (field: string): FieldSpec => ({ ...keyword(field), types: ['date'], family: 'date', formats: ['strict_date_optional_time', 'epoch_millis'] });
const FIELDS = [keyword('type'), keyword('userId'), keyword('sessionId'), date('clientTime'), date('startTime')];
const catalog: FieldCatalog = {
  indices: ['logs'],
  fields: new Map(FIELDS.map((f) => [f.field, f])),
  unknownIgnored: false,
  loadedAt: 0,
  isAbsent: (field) => !FIELDS.some((f) => f.field === field),
};
const mapping = resolveMapping('m', { m: { time: ['clientTime', 'startTime'], user: 'userId', session: 'sessionId', type: 'type' } }).mapping;
const ctx = { mapping, catalog, now: Date.UTC(2024, 0, 2) };
const TIME_NOTE = 'time equality is tested in memory (times carry sub-millisecond fractions)';

test('no query: no filters, nothing residual', () => {
  assert.deepEqual(compileQueryDsl({}, ctx), { filters: [], residual: undefined, notes: [], matchesNothing: false });
});

test('a time range becomes one range filter per bound on the time fields, date math resolved', () => {
  const c = compileQueryDsl({ time: { from: 'now-1d', to: 1704200000000 } }, ctx);
  assert.equal(c.residual, undefined);
  assert.equal(c.matchesNothing, false);
  // startTime counts only where clientTime is missing (the mapping's fallback order).
  const bound = (b: Record<string, number>) => ({
    bool: {
      should: [
        { range: { clientTime: { ...b, format: 'epoch_millis' } } },
        { bool: { filter: [{ bool: { must_not: [{ exists: { field: 'clientTime' } }] } }, { range: { startTime: { ...b, format: 'epoch_millis' } } }] } },
      ],
      minimum_should_match: 1,
    },
  });
  assert.deepEqual(c.filters, [bound({ gte: 1704067200000 }), bound({ lt: 1704200000000 })]);
});

test('two inexact parts of a top-level all: residual is their all, each with its note; the exact part is only a filter', () => {
  const c = compileQueryDsl({
    where: { all: [{ field: 'time', op: 'eq', value: 5 }, { field: 'type', op: 'eq', value: 'click' }, { field: 'end', op: 'eq', value: 6 }] },
  }, ctx);
  assert.deepEqual(c.residual, { all: [{ field: 'time', op: 'eq', value: 5 }, { field: 'end', op: 'eq', value: 6 }] });
  assert.deepEqual(c.notes, [
    { path: ['where', 'all', 0], field: 'time', reason: TIME_NOTE },
    { path: ['where', 'all', 2], field: 'end', reason: TIME_NOTE },
  ]);
  assert.deepEqual(c.filters, [{ term: { type: 'click' } }]);
  assert.equal(c.matchesNothing, false);
});

test('one inexact condition is the residual itself (no all around it)', () => {
  const c = compileQueryDsl({ where: { field: 'time', op: 'eq', value: 5 } }, ctx);
  assert.deepEqual(c.residual, { field: 'time', op: 'eq', value: 5 });
  assert.deepEqual(c.notes, [{ path: ['where'], field: 'time', reason: TIME_NOTE }]);
  assert.deepEqual(c.filters, []);
});

test('a part that matches nothing makes the whole query match_none, with no residual and no notes', () => {
  const c = compileQueryDsl({ where: { all: [{ field: 'time', op: 'eq', value: 5 }, { any: [] }] } }, ctx);
  assert.deepEqual(c, { filters: [{ match_none: {} }], residual: undefined, notes: [], matchesNothing: true });
});

test('boolFilter: match_all for none, the clause itself for one, bool.filter for more', () => {
  const a = { term: { type: 'a' } };
  const b = { term: { type: 'b' } };
  assert.deepEqual(boolFilter([]), { match_all: {} });
  assert.deepEqual(boolFilter([a]), a);
  assert.deepEqual(boolFilter([a, b]), { bool: { filter: [a, b] } });
});

test('sourceIncludes: listed document fields, every mapped field, and the document fields a residual tests', () => {
  const withFraction = resolveMapping('f', { f: { time: { field: 't', fraction: 'micro' }, end: 'e', id: 'eventId', page: 'url' } }).mapping;
  const residual = { any: [{ field: 'doc.a', op: 'eq', value: 1 }, { not: { field: 'b.c', op: 'eq', value: 1 } }, { field: 'user', op: 'eq', value: 'x' }, { all: [{ field: 'attrs.z', op: 'eq', value: 1 }, { field: 'd', op: 'exists', value: true }] }] } as Condition;
  assert.deepEqual(sourceIncludes(['x.y', 'doc.type', 'user', 'attrs.k'], withFraction, residual), ['x.y', 'type', 'eventId', 'url', 't', 'micro', 'e', 'a', 'b.c', 'd']);
  assert.deepEqual(sourceIncludes([], withFraction, undefined), ['eventId', 'url', 't', 'micro', 'e']);
});

test('residualMessage: one line, each distinct note once, in order', () => {
  const notes = [
    { path: ['where', 'all', 0], field: 'time', reason: 'r1' },
    { path: ['where', 'all', 1], field: 'x', reason: 'r2' },
    { path: ['where', 'all', 0], field: 'time', reason: 'r1' },
  ];
  assert.equal(
    residualMessage(notes),
    'Part of the query was re-checked in memory on what Elasticsearch returned: where.all[0] (time: r1); where.all[1] (x: r2).',
  );
});

test('fractional time bounds: pushed as the enclosing millisecond and re-checked, each note at time.from / time.to', () => {
  const c = compileQueryDsl({ time: { from: 1000.5, to: 2000.5 } }, ctx);
  assert.deepEqual(c.residual, { all: [{ field: 'time', op: 'gte', value: 1000.5 }, { field: 'time', op: 'lt', value: 2000.5 }] });
  const reason = 'the bound is not a whole-millisecond >= or <, so the sub-millisecond part is checked in memory';
  // One note per fallback time field (clientTime, startTime), at the bound's own path.
  assert.deepEqual(c.notes, [
    { path: ['time', 'from'], field: 'time', reason },
    { path: ['time', 'from'], field: 'time', reason },
    { path: ['time', 'to'], field: 'time', reason },
    { path: ['time', 'to'], field: 'time', reason },
  ]);
});

test('a bad time bound: invalid_query with the path time.from or time.to', () => {
  for (const [time, where] of [[{ from: 'soon' }, 'from'], [{ to: 'later' }, 'to']] as const) {
    assert.throws(() => compileQueryDsl({ time }, ctx), (e: unknown) => {
      assert.equal((e as { code: string }).code, 'invalid_query');
      assert.deepEqual((e as { issues: { path: unknown }[] }).issues.map((i) => i.path), [['time', where]]);
      return true;
    });
  }
});
