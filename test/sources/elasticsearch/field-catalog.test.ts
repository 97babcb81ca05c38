import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFieldCatalog, capsIndices, type CatalogResponses } from '../../../src/sources/elasticsearch/field-catalog.js';

// The catalog merged from the three responses the loader reads (field caps, mapping, the `_ignored` terms), given
// here in the shapes Elasticsearch 8 answers with: no node needed to check the merge.

const caps = (fields: Record<string, Record<string, { searchable?: boolean; aggregatable?: boolean }>>, indices: string | string[] = ['logs']): CatalogResponses['caps'] => ({ indices, fields });
const build = (mappings: CatalogResponses['mappings'], c = caps({}), ignored: { fields?: string[]; unknown?: boolean } = {}) =>
  buildFieldCatalog({ caps: c, mappings, ignored: { fields: new Set(ignored.fields ?? []), unknown: ignored.unknown ?? false }, loadedAt: 42 });

describe('capsIndices', () => {
  test('a string, an array or nothing', () => {
    assert.deepEqual(capsIndices({ indices: 'a' }), ['a']);
    assert.deepEqual(capsIndices({ indices: ['b', 'a'] }), ['b', 'a']);
    assert.deepEqual(capsIndices({}), []);
  });
});

describe('buildFieldCatalog', () => {
  test('fields with their types, families, sub-fields, formats, null_value and index flags; indices sorted', () => {
    const catalog = build(
      {
        logs: {
          mappings: {
            properties: {
              type: { type: 'keyword' },
              title: { type: 'text', fields: { raw: { type: 'text' }, kw: { type: 'keyword' }, kw2: { type: 'keyword' } } },
              clientTime: { type: 'date', format: 'strict_date_optional_time || epoch_millis' },
              nanos: { type: 'date_nanos' },
              plain: { type: 'long', index: false, null_value: 0 },
              details: { properties: { clicks: { type: 'integer' }, alt: { type: 'boolean' } } },
              geo: { type: 'geo_point' },
            },
          },
        },
      },
      caps(
        {
          type: { keyword: { searchable: true, aggregatable: true } },
          title: { text: { searchable: true, aggregatable: false } },
          plain: { long: { searchable: false, aggregatable: true } },
          'not.mapped': { keyword: { searchable: true, aggregatable: true } },
        },
        ['z', 'logs'],
      ),
    );
    assert.deepEqual(catalog.indices, ['logs', 'z']);
    assert.equal(catalog.loadedAt, 42);
    assert.equal(catalog.unknownIgnored, false);
    assert.deepEqual([...catalog.fields.keys()], ['type', 'title', 'clientTime', 'nanos', 'plain', 'details', 'details.clicks', 'details.alt', 'geo']);
    const base = { searchable: true, aggregatable: true, keywordField: undefined, ignored: false, nullValue: false };
    assert.deepEqual(catalog.fields.get('type'), { field: 'type', types: ['keyword'], family: 'keyword', ...base });
    assert.deepEqual(catalog.fields.get('title'), { field: 'title', types: ['text'], family: 'text', ...base, aggregatable: false, keywordField: 'title.kw' });
    assert.deepEqual(catalog.fields.get('clientTime'), { field: 'clientTime', types: ['date'], family: 'date', ...base, formats: ['strict_date_optional_time', 'epoch_millis'] });
    assert.deepEqual(catalog.fields.get('nanos'), { field: 'nanos', types: ['date_nanos'], family: 'date', ...base, formats: ['strict_date_optional_time', 'epoch_millis'] });
    assert.deepEqual(catalog.fields.get('plain'), { field: 'plain', types: ['long'], family: 'integer', ...base, searchable: false, nullValue: true });
    assert.deepEqual(catalog.fields.get('details'), { field: 'details', types: ['object'], family: 'object', ...base });
    assert.deepEqual(catalog.fields.get('details.clicks'), { field: 'details.clicks', types: ['integer'], family: 'integer', ...base });
    assert.deepEqual(catalog.fields.get('details.alt'), { field: 'details.alt', types: ['boolean'], family: 'boolean', ...base });
    assert.deepEqual(catalog.fields.get('geo'), { field: 'geo', types: ['geo_point'], family: 'other', ...base });
  });

  test('from the mapping alone (no field caps entry): a date without a format, index: false, nested properties', () => {
    const catalog = build({
      logs: {
        mappings: {
          properties: {
            day: { type: 'date' },
            hidden: { type: 'keyword', index: false },
            shown: { type: 'keyword', index: true },
            events: { type: 'nested', properties: { name: { type: 'keyword' }, deep: { type: 'nested', properties: { at: { type: 'date', format: 'epoch_second' } } } } },
          },
        },
      },
    });
    assert.deepEqual([...catalog.fields.keys()], ['day', 'hidden', 'shown', 'events', 'events.name', 'events.deep', 'events.deep.at']);
    const base = { searchable: true, aggregatable: true, keywordField: undefined, ignored: false, nullValue: false };
    assert.deepEqual(catalog.fields.get('day'), { field: 'day', types: ['date'], family: 'date', ...base, formats: ['strict_date_optional_time', 'epoch_millis'] }, "Elasticsearch's default date format");
    assert.deepEqual(catalog.fields.get('hidden'), { field: 'hidden', types: ['keyword'], family: 'keyword', ...base, searchable: false });
    assert.deepEqual(catalog.fields.get('shown'), { field: 'shown', types: ['keyword'], family: 'keyword', ...base });
    assert.deepEqual(catalog.fields.get('events'), { field: 'events', types: ['nested'], family: 'object', ...base });
    assert.deepEqual(catalog.fields.get('events.name'), { field: 'events.name', types: ['keyword'], family: 'keyword', ...base });
    assert.deepEqual(catalog.fields.get('events.deep.at'), { field: 'events.deep.at', types: ['date'], family: 'date', ...base, formats: ['epoch_second'] });
  });

  test('every family name', () => {
    const types = ['keyword', 'text', 'match_only_text', 'long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'boolean', 'date', 'date_nanos', 'object', 'nested', 'ip'];
    const catalog = build({ logs: { mappings: { properties: Object.fromEntries(types.map((t) => [`f_${t}`, { type: t }])) } } });
    assert.deepEqual(
      types.map((t) => catalog.fields.get(`f_${t}`)!.family),
      ['keyword', 'text', 'text', 'integer', 'integer', 'integer', 'integer', 'double', 'float', 'float', 'boolean', 'date', 'date', 'object', 'object', 'other'],
    );
  });

  test('across indices: types merged and sorted, a family conflict, capabilities only when every index has them', () => {
    const catalog = build(
      {
        a: { mappings: { properties: { n: { type: 'long' }, k: { type: 'keyword' }, d: { type: 'date', format: 'epoch_millis' } } } },
        b: { mappings: { properties: { n: { type: 'integer' }, k: { type: 'text' }, d: { type: 'date', format: 'epoch_second' } } } },
      },
      caps({ n: { long: { searchable: true, aggregatable: true }, integer: { searchable: true, aggregatable: false } }, k: { keyword: { searchable: true, aggregatable: true }, text: { aggregatable: true } } }),
    );
    assert.deepEqual(catalog.fields.get('n'), { field: 'n', types: ['integer', 'long'], family: 'integer', searchable: true, aggregatable: false, keywordField: undefined, ignored: false, nullValue: false });
    assert.deepEqual(catalog.fields.get('k'), { field: 'k', types: ['keyword', 'text'], family: 'conflict', searchable: false, aggregatable: true, keywordField: undefined, ignored: false, nullValue: false });
    assert.deepEqual(catalog.fields.get('d')!.formats, ['epoch_millis', 'epoch_second']);
  });

  test('ignored values: the field or its keyword sub-field; unknown ignored values distrust every field', () => {
    const mappings = { logs: { mappings: { properties: { a: { type: 'keyword' }, t: { type: 'text', fields: { keyword: { type: 'keyword' } } }, u: { type: 'text' }, c: { type: 'keyword' } } } } };
    const catalog = build(mappings, caps({}), { fields: ['a', 't.keyword', 'u.keyword'] });
    assert.deepEqual(['a', 't', 'u', 'c'].map((f) => catalog.fields.get(f)!.ignored), [true, true, false, false]);
    assert.equal(build(mappings, caps({}), { unknown: true }).unknownIgnored, true);
  });

  test('isAbsent: dynamic mapping decides, the nearest mapped object wins, disabled objects and leaves hide fields', () => {
    const catalog = build({
      logs: {
        mappings: {
          dynamic: 'strict',
          properties: {
            type: { type: 'keyword' },
            loose: { type: 'object', dynamic: false, properties: { inner: { type: 'object', dynamic: 'true', properties: {} } } },
            off: { type: 'object', enabled: false },
            details: { properties: { x: { type: 'keyword' } } },
            runtime: { type: 'object', dynamic: 'runtime' },
            strings: { type: 'object', dynamic: true },
          },
        },
      },
    });
    const absent = (f: string) => catalog.isAbsent(f);
    assert.equal(absent('type'), false, 'a mapped field is not absent');
    assert.equal(absent('nothere'), true, 'strict root');
    assert.equal(absent('details.y'), true, 'inherits strict');
    assert.equal(absent('details.x.deeper'), false, 'under a keyword leaf');
    assert.equal(absent('type.sub'), false, 'under a keyword leaf at the root');
    assert.equal(absent('loose.y'), false, 'dynamic false: unmapped fields may be in documents');
    assert.equal(absent('loose.inner.y'), true, 'the nearest object (dynamic "true") decides');
    assert.equal(absent('loose.inner.a.b'), true, 'deeper under the nearest mapped object');
    assert.equal(absent('off.y'), false, 'a disabled object keeps everything unindexed');
    assert.equal(absent('off.y.z'), false);
    assert.equal(absent('runtime.y'), false, 'dynamic runtime does not index');
    assert.equal(absent('strings.y'), true, 'dynamic true');
  });

  test('isAbsent without dynamic settings: dynamic by default; across indices only when every index says so', () => {
    assert.equal(build({ logs: { mappings: { properties: {} } } }).isAbsent('x'), true);
    assert.equal(build({ logs: {} }).isAbsent('x'), true);
    assert.equal(build({}).isAbsent('x'), false, 'no mapping at all: nothing can be said');
    const two = build({ a: { mappings: { dynamic: false, properties: {} } }, b: { mappings: { properties: { o: { type: 'object', enabled: false } } } } });
    assert.equal(two.isAbsent('x'), false);
    const both = build({ a: { mappings: { properties: { o: { properties: {} } } } }, b: { mappings: { properties: { o: { type: 'object', enabled: false } } } } });
    assert.equal(both.isAbsent('o.x'), false, 'disabled in one index');
    const dyn = build({ a: { mappings: { properties: { o: { properties: {} } } } }, b: { mappings: { properties: { o: { properties: {} } } } } });
    assert.equal(dyn.isAbsent('o.x'), true);
  });
});
