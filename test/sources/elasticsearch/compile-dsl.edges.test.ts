// Exact notes and bodies for the paths of the Elasticsearch compiler that the es-compile-dsl mutation run
// (reports/mutation/es-compile-dsl.json) left unpinned: the paths of notes under all / not / in, the reasons for
// fields Elasticsearch cannot test, fields that are not indexed, an ignored role field with no possible match, and
// which prefix / contains values can match a number or boolean indexed as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition } from '../../../src/core/query/query-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { USERALE_MAPPING } from '../../../src/core/schema/presets/userale.js';
import { compileConditionDsl } from '../../../src/sources/elasticsearch/compile-dsl.js';
import type { FieldCatalog, FieldFamily, FieldSpec } from '../../../src/sources/elasticsearch/field-catalog.js';

const FAMILY: Record<string, FieldFamily> = { keyword: 'keyword', text: 'text', integer: 'integer', object: 'object' };

function spec(field: string, type: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { field, types: [type], family: FAMILY[type] ?? 'other', searchable: true, aggregatable: type === 'keyword' || type === 'integer', ignored: false, nullValue: false, ...extra };
}

const FIELDS: FieldSpec[] = [
  spec('type', 'keyword', { ignored: true }),
  spec('pageTitle', 'keyword'),
  spec('details.clicks', 'integer'),
  spec('title', 'text', { keywordField: 'title.keyword' }),
  spec('obj', 'object'),
  spec('mixed', 'object', { types: ['object', 'nested'] }),
];
const catalog: FieldCatalog = {
  indices: ['userale'],
  fields: new Map(FIELDS.map((f) => [f.field, f])),
  unknownIgnored: false,
  loadedAt: 0,
  // 'hidden' is in the index's mapping but not searchable (dynamic: false): not absent, not in the catalog.
  isAbsent: (field) => field !== 'hidden' && !FIELDS.some((f) => f.field === field),
};
const ctx = { mapping: resolveMapping('userale').mapping, catalog, now: Date.UTC(2024, 2, 11) };
const compile = (c: Condition) => compileConditionDsl(c, ctx);
const note = (path: (string | number)[], field: string, reason: string) => [{ path, field, reason }];

test('notes carry the path of their node under all, not and in', () => {
  const inMemory = { field: 'pageTitle', op: 'eq', value: 5 } as Condition;
  const reason = 'a number equals every spelling of it in a keyword field ("5", "5.0", "05"), tested in memory';
  assert.deepEqual(compile({ all: [{ field: 'pageTitle', op: 'eq', value: 'a' }, inMemory] }).notes, note(['where', 'all', 1], 'pageTitle', reason));
  assert.deepEqual(compile({ not: inMemory }).notes, note(['where', 'not'], 'pageTitle', reason));
  assert.deepEqual(compile({ field: 'pageTitle', op: 'in', value: ['a', 5] }).notes, note(['where', 'value', 1], 'pageTitle', reason));
});

test('fields Elasticsearch cannot test say why', () => {
  assert.deepEqual(compile({ field: 'details.clicks', op: 'prefix', value: '1' }), { q: true, exact: false, notes: note(['where'], 'details.clicks', 'integer fields hold no text to test in Elasticsearch') });
  assert.deepEqual(compile({ field: 'obj', op: 'exists', value: true }), { q: true, exact: false, notes: note(['where'], 'obj', 'object fields: "has a value" is tested in memory') });
  assert.deepEqual(compile({ field: 'obj', op: 'eq', value: 'a' }), { q: true, exact: false, notes: note(['where'], 'obj', 'object fields are compared in memory') });
  assert.deepEqual(compile({ field: 'obj', op: 'gt', value: 'a' }), { q: true, exact: false, notes: note(['where'], 'obj', 'object fields are compared in memory') });
  // A field mapped differently across indices names every type.
  const mixed = (reason: string) => ({ q: true, exact: false, notes: note(['where'], 'mixed', reason) });
  assert.deepEqual(compile({ field: 'mixed', op: 'prefix', value: 'a' }), mixed('object/nested fields hold no text to test in Elasticsearch'));
  assert.deepEqual(compile({ field: 'mixed', op: 'exists', value: true }), mixed('object/nested fields: "has a value" is tested in memory'));
  assert.deepEqual(compile({ field: 'mixed', op: 'eq', value: 'a' }), mixed('object/nested fields are compared in memory'));
  assert.deepEqual(compile({ field: 'mixed', op: 'lt', value: 'a' }), mixed('object/nested fields are compared in memory'));
});

