import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { CountByParams, type Group } from '../../../src/core/operators/count-by.js';
import type { NormalizedMapping } from '../../../src/core/schema/mapping-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { compileQueryDsl, type CompiledQuery } from '../../../src/sources/elasticsearch/compile-query-dsl.js';
import { buildFieldCatalog } from '../../../src/sources/elasticsearch/field-catalog.js';
import {
  addGroup,
  byGetters,
  countByPageBody,
  countByRows,
  countByVerdict,
  emptyCountByTally,
  foldCountByPage,
  markAmbiguous,
  planCountBy,
  recountEvent,
  recountQuery,
  valuesOf,
  type CountByPlan,
} from '../../../src/sources/elasticsearch/pushdown-count-by.js';
import { catalogOf, USERALE_PROPERTIES } from './helpers/catalog.js';

// The count-by pushdown without a node: the plan, the exact search body of each page, and how the pages'
// composite buckets (given as Elasticsearch 8 returns them) fold into rows, fallbacks and recounts.

const userale = resolveMapping('userale').mapping;
const props = { ...USERALE_PROPERTIES, sessionID: { type: 'keyword' }, tag: { type: 'keyword' }, code: { type: 'keyword' }, n: { type: 'long' }, label: { type: 'text', fields: { kw: { type: 'keyword' } } } };
const catalog = catalogOf(props, { dynamic: 'strict' });
const exactQuery: CompiledQuery = compileQueryDsl({}, { mapping: userale, catalog, now: 0 });
const params = (p: Record<string, unknown>) => CountByParams.parse(p);
const plan = (p: Record<string, unknown>, options: { mapping?: NormalizedMapping; catalog?: typeof catalog; compiled?: CompiledQuery; projection?: string[] } = {}) =>
  planCountBy(params(p), options.mapping ?? userale, options.catalog ?? catalog, options.compiled ?? exactQuery, options.projection);

