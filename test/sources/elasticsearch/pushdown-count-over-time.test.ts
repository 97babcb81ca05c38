import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CountOverTimeParams } from '../../../src/core/operators/count-over-time.js';
import type { NormalizedMapping } from '../../../src/core/schema/mapping-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { compileQueryDsl } from '../../../src/sources/elasticsearch/compile-query-dsl.js';
import {
  countOverTimeOutcome,
  countOverTimePageBody,
  countOverTimeSources,
  emptyCountOverTimeTally,
  foldCountOverTimePage,
  planCountOverTime,
  type CountOverTimePlan,
} from '../../../src/sources/elasticsearch/pushdown-count-over-time.js';
import { catalogOf, USERALE_PROPERTIES } from './helpers/catalog.js';

// The count-over-time pushdown without a node: the plan, the exact search body, and how composite buckets (as
// Elasticsearch 8 returns them) become rows, untimed counts and fallbacks.

const userale = resolveMapping('userale').mapping;
const props = { ...USERALE_PROPERTIES, tag: { type: 'keyword' }, n: { type: 'long' } };
const catalog = catalogOf(props, { dynamic: 'strict' });
const exactQuery = compileQueryDsl({}, { mapping: userale, catalog, now: 0 });
const params = (p: Record<string, unknown>) => CountOverTimeParams.parse(p);
const plan = (p: Record<string, unknown>, options: { mapping?: NormalizedMapping; catalog?: typeof catalog; projection?: string[] } = {}) =>
  planCountOverTime(params(p), options.mapping ?? userale, options.catalog ?? catalog, exactQuery, options.projection);

describe('planCountOverTime', () => {
  test('one date-histogram source per time field; fixed and calendar intervals; group fields as count-by plans them', () => {
    assert.deepEqual(plan({ interval: '15m', by: 'type' }), {
      times: [
        { name: 't0', field: 'clientTime' },
        { name: 't1', field: 'startTime' },
      ],
      groups: { by: ['type'], sources: [{ name: 'k0', field: 'type' }], columns: [{ kind: 'role', sources: ['k0'], emptyIsMissing: true }], singleValued: true },
      interval: { fixed_interval: '15m' },
    });
    assert.deepEqual(plan({ interval: '1M', field: 'end', by: ['tag'] }), {
      times: [{ name: 't0', field: 'endTime' }],
      groups: { by: ['tag'], sources: [{ name: 'k0', field: 'tag' }], columns: [{ kind: 'doc', source: 'k0', field: 'tag' }], singleValued: true },
      interval: { calendar_interval: '1M' },
    });
    assert.deepEqual((plan({ interval: '250ms' }) as CountOverTimePlan).interval, { fixed_interval: '250ms' });
    assert.deepEqual((plan({ interval: '1w' }) as CountOverTimePlan).interval, { calendar_interval: '1w' });
    assert.deepEqual((plan({ interval: '1d' }) as CountOverTimePlan).groups.by, []);
    const absentStart = catalogOf(Object.fromEntries(Object.entries(props).filter(([k]) => k !== 'startTime')), { dynamic: 'strict' });
    assert.deepEqual((plan({ interval: '1h' }, { catalog: absentStart }) as CountOverTimePlan).times, [{ name: 't0', field: 'clientTime' }]);
  });

  test('every reason it runs in memory', () => {
    const loose = catalogOf(props, { dynamic: false });
    const residual = compileQueryDsl({ where: { field: 'unmapped', op: 'eq', value: 1 } }, { mapping: userale, catalog: loose, now: 0 });
    assert.deepEqual(planCountOverTime(params({ interval: '1h' }), userale, catalog, residual), { reason: 'part of the query runs in memory (see residual_filter)' });
    assert.deepEqual(plan({ interval: '1h' }, { mapping: { ...userale, time: [{ field: 'tag', format: 'auto' }] } }), { reason: 'tag is mapped as keyword, not date' });
    assert.deepEqual(plan({ interval: '1h' }, { catalog: catalogOf(props, { caps: { startTime: { searchable: true, aggregatable: false } } }) }), { reason: 'startTime cannot be bucketed in Elasticsearch' });
    assert.deepEqual(plan({ interval: '1h', by: 'n' }), { reason: 'n is mapped long, whose indexed values can differ from the stored ones' });
  });

  test('a residual query is the reason even when a time field could not be bucketed either', () => {
    const loose = catalogOf(props, { dynamic: false });
    const residual = compileQueryDsl({ where: { field: 'unmapped', op: 'eq', value: 1 } }, { mapping: userale, catalog: loose, now: 0 });
    const keywordTime = { ...userale, time: [{ field: 'tag', format: 'auto' }] } as NormalizedMapping;
    assert.deepEqual(planCountOverTime(params({ interval: '1h' }), keywordTime, catalog, residual), { reason: 'part of the query runs in memory (see residual_filter)' });
  });
});