test('a field in the index but not indexed: residual with its reason; a field no document has: no match', () => {
  assert.deepEqual(compile({ field: 'hidden', op: 'eq', value: 'a' }), { q: true, exact: false, notes: note(['where'], 'hidden', 'the field is not indexed (dynamic: false or a disabled object)') });
  assert.deepEqual(compile({ field: 'hidden', op: 'exists', value: true }), { q: true, exact: false, notes: note(['where'], 'hidden', 'the field is not indexed') });
  assert.deepEqual(compile({ field: 'nowhere', op: 'eq', value: 'a' }), { q: false, exact: true, notes: [] });
});

test('"has a value" on text with a keyword sub-field runs on the sub-field', () => {
  assert.deepEqual(compile({ field: 'title', op: 'exists', value: true }), { q: { exists: { field: 'title.keyword' } }, exact: true, notes: [] });
});

test('an ignored role field adds no _ignored branch to a test that cannot match', () => {
  assert.deepEqual(compile({ field: 'type', op: 'eq', value: '' }), { q: false, exact: true, notes: [] });
});

test('prefix and contains on a keyword field are exact only when no number or boolean text can match', () => {
  const indexedAsText = note(['where'], 'pageTitle', 'numbers and booleans are indexed as text too');
  assert.deepEqual(compile({ field: 'pageTitle', op: 'prefix', value: 'ru' }), { q: { prefix: { pageTitle: 'ru' } }, exact: true, notes: [] });
  assert.deepEqual(compile({ field: 'pageTitle', op: 'prefix', value: 'tr' }), { q: { prefix: { pageTitle: 'tr' } }, exact: false, notes: indexedAsText });
  assert.deepEqual(compile({ field: 'pageTitle', op: 'prefix', value: 'fal' }), { q: { prefix: { pageTitle: 'fal' } }, exact: false, notes: indexedAsText });
  assert.deepEqual(compile({ field: 'pageTitle', op: 'contains', value: 'als' }), { q: { wildcard: { pageTitle: { value: '*als*' } } }, exact: false, notes: indexedAsText });
  assert.deepEqual(compile({ field: 'pageTitle', op: 'contains', value: 'xy' }), { q: { wildcard: { pageTitle: { value: '*xy*' } } }, exact: true, notes: [] });
});

test('a derived attribute is never in the index: equality, ranges and text tests on it stay in memory, with the reason', () => {
  const reason = '"attrs.dwell" is a derived attribute, computed after the read';
  for (const c of [
    { field: 'attrs.dwell', op: 'eq', value: 'a' },
    { field: 'attrs.dwell', op: 'gt', value: 5 },
    { field: 'attrs.dwell', op: 'prefix', value: 'a' },
    { field: 'attrs.dwell', op: 'contains', value: 'a' },
  ] as Condition[]) {
    assert.deepEqual(compile(c), { q: true, exact: false, notes: note(['where'], 'attrs.dwell', reason) }, JSON.stringify(c));
  }
});

test('a time range on a value that is not a time names the value\'s path', () => {
  assert.throws(() => compile({ all: [{ field: 'type', op: 'eq', value: 'a' }, { field: 'time', op: 'gt', value: 'soon' }] }), (e: Error & { code?: string; issues?: { code: string; path: unknown }[] }) => {
    assert.equal(e.code, 'invalid_query');
    assert.equal(e.message, 'Invalid time "soon" at where.all[1].value.');
    assert.deepEqual(e.issues?.map((i) => [i.code, i.path]), [['invalid_time', ['where', 'all', 1, 'value']]]);
    return true;
  });
});

test('a time role whose first field no document has: only the date field that exists is queried', () => {
  const mapping = resolveMapping({ ...USERALE_MAPPING, time: ['gone', 'clientTime'] }).mapping;
  const times: FieldCatalog = { ...catalog, fields: new Map([...catalog.fields, ['clientTime', { ...spec('clientTime', 'date'), family: 'date' as FieldFamily }]]) };
  const c = (cond: Condition) => compileConditionDsl(cond, { mapping, catalog: times, now: 0 });
  assert.deepEqual(c({ field: 'time', op: 'exists', value: true }), { q: { exists: { field: 'clientTime' } }, exact: true, notes: [] });
});