describe('planCountBy', () => {
  test('roles with fallback fields, a keyword document field, a text role field by its keyword sub-field', () => {
    assert.deepEqual(plan({ by: ['session', 'tag'] }), {
      by: ['session', 'tag'],
      sources: [
        { name: 'k0', field: 'sessionId' },
        { name: 'k1', field: 'sessionID' },
        { name: 'k2', field: 'tag' },
      ],
      columns: [
        { kind: 'role', sources: ['k0', 'k1'], emptyIsMissing: true },
        { kind: 'doc', source: 'k2', field: 'tag' },
      ],
      singleValued: true,
    });
    assert.deepEqual(plan({ by: 'user' }, { mapping: { ...userale, user: ['label', 'gone'] } }), {
      by: ['user'],
      sources: [{ name: 'k0', field: 'label.kw' }],
      columns: [{ kind: 'role', sources: ['k0'], emptyIsMissing: true }],
      singleValued: true,
    });
  });

  test('the path role with explode: an empty element is a value; multi-valued', () => {
    assert.deepEqual(plan({ by: 'path', explode: true }), {
      by: ['path'],
      sources: [{ name: 'k0', field: 'path' }],
      columns: [{ kind: 'role', sources: ['k0'], emptyIsMissing: false }],
      singleValued: false,
    });
  });

  test('absent and projected-away document fields are one null key, with no aggregation source', () => {
    assert.deepEqual(plan({ by: ['nothere', 'tag'] }), {
      by: ['nothere', 'tag'],
      sources: [{ name: 'k0', field: 'tag' }],
      columns: [
        { kind: 'role', sources: [], emptyIsMissing: false },
        { kind: 'doc', source: 'k0', field: 'tag' },
      ],
      singleValued: true,
    });
    assert.deepEqual((plan({ by: ['tag', 'details.clicks', 'type'] }, { projection: ['details.other', 'type'] }) as CountByPlan).columns, [
      { kind: 'role', sources: [], emptyIsMissing: false },
      { kind: 'role', sources: [], emptyIsMissing: false },
      { kind: 'role', sources: ['k0'], emptyIsMissing: true },
    ]);
    assert.deepEqual(plan({ by: ['details.clicks'] }, { projection: ['details'] }), { reason: 'details.clicks is mapped integer, whose indexed values can differ from the stored ones' });
    assert.deepEqual((plan({ by: ['tag'] }, { projection: ['tag'] }) as CountByPlan).columns, [{ kind: 'doc', source: 'k0', field: 'tag' }]);
    assert.deepEqual((plan({ by: ['tag'] }, { projection: ['doc.tag'] }) as CountByPlan).columns, [{ kind: 'doc', source: 'k0', field: 'tag' }]);
    assert.deepEqual((plan({ by: ['tags'] }, { projection: ['tag'], catalog: catalogOf({ ...props, tags: { type: 'keyword' } }) }) as CountByPlan).columns, [{ kind: 'role', sources: [], emptyIsMissing: false }]);
  });

  test('every reason it runs in memory', () => {
    const loose = catalogOf(props, { dynamic: false });
    const residual = compileQueryDsl({ where: { field: 'unmapped', op: 'eq', value: 1 } }, { mapping: userale, catalog: loose, now: 0 });
    assert.notEqual(residual.residual, undefined);
    assert.deepEqual(plan({ by: 'type' }, { compiled: residual }), { reason: 'part of the query runs in memory (see residual_filter)' });
    assert.deepEqual(plan({ by: 'attrs.route' }), { reason: '"attrs.route" is a derived attribute' });
    assert.deepEqual(plan({ by: 'time' }), { reason: '"time" holds sub-millisecond times' });
    assert.deepEqual(plan({ by: 'end' }), { reason: '"end" holds sub-millisecond times' });
    assert.deepEqual(plan({ by: 'id' }), { reason: 'ids are counted in memory' });
    assert.deepEqual(plan({ by: 'path' }), { reason: 'the path role is one array value per event unless explode is set' });
    assert.deepEqual(plan({ by: 'path', explode: true }, { mapping: { ...userale, pathSeparator: '/' } }), { reason: 'the path role is one array value per event unless explode is set' });
    assert.deepEqual(plan({ by: 'path', explode: true }, { mapping: { ...userale, path: ['path', 'p2'] } }), { reason: 'the path role is one array value per event unless explode is set' });
    assert.deepEqual(plan({ by: 'session' }, { catalog: catalogOf(USERALE_PROPERTIES, { dynamic: false }) }), { reason: 'sessionID is not indexed' });
    assert.deepEqual(plan({ by: 'user' }, { mapping: { ...userale, user: ['n'] } }), { reason: 'n (mapped long) cannot be grouped exactly in Elasticsearch' });
    assert.deepEqual(plan({ by: 'user' }, { catalog: catalogOf(props, { ignored: ['userId'] }) }), { reason: 'userId (mapped keyword) cannot be grouped exactly in Elasticsearch' });
    assert.deepEqual(plan({ by: 'user' }, { catalog: catalogOf(props, { unknownIgnored: true }) }), { reason: 'userId (mapped keyword) cannot be grouped exactly in Elasticsearch' });
    assert.deepEqual(plan({ by: 'user' }, { catalog: catalogOf({ ...props, userId: { type: 'keyword', null_value: 'x' } }) }), { reason: 'userId (mapped keyword) cannot be grouped exactly in Elasticsearch' });
    assert.deepEqual(plan({ by: 'user' }, { mapping: { ...userale, user: ['title'] }, catalog: catalogOf({ title: { type: 'text' } }) }), { reason: 'title (mapped text) cannot be grouped exactly in Elasticsearch' });
    assert.deepEqual(plan({ by: 'unmapped' }, { catalog: loose }), { reason: 'unmapped is not indexed' });
    assert.deepEqual(plan({ by: 'n' }), { reason: 'n is mapped long, whose indexed values can differ from the stored ones' });
    assert.deepEqual(plan({ by: 'tag' }, { catalog: catalogOf(props, { caps: { tag: { searchable: true, aggregatable: false } } }) }), { reason: 'tag has no doc values' });
    assert.deepEqual(plan({ by: 'tag' }, { catalog: catalogOf(props, { ignored: ['tag'] }) }), { reason: 'some tag values were not indexed' });
    assert.deepEqual(plan({ by: 'tag' }, { catalog: catalogOf(props, { unknownIgnored: true }) }), { reason: 'some tag values were not indexed' });
    assert.deepEqual(plan({ by: 'tag' }, { catalog: catalogOf({ ...props, tag: { type: 'keyword', null_value: 'none' } }) }), { reason: 'tag maps null to a value' });
  });

  test('a keyword sub-field makes only a text field groupable, not a number', () => {
    const sub = catalogOf({ ...props, count: { type: 'long', fields: { kw: { type: 'keyword' } } } }, { dynamic: 'strict' });
    assert.deepEqual(plan({ by: 'user' }, { mapping: { ...userale, user: ['count'] }, catalog: sub }), { reason: 'count (mapped long) cannot be grouped exactly in Elasticsearch' });
  });

  test('a field mapped differently across indices: every type named in the reason', () => {
    const twoIndices = buildFieldCatalog({
      caps: { indices: ['a', 'b'], fields: {} },
      mappings: { a: { mappings: { properties: { mixed: { type: 'keyword' } } } }, b: { mappings: { properties: { mixed: { type: 'long' } } } } },
      ignored: { fields: new Set(), unknown: false },
      loadedAt: 0,
    });
    assert.deepEqual(plan({ by: 'user' }, { mapping: { ...userale, user: ['mixed'] }, catalog: twoIndices }), { reason: 'mixed (mapped keyword/long) cannot be grouped exactly in Elasticsearch' });
    assert.deepEqual(plan({ by: 'mixed' }, { catalog: twoIndices }), { reason: 'mixed is mapped keyword/long, whose indexed values can differ from the stored ones' });
  });

  test('a projection listing only roles keeps no document field, whatever its name', () => {
    // The names include Stryker's placeholder text: a path wrongly counted as kept must show for any name.
    for (const name of ['tag', 'a.b', 'Stryker was here']) {
      const c = catalogOf({ ...props, [name]: { type: 'keyword' } }, { dynamic: 'strict' });
      assert.deepEqual(plan({ by: [name, 'type'] }, { catalog: c, projection: ['user', 'attrs.x'] }), {
        by: [name, 'type'],
        sources: [{ name: 'k0', field: 'type' }],
        columns: [
          { kind: 'role', sources: [], emptyIsMissing: false },
          { kind: 'role', sources: ['k0'], emptyIsMissing: true },
        ],
        singleValued: true,
      }, name);
    }
  });
});