const byType = plan({ interval: '1h', by: 'type' }) as CountOverTimePlan;
const H = 3_600_000;
const bucket = (key: Record<string, unknown>, doc_count: number) => ({ key, doc_count });
const page = (total: number | { value: number }, buckets: ReturnType<typeof bucket>[], after_key?: Record<string, unknown>) => ({
  hits: { total },
  aggregations: { groups: { buckets, ...(after_key === undefined ? {} : { after_key }) } },
});

describe('countOverTimePageBody', () => {
  const sources = [
    { t0: { date_histogram: { field: 'clientTime', fixed_interval: '1h', missing_bucket: true } } },
    { t1: { date_histogram: { field: 'startTime', fixed_interval: '1h', missing_bucket: true } } },
    { k0: { terms: { field: 'type', missing_bucket: true } } },
  ];
  test('sources, the first page and the next', () => {
    assert.deepEqual(countOverTimeSources(byType), sources);
    const query = { term: { type: 'click' } };
    assert.deepEqual(countOverTimePageBody(byType, 20, query, undefined), { size: 0, track_total_hits: true, query, aggs: { groups: { composite: { size: 20, sources } } } });
    assert.deepEqual(countOverTimePageBody(byType, 20, undefined, { t0: H }), { size: 0, track_total_hits: false, aggs: { groups: { composite: { size: 20, sources, after: { t0: H } } } } });
  });
  test('no time field and no group: only the count', () => {
    const none: CountOverTimePlan = { times: [], groups: { by: [], sources: [], columns: [], singleValued: true }, interval: { fixed_interval: '1h' } };
    assert.deepEqual(countOverTimePageBody(none, 20, undefined, undefined), { size: 0, track_total_hits: true });
    const tally = emptyCountOverTimeTally();
    assert.deepEqual(foldCountOverTimePage(none, params({ interval: '1h' }), tally, { hits: { total: { value: 4 } } }, 20), { done: true });
    assert.deepEqual({ ...tally, buckets: [...tally.buckets] }, { buckets: [], total: 4, counted: 4, untimed: 4, first: false });
  });
});

