import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import type { AllowedRequest } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { buildDataset } from '../conformance/dataset.js';
import { oracleSource, runOn } from '../conformance/oracle.js';
import { connection, readOnlyFixture, SKIP } from './helpers/es-fixture.js';

// Pushdown is proved by inspecting the requests sent: a pushed count-by sends only size-0 searches carrying a
// composite aggregation (paged with after_key), never documents; its rows equal the in-memory operator's.

const dataset = buildDataset(2000, 13);

interface Body {
  size?: number;
  query?: unknown;
  sort?: unknown[];
  aggs?: { groups?: { composite?: { size: number; sources: Record<string, { terms: { field: string } }>[]; after?: unknown } } };
}

if (SKIP !== false) test('pushdown', { skip: SKIP }, () => {});
else {
  describe('pushdown: aggregations and sorts run in Elasticsearch, with the in-memory results', () => {
    let fixture: Awaited<ReturnType<typeof readOnlyFixture>>;
    const oracle = oracleSource(dataset);
    let log: AllowedRequest[] = [];
    const make = (pageSize = 1000): EventSource =>
      createElasticsearchSource({
        id: 'es',
        connection: connection(),
        index: fixture.index,
        mapping: resolveMapping('userale'),
        pageSize,
        onRequest: (r) => {
          fixture.audit.onRequest(r);
          log.push(r);
        },
      });
    let es: EventSource;

    before(async () => {
      fixture = await readOnlyFixture('pushdown', dataset.docs, dataset.ids, { shards: 2 });
      es = make();
    });
    after(async () => {
      await es.close?.();
      await fixture.close();
    });

    /** Run on Elasticsearch (recording its requests) and on the reference; the results must be equal. */
    const both = async (pipeline: Record<string, unknown>, source = es): Promise<{ got: Envelope; searches: Body[] }> => {
      log = [];
      const [got, want] = await Promise.all([runOn(source, pipeline, dataset.now), runOn(oracle, pipeline, dataset.now)]);
      assert.deepEqual(got.result, want.result);
      const searches = log.filter((r) => r.endpoint === 'search' && r.path === '/_search').map((r) => r.body as Body);
      return { got, searches };
    };
    const composites = (searches: Body[]) => searches.filter((b) => b.aggs?.groups?.composite !== undefined);

    test('count-by type: one composite aggregation, no documents fetched', async () => {
      const { got, searches } = await both({ steps: [{ op: 'count-by', by: 'type', share: true }] });
      assert.deepEqual(got.stats.pushedDown, ['aggregation:count-by']);
      assert.equal(composites(searches).length, 1);
      assert.deepEqual(composites(searches)[0]!.aggs!.groups!.composite!.sources, [{ k0: { terms: { field: 'type', missing_bucket: true } } }]);
      assert.ok(searches.every((b) => b.size === 0), 'only size-0 searches: no document left Elasticsearch');
      assert.equal(got.stats.matched, dataset.docs.length);
    });

    test('the query filters run inside the aggregation request', async () => {
      const pipeline = {
        query: { time: { from: '2024-03-05', to: 'now-1d' }, where: { field: 'kind', op: 'in', value: ['raw', 'custom'] } },
        steps: [{ op: 'count-by', by: ['user', 'type'], limit: 12 }],
      };
      const { got, searches } = await both(pipeline);
      assert.deepEqual([...got.stats.pushedDown].sort(), ['aggregation:count-by', 'filter']);
      const q = JSON.stringify(composites(searches)[0]!.query);
      assert.match(q, /"range":\{"clientTime":\{"gte":1709596800000,"format":"epoch_millis"\}\}/);
      assert.match(q, /"terms":\{"logType":\["raw","custom"\]\}/);
    });

    test('many groups page through after_key', async () => {
      const small = make(7);
      try {
        const { got, searches } = await both({ steps: [{ op: 'count-by', by: ['session', 'type'] }] }, small);
        const pages = composites(searches);
        assert.ok(got.result.count > 21, 'enough groups for several pages');
        assert.ok(pages.length >= Math.ceil(got.result.count / 7));
        assert.equal(pages[0]!.aggs!.groups!.composite!.after, undefined);
        assert.ok(pages.slice(1).every((p) => p.aggs!.groups!.composite!.after !== undefined));
      } finally {
        await small.close?.();
      }
    });

    test('a role with fallback fields groups on all of them and folds them: sessionId, then sessionID', async () => {
      const { got, searches } = await both({ steps: [{ op: 'count-by', by: 'session' }] });
      assert.deepEqual(got.stats.pushedDown, ['aggregation:count-by']);
      const fields = composites(searches)[0]!.aggs!.groups!.composite!.sources.map((s) => Object.values(s)[0]!.terms.field);
      assert.deepEqual(fields, ['sessionId', 'sessionID']);
      const rows = got.result.kind === 'table' ? got.result.rows : [];
      assert.ok(rows.some((r) => r.session === 'legacy-fallback'));
    });

    test('keyword keys that could be numbers are recounted from their documents only', async () => {
      const { got, searches } = await both({ steps: [{ op: 'count-by', by: 'pageTitle' }] });
      assert.deepEqual(got.stats.pushedDown, ['aggregation:count-by']);
      const fetches = searches.filter((b) => b.size !== 0);
      assert.equal(fetches.length, 1);
      assert.match(JSON.stringify(fetches[0]!.query), /"terms":\{"pageTitle":\["12345"\]\}/);
      const rows = got.result.kind === 'table' ? got.result.rows : [];
      assert.deepEqual(rows.find((r) => r.pageTitle === 12345)?.count, 1);
    });

    test('what cannot be grouped exactly runs in memory, and the result says so', async () => {
      for (const pipeline of [
        { steps: [{ op: 'count-by', by: 'details.clicks' }] },
        { query: { where: { field: 'details.y', op: 'gt', value: 10 } }, steps: [{ op: 'count-by', by: 'type' }] },
        { steps: [{ op: 'count-by', by: 'time' }] },
      ]) {
        const { got, searches } = await both(pipeline);
        assert.ok(!got.stats.pushedDown.includes('aggregation:count-by'), JSON.stringify(pipeline));
        assert.equal(composites(searches).length, 0);
        assert.ok(got.warnings.some((w) => w.code === 'pushdown_fallback'));
      }
    });

    test('documents holding several values are detected after the aggregation and counted in memory', async () => {
      const { got, searches } = await both({ steps: [{ op: 'count-by', by: 'tags' }] });
      assert.equal(composites(searches).length, 1);
      assert.ok(!got.stats.pushedDown.includes('aggregation:count-by'));
      assert.match(got.warnings.find((w) => w.code === 'pushdown_fallback')?.message ?? '', /several values/);
      const exploded = await both({ steps: [{ op: 'count-by', by: 'tags', explode: true }] });
      assert.deepEqual(exploded.got.stats.pushedDown, ['aggregation:count-by']);
    });

    test('count-over-time: date-histogram sources over each time fallback field, no documents fetched', async () => {
      const { got, searches } = await both({ query: { time: { from: '2024-03-05' } }, steps: [{ op: 'count-over-time', interval: '1h', by: 'type' }] });
      assert.deepEqual([...got.stats.pushedDown].sort(), ['aggregation:count-over-time', 'filter']);
      const sources = composites(searches)[0]!.aggs!.groups!.composite!.sources as unknown as Record<string, Record<string, unknown>>[];
      assert.deepEqual(sources, [
        { t0: { date_histogram: { field: 'clientTime', fixed_interval: '1h', missing_bucket: true } } },
        { t1: { date_histogram: { field: 'startTime', fixed_interval: '1h', missing_bucket: true } } },
        { k0: { terms: { field: 'type', missing_bucket: true } } },
      ]);
      assert.ok(searches.every((b) => b.size === 0));
      const calendar = await both({ steps: [{ op: 'count-over-time', interval: '1w' }] });
      assert.match(JSON.stringify(composites(calendar.searches)[0]!.aggs), /"calendar_interval":"1w"/);
      assert.ok(calendar.got.warnings.some((w) => w.code === 'untimed_excluded'));
    });

    test('a leading sort step streams (partition, time) order from Elasticsearch', async () => {
      const { got, searches } = await both({ steps: [{ op: 'sort', by: ['user', 'time', 'id'] }, { op: 'limit', n: 300 }] });
      assert.deepEqual(got.stats.pushedDown, ['sort']);
      assert.ok(searches.length > 0);
      assert.ok(searches.every((b) => JSON.stringify(b.sort).startsWith('[{"userId":{"order":"asc"}}')));
    });
  });
}