const sessionTag = plan({ by: ['session', 'tag'] }) as CountByPlan;
const onlyAbsent = plan({ by: ['nothere'] }) as CountByPlan;

describe('countByPageBody', () => {
  test('the first page counts the hits; later pages carry after; the query when there is one', () => {
    const query = { term: { type: 'click' } };
    const sources = [{ k0: { terms: { field: 'sessionId', missing_bucket: true } } }, { k1: { terms: { field: 'sessionID', missing_bucket: true } } }, { k2: { terms: { field: 'tag', missing_bucket: true } } }];
    assert.deepEqual(countByPageBody(sessionTag, 50, query, undefined), { size: 0, track_total_hits: true, query, aggs: { groups: { composite: { size: 50, sources } } } });
    assert.deepEqual(countByPageBody(sessionTag, 50, undefined, { k0: 'a', k1: null, k2: 'x' }), {
      size: 0,
      track_total_hits: false,
      aggs: { groups: { composite: { size: 50, sources, after: { k0: 'a', k1: null, k2: 'x' } } } },
    });
  });

  test('no sources: only the count', () => {
    assert.deepEqual(countByPageBody(onlyAbsent, 50, undefined, undefined), { size: 0, track_total_hits: true });
  });
});

const bucket = (key: Record<string, unknown>, doc_count: number) => ({ key, doc_count });
const page = (total: number | { value: number } | undefined, buckets: ReturnType<typeof bucket>[], after_key?: Record<string, unknown>) => ({
  hits: { total },
  aggregations: { groups: { buckets, ...(after_key === undefined ? {} : { after_key }) } },
});