describe('folding pages', () => {
  test('the first time source with a value starts the bucket; untimed buckets are counted apart; rows by start then group', () => {
    const p = params({ interval: '1h', by: 'type' });
    const tally = emptyCountOverTimeTally();
    assert.deepEqual(
      foldCountOverTimePage(byType, p, tally, page({ value: 12 }, [bucket({ t0: 2 * H, t1: null, k0: 'b' }, 2), bucket({ t0: null, t1: H, k0: 'a' }, 3), bucket({ t0: null, t1: null, k0: 'a' }, 1)], { t0: null, t1: null, k0: 'a' }), 3),
      { after: { t0: null, t1: null, k0: 'a' } },
    );
    assert.deepEqual(foldCountOverTimePage(byType, p, tally, page(99, [bucket({ t0: H, t1: 5 * H, k0: 'a' }, 4), bucket({ t0: 2 * H, t1: null, k0: null }, 2)]), 3), { done: true });
    assert.equal(tally.total, 12);
    assert.equal(tally.counted, 12);
    assert.equal(tally.untimed, 1);
    assert.deepEqual(countOverTimeOutcome(p, tally), {
      rows: [
        { time: H, type: 'a', count: 7 },
        { time: 2 * H, type: 'b', count: 2 },
        { time: 2 * H, type: null, count: 2 },
      ],
    });
  });

  test('a full page without after_key is the last; a number total; no aggregation is an empty page', () => {
    const p = params({ interval: '1h', by: 'type' });
    const tally = emptyCountOverTimeTally();
    assert.deepEqual(foldCountOverTimePage(byType, p, tally, page(1, [bucket({ t0: 0, t1: null, k0: 'x' }, 1)]), 1), { done: true });
    assert.equal(tally.total, 1);
    const empty = emptyCountOverTimeTally();
    assert.deepEqual(foldCountOverTimePage(byType, p, empty, { hits: { total: 0 } }, 1), { done: true });
    assert.deepEqual(countOverTimeOutcome(p, empty), { rows: [] });
  });

  test('one time field and one group field: every bucket is folded', () => {
    const endByTag = plan({ interval: '1h', field: 'end', by: 'tag' }) as CountOverTimePlan;
    assert.deepEqual(endByTag.times, [{ name: 't0', field: 'endTime' }]);
    const p = params({ interval: '1h', field: 'end', by: 'tag' });
    const tally = emptyCountOverTimeTally();
    assert.deepEqual(foldCountOverTimePage(endByTag, p, tally, page(5, [bucket({ t0: H, k0: 'a' }, 2), bucket({ t0: null, k0: 'b' }, 3)]), 10), { done: true });
    assert.deepEqual({ total: tally.total, counted: tally.counted, untimed: tally.untimed }, { total: 5, counted: 5, untimed: 3 });
    assert.deepEqual(countOverTimeOutcome(p, tally), { rows: [{ end: H, tag: 'a', count: 2 }] });
  });

  test('a short page is the last even when it carries an after_key', () => {
    const p = params({ interval: '1h', by: 'type' });
    const tally = emptyCountOverTimeTally();
    assert.deepEqual(foldCountOverTimePage(byType, p, tally, page(1, [bucket({ t0: 0, t1: null, k0: 'x' }, 1)], { t0: 0, t1: null, k0: 'x' }), 2), { done: true });
    assert.deepEqual(countOverTimeOutcome(p, tally), { rows: [{ time: 0, type: 'x', count: 1 }] });
  });

  test('missing: skip with two group fields leaves out a bucket where either is null', () => {
    const byTwo = plan({ interval: '1h', by: ['type', 'tag'] }) as CountOverTimePlan;
    assert.deepEqual(byTwo.groups.sources, [{ name: 'k0', field: 'type' }, { name: 'k1', field: 'tag' }]);
    const p = params({ interval: '1h', by: ['type', 'tag'], missing: 'skip' });
    const tally = emptyCountOverTimeTally();
    const buckets = [bucket({ t0: 0, t1: null, k0: 'click', k1: null }, 1), bucket({ t0: 0, t1: null, k0: null, k1: 'a' }, 2), bucket({ t0: 0, t1: null, k0: 'click', k1: 'a' }, 4)];
    assert.deepEqual(foldCountOverTimePage(byTwo, p, tally, page(7, buckets), 10), { done: true });
    assert.deepEqual(countOverTimeOutcome(p, tally), { rows: [{ time: 0, type: 'click', tag: 'a', count: 4 }] });
  });

  test('missing: skip leaves out buckets with a null group value, but they were counted', () => {
    const p = params({ interval: '1h', by: 'type', missing: 'skip' });
    const tally = emptyCountOverTimeTally();
    foldCountOverTimePage(byType, p, tally, page(3, [bucket({ t0: 0, t1: null, k0: null }, 2), bucket({ t0: 0, t1: null, k0: 'x' }, 1)]), 10);
    assert.deepEqual(countOverTimeOutcome(p, tally), { rows: [{ time: 0, type: 'x', count: 1 }] });
  });

  test('fallbacks: a keyword key that may be a number, documents in several buckets', () => {
    const byTag = plan({ interval: '1h', by: 'tag' }) as CountOverTimePlan;
    const p = params({ interval: '1h', by: 'tag' });
    assert.deepEqual(foldCountOverTimePage(byTag, p, emptyCountOverTimeTally(), page(1, [bucket({ t0: 0, t1: null, k0: '42' }, 1)]), 10), { fallback: 'a keyword key may stand for a number or boolean' });
    assert.deepEqual(foldCountOverTimePage(byTag, p, emptyCountOverTimeTally(), page(1, [bucket({ t0: null, t1: null, k0: '42' }, 1)]), 10), { done: true }, 'untimed buckets are not checked');
    const tally = emptyCountOverTimeTally();
    foldCountOverTimePage(byTag, p, tally, page(1, [bucket({ t0: 0, t1: null, k0: 'a' }, 1), bucket({ t0: 0, t1: null, k0: 'b' }, 1)]), 10);
    assert.deepEqual(countOverTimeOutcome(p, tally), { fallback: 'some documents hold several values in a grouped or time field (each event must count once)' });
  });
});
