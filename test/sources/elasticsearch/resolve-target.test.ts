import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { NormalizedMapping } from '../../../src/core/schema/mapping-schema.js';
import { buildFieldCatalog } from '../../../src/sources/elasticsearch/field-catalog.js';
import { resolveTarget } from '../../../src/sources/elasticsearch/resolve-target.js';
import { catalogOf, USERALE_PROPERTIES } from './helpers/catalog.js';

// What a query field name stands for against an index: every classification and every reason, exactly.

const userale = resolveMapping('userale').mapping;
const strict = catalogOf(USERALE_PROPERTIES, { dynamic: 'strict' });
const loose = catalogOf(USERALE_PROPERTIES, { dynamic: false });
const k = (source: string, query = source) => ({ source, query, kind: 'keyword', ignored: false });

describe('resolveTarget', () => {
  test('document fields: the keyword sub-field of text, the spec, absence', () => {
    assert.deepEqual(resolveTarget('title', userale, strict), { kind: 'doc', field: 'title', spec: strict.fields.get('title'), absent: false, query: 'title.keyword' });
    assert.deepEqual(resolveTarget('details.clicks', userale, strict), { kind: 'doc', field: 'details.clicks', spec: strict.fields.get('details.clicks'), absent: false, query: 'details.clicks' });
    assert.deepEqual(resolveTarget('nothere', userale, strict), { kind: 'doc', field: 'nothere', spec: undefined, absent: true, query: 'nothere' });
    assert.deepEqual(resolveTarget('nothere', userale, loose), { kind: 'doc', field: 'nothere', spec: undefined, absent: false, query: 'nothere' });
    const plainText = catalogOf({ note: { type: 'text' } });
    assert.equal((resolveTarget('note', userale, plainText) as { query: string }).query, 'note');
  });

  test('derived attributes are unsupported', () => {
    assert.deepEqual(resolveTarget('attrs.route', userale, strict), { kind: 'unsupported', reason: '"attrs.route" is a derived attribute, computed after the read' });
  });

  test('string roles: fallback fields, the id role, empty strings', () => {
    assert.deepEqual(resolveTarget('session', userale, strict), {
      kind: 'string-role',
      role: 'session',
      fields: [k('sessionId'), { source: 'sessionID', query: 'sessionID', kind: 'absent', ignored: false }],
      idFallback: false,
      emptyIsMissing: true,
    });
    assert.deepEqual(resolveTarget('id', { ...userale, id: ['logId'] }, strict), {
      kind: 'string-role',
      role: 'id',
      fields: [{ source: 'logId', query: 'logId', kind: 'absent', ignored: false }],
      idFallback: true,
      emptyIsMissing: true,
    });
  });

  test('role fields: every kind and reason', () => {
    const catalog = catalogOf(
      {
        kw: { type: 'keyword' },
        txt: { type: 'text', fields: { raw: { type: 'keyword' } } },
        bare: { type: 'text' },
        n: { type: 'long' },
        d: { type: 'double' },
        f: { type: 'float' },
        b: { type: 'boolean' },
        t: { type: 'date' },
        o: { type: 'ip' },
        hidden: { type: 'keyword', index: false },
        nulled: { type: 'keyword', null_value: 'NULL' },
        ig: { type: 'keyword' },
      },
      { dynamic: false, ignored: ['ig'] },
    );
    const fieldsOf = (names: string[]) => (resolveTarget('user', { ...userale, user: names } as NormalizedMapping, catalog) as { fields?: unknown[] }).fields;
    assert.deepEqual(fieldsOf(['kw', 'txt', 'bare', 'n', 'd', 'f', 'b', 't', 'o', 'hidden', 'nulled', 'ig', 'gone']), [
      k('kw'),
      k('txt', 'txt.raw'),
      { source: 'bare', query: 'bare', kind: 'unsupported', ignored: false, reason: 'bare is analysed text without a keyword sub-field' },
      { source: 'n', query: 'n', kind: 'valued', ignored: false },
      { source: 'd', query: 'd', kind: 'valued', ignored: false },
      { source: 'f', query: 'f', kind: 'valued', ignored: false },
      { source: 'b', query: 'b', kind: 'valued', ignored: false },
      { source: 't', query: 't', kind: 'valued', ignored: false },
      { source: 'o', query: 'o', kind: 'unsupported', ignored: false, reason: 'o is mapped as ip' },
      { source: 'hidden', query: 'hidden', kind: 'unsupported', ignored: false, reason: 'hidden is not indexed' },
      { source: 'nulled', query: 'nulled', kind: 'unsupported', ignored: false, reason: 'nulled maps null to a value (null_value)' },
      { source: 'ig', query: 'ig', kind: 'keyword', ignored: true },
      { source: 'gone', query: 'gone', kind: 'unsupported', ignored: false, reason: 'gone is not indexed (not in the mapping)' },
    ]);
    const unknown = catalogOf({ kw: { type: 'keyword' } }, { unknownIgnored: true });
    assert.deepEqual((resolveTarget('user', { ...userale, user: ['kw'] }, unknown) as { fields?: unknown[] }).fields, [{ ...k('kw'), ignored: true }]);
  });

  test('a field mapped differently across indices: every type named in the reason', () => {
    const twoIndices = buildFieldCatalog({
      caps: { indices: ['a', 'b'], fields: {} },
      mappings: { a: { mappings: { properties: { mixed: { type: 'keyword' }, when: { type: 'date' } } } }, b: { mappings: { properties: { mixed: { type: 'long' }, when: { type: 'keyword' } } } } },
      ignored: { fields: new Set(), unknown: false },
      loadedAt: 0,
    });
    assert.deepEqual((resolveTarget('user', { ...userale, user: ['mixed'] }, twoIndices) as { fields?: unknown[] }).fields, [
      { source: 'mixed', query: 'mixed', kind: 'unsupported', ignored: false, reason: 'mixed is mapped as keyword/long' },
    ]);
    assert.deepEqual((resolveTarget('time', { ...userale, time: [{ field: 'when', format: 'auto' }] } as NormalizedMapping, twoIndices) as { fields?: unknown[] }).fields, [
      { source: 'when', kind: 'unsupported', reason: 'when is mapped as date/keyword, not date' },
    ]);
  });

  test('the path role: one field without a separator, else unsupported', () => {
    assert.deepEqual(resolveTarget('path', userale, strict), { kind: 'string-role', role: 'path', fields: [k('path')], idFallback: false, emptyIsMissing: false });
    assert.deepEqual(resolveTarget('path', { ...userale, pathSeparator: '/' }, strict), { kind: 'unsupported', reason: 'the mapping splits a string path on a separator' });
    assert.deepEqual(resolveTarget('path', { ...userale, path: ['path', 'domPath'] }, strict), { kind: 'unsupported', reason: 'the path role has fallback fields' });
    assert.deepEqual(resolveTarget('path', { ...userale, path: [] }, strict), { kind: 'unsupported', reason: 'the path role has fallback fields' });
  });

  test('time roles: date fields, absence and every reason a field cannot be used', () => {
    assert.deepEqual(resolveTarget('time', userale, strict), { kind: 'time-role', role: 'time', fields: [{ source: 'clientTime', kind: 'date' }, { source: 'startTime', kind: 'date' }] });
    assert.deepEqual(resolveTarget('end', userale, strict), { kind: 'time-role', role: 'end', fields: [{ source: 'endTime', kind: 'date' }] });
    const catalog = catalogOf(
      {
        plain: { type: 'date' },
        nanos: { type: 'date_nanos', format: 'strict_date_optional_time_nanos' },
        opt: { type: 'date', format: 'date_optional_time' },
        sec: { type: 'date', format: 'epoch_second' },
        kw: { type: 'keyword' },
        hidden: { type: 'date', index: false },
        nulled: { type: 'date', null_value: '1970-01-01' },
        ig: { type: 'date' },
      },
      { dynamic: false, ignored: ['ig'] },
    );
    const time = (fields: { field: string; format: string }[]) => (resolveTarget('time', { ...userale, time: fields } as NormalizedMapping, catalog) as { fields?: unknown[] }).fields;
    const auto = (field: string) => ({ field, format: 'auto' });
    assert.deepEqual(time([auto('plain'), auto('nanos'), auto('opt'), auto('sec'), auto('kw'), auto('hidden'), auto('nulled'), auto('ig'), auto('gone'), { field: 'plain', format: 'epoch_ms' }]), [
      { source: 'plain', kind: 'date' },
      { source: 'nanos', kind: 'date' },
      { source: 'opt', kind: 'date' },
      { source: 'sec', kind: 'unsupported', reason: 'sec has date format epoch_second' },
      { source: 'kw', kind: 'unsupported', reason: 'kw is mapped as keyword, not date' },
      { source: 'hidden', kind: 'unsupported', reason: "hidden has values Elasticsearch did not index" },
      { source: 'nulled', kind: 'unsupported', reason: 'nulled has values Elasticsearch did not index' },
      { source: 'ig', kind: 'unsupported', reason: 'ig has values Elasticsearch did not index' },
      { source: 'gone', kind: 'unsupported', reason: 'gone is not indexed' },
      { source: 'plain', kind: 'unsupported', reason: 'the mapping reads plain as epoch_ms' },
    ]);
    const mixed = catalogOf({ two: { type: 'date', format: 'epoch_millis||epoch_second' } });
    assert.deepEqual((resolveTarget('time', { ...userale, time: [auto('two'), auto('absentOne')] } as NormalizedMapping, mixed) as { fields?: unknown[] }).fields, [
      { source: 'two', kind: 'unsupported', reason: 'two has date format epoch_millis||epoch_second' },
      { source: 'absentOne', kind: 'absent' },
    ]);
    const unknown = catalogOf({ plain: { type: 'date' } }, { unknownIgnored: true });
    assert.deepEqual((resolveTarget('time', { ...userale, time: [auto('plain')] } as NormalizedMapping, unknown) as { fields?: unknown[] }).fields, [
      { source: 'plain', kind: 'unsupported', reason: 'plain has values Elasticsearch did not index' },
    ]);
  });
});