describe('folding pages', () => {
  test('buckets fold fallback fields into role values; pages continue while full and keyed', () => {
    const p = params({ by: ['session', 'tag'] });
    const tally = emptyCountByTally();
    const next = foldCountByPage(sessionTag, p, tally, page({ value: 9 }, [bucket({ k0: 's1', k1: null, k2: 'a' }, 3), bucket({ k0: '', k1: 's1', k2: 'a' }, 2)], { k0: '', k1: 's1', k2: 'a' }), 2);
    assert.deepEqual(next, { k0: '', k1: 's1', k2: 'a' });
    assert.equal(tally.total, 9);
    assert.equal(tally.first, false);
    const last = foldCountByPage(sessionTag, p, tally, page({ value: 1234 }, [bucket({ k0: null, k1: null, k2: null }, 4)], { k0: null, k1: null, k2: null }), 2);
    assert.equal(last, undefined, 'a short page is the last');
    assert.equal(tally.total, 9, 'only the first page sets the total');
    assert.equal(tally.bucketDocs, 9);
    assert.deepEqual([...tally.groups.values()], [
      { values: ['s1', 'a'], count: 5 },
      { values: [null, null], count: 4 },
    ]);
    assert.deepEqual(countByVerdict(sessionTag, tally, undefined), { recount: undefined });
    assert.deepEqual(countByRows(sessionTag, p, tally), [
      { session: 's1', tag: 'a', count: 5 },
      { session: null, tag: null, count: 4 },
    ]);
  });

  test('a full page without after_key ends; a number total; no aggregation answers no buckets', () => {
    const p = params({ by: ['session', 'tag'] });
    const tally = emptyCountByTally();
    assert.equal(foldCountByPage(sessionTag, p, tally, page(7, [bucket({ k0: 'a', k1: null, k2: 'x' }, 7)]), 1), undefined);
    assert.equal(tally.total, 7);
    const empty = emptyCountByTally();
    assert.equal(foldCountByPage(sessionTag, p, empty, { hits: { total: undefined } }, 1), undefined);
    assert.equal(empty.total, 0);
    assert.equal(empty.groups.size, 0);
  });

  test('only absent fields: every hit in the null group, none when nothing matched', () => {
    const p = params({ by: 'nothere' });
    const tally = emptyCountByTally();
    assert.equal(foldCountByPage(onlyAbsent, p, tally, { hits: { total: { value: 6 } } }, 10), undefined);
    assert.equal(tally.bucketDocs, 6);
    assert.deepEqual(countByRows(onlyAbsent, p, tally), [{ nothere: null, count: 6 }]);
    const none = emptyCountByTally();
    foldCountByPage(onlyAbsent, p, none, { hits: { total: { value: 0 } } }, 10);
    assert.deepEqual(countByRows(onlyAbsent, p, none), []);
    const skipped = emptyCountByTally();
    foldCountByPage(onlyAbsent, params({ by: 'nothere', missing: 'skip' }), skipped, { hits: { total: { value: 6 } } }, 10);
    assert.deepEqual(countByRows(onlyAbsent, p, skipped), []);
  });

  test('missing: skip drops buckets with a null value', () => {
    const p = params({ by: ['session', 'tag'], missing: 'skip' });
    const tally = emptyCountByTally();
    foldCountByPage(sessionTag, p, tally, page({ value: 5 }, [bucket({ k0: 's', k1: null, k2: null }, 2), bucket({ k0: 's', k1: null, k2: 't' }, 3)]), 10);
    assert.deepEqual(countByRows(sessionTag, p, tally), [{ session: 's', tag: 't', count: 3 }]);
  });

  test('documents in several buckets fall back (single-valued plans), exploded ones may not', () => {
    const p = params({ by: ['session', 'tag'] });
    const tally = emptyCountByTally();
    foldCountByPage(sessionTag, p, tally, page({ value: 2 }, [bucket({ k0: 'a', k1: null, k2: 'x' }, 2), bucket({ k0: 'a', k1: null, k2: 'y' }, 1)]), 10);
    assert.deepEqual(countByVerdict(sessionTag, tally, undefined), { fallback: 'some documents hold several values in a grouped field (each event must count once)' });
    const paths = plan({ by: 'path', explode: true }) as CountByPlan;
    const exploded = emptyCountByTally();
    foldCountByPage(paths, params({ by: 'path', explode: true }), exploded, page({ value: 1 }, [bucket({ k0: 'a' }, 1), bucket({ k0: 'b' }, 1)]), 10);
    assert.deepEqual(countByVerdict(paths, exploded, undefined), { recount: undefined });
  });

  test('keyword keys a number or boolean would also produce are set aside and recounted', () => {
    const p = params({ by: ['tag', 'session'] });
    const tagSession = plan({ by: ['tag', 'session'] }) as CountByPlan;
    const tally = emptyCountByTally();
    foldCountByPage(
      tagSession,
      p,
      tally,
      page({ value: 10 }, [bucket({ k0: '5', k1: '7', k2: null }, 2), bucket({ k0: 'true', k1: 's', k2: null }, 1), bucket({ k0: 'x', k1: '8', k2: null }, 3), bucket({ k0: 'false', k1: 's', k2: null }, 4)]),
      10,
    );
    assert.deepEqual(tally.ambiguous, new Map([[0, new Set(['5', 'true', 'false'])]]));
    assert.deepEqual([...tally.groups.values()], [{ values: ['x', '8'], count: 3 }], 'role values stay strings');
    const query = { term: { type: 'click' } };
    assert.deepEqual(countByVerdict(tagSession, tally, query), { recount: { bool: { filter: [query, { terms: { tag: ['5', 'true', 'false'] } }] } } });
    assert.deepEqual(countByVerdict(tagSession, tally, undefined), { recount: { terms: { tag: ['5', 'true', 'false'] } } });
    const paths = plan({ by: 'path', explode: true }) as CountByPlan;
    assert.deepEqual(countByVerdict(paths, { ...emptyCountByTally(), ambiguous: new Map([[0, new Set(['1'])]]) }, undefined), { fallback: 'exploded keyword values may stand for numbers or booleans' });
  });
});

describe('buckets and recounts', () => {
  const twoDocs = plan({ by: ['tag', 'code'] }) as CountByPlan;
  test('markAmbiguous: only document columns, only numeric or boolean text', () => {
    const out = new Map<number, Set<string>>();
    assert.equal(markAmbiguous(twoDocs, { k0: '1.5', k1: 'no' }, out), true);
    assert.equal(markAmbiguous(twoDocs, { k0: 'x', k1: '-2' }, out), true);
    assert.equal(markAmbiguous(twoDocs, { k0: 'x', k1: 'True' }, out), false);
    assert.equal(markAmbiguous(twoDocs, { k0: 7, k1: null }, out), false, 'only keyword (string) keys');
    assert.equal(markAmbiguous(twoDocs, { k0: '1.5', k1: '3' }, out), true);
    assert.deepEqual(out, new Map([[0, new Set(['1.5'])], [1, new Set(['-2', '3'])]]));
    assert.equal(markAmbiguous(sessionTag, { k0: '5', k1: 'true', k2: 'x' }, new Map()), false, 'role values are strings');
  });

  test('valuesOf: the first usable fallback, numbers as text for roles, null when none', () => {
    assert.deepEqual(valuesOf(sessionTag, { k0: 's', k1: 't', k2: 5 }), ['s', 5]);
    assert.deepEqual(valuesOf(sessionTag, { k0: null, k1: 12, k2: undefined }), ['12', null]);
    assert.deepEqual(valuesOf(sessionTag, { k0: '', k1: '', k2: '' }), [null, '']);
    const paths = plan({ by: 'path', explode: true }) as CountByPlan;
    assert.deepEqual(valuesOf(paths, { k0: '' }), ['']);
    assert.deepEqual(valuesOf(onlyAbsent, {}), [null]);
    assert.deepEqual(valuesOf(sessionTag, { k1: 't', k2: 'x' }), ['t', 'x'], 'a source left out of the key is no value');
  });

  test('recountQuery: one column a terms query, several any of them', () => {
    const ambiguous = new Map([[0, new Set(['1'])], [1, new Set(['true', '2'])]]);
    assert.deepEqual(recountQuery(twoDocs, ambiguous, undefined), { bool: { should: [{ terms: { tag: ['1'] } }, { terms: { code: ['true', '2'] } }], minimum_should_match: 1 } });
  });

  test('recountEvent: values by the in-memory rules (type kept, empty array and undefined as null)', () => {
    const byTag = plan({ by: ['doc.tag', 'user'] }) as CountByPlan;
    const getters = byGetters(byTag);
    const groups = new Map<string, Group>();
    const p = params({ by: ['doc.tag', 'user'] });
    const event = (tag: unknown, user?: string) => ({ id: 'x', time: 0, user, doc: { tag } }) as unknown as CanonicalEvent;
    recountEvent(p, getters, event(5, 'u'), groups);
    recountEvent(p, getters, event('5', 'u'), groups);
    recountEvent(p, getters, event(5, 'u'), groups);
    recountEvent(p, getters, event([], undefined), groups);
    recountEvent(p, getters, event(['a'], 'u'), groups);
    assert.deepEqual([...groups.values()], [
      { values: [5, 'u'], count: 2 },
      { values: ['5', 'u'], count: 1 },
      { values: [null, null], count: 1 },
      { values: [['a'], 'u'], count: 1 },
    ]);
    recountEvent(params({ by: ['doc.tag', 'user'], missing: 'skip' }), getters, event(true, undefined), groups);
    assert.equal(groups.size, 4);
  });

  test('addGroup: groups by type and value', () => {
    const groups = new Map<string, Group>();
    const p = params({ by: 'x' });
    addGroup(groups, [1], 2, p);
    addGroup(groups, ['1'], 3, p);
    addGroup(groups, [1], 4, p);
    assert.deepEqual([...groups.values()], [{ values: [1], count: 6 }, { values: ['1'], count: 3 }]);
  });
});
