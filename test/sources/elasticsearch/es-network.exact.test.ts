import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { USERALE_MAPPING } from '../../../src/core/schema/presets/userale.js';
import { resolveMapping, type ResolvedMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource, ReadContext } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import type { ElasticsearchConnection } from '../../../src/sources/elasticsearch/connection-options.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import type { AllowedRequest } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { runOn } from '../conformance/oracle.js';
import { connection, ES_URL, indexName, sharedFixture, SKIP } from './helpers/es-fixture.js';
import { searchBody, startFakeEs, type FakeRequest } from './helpers/fake-es.js';
import { failure } from './helpers/failure.js';

// The Elasticsearch source's request-sending files against the real node, with exact values, on a 20-document index
// built once per node (sharedFixture: the mutation scope es-network re-runs this file for every mutant): the source
// (elasticsearch-source.ts: client and catalog caching, the pushdown table, aggregation frames and their fallbacks),
// the reader (read-events.ts: untimed counts, unsorted and sliced cursors, sorted streams merged by key, the missing
// part's three plans, in-memory sorts, limits, abort), the cursor paging (pit-reader.ts), the catalog's requests
// (load-field-catalog.ts), the aggregation loops (run-count-by.ts with its recount, run-count-over-time.ts) and the
// field sample (sample-documents.ts). Page sizes of 2–3 make every read several pages; expected values come from
// the documents below by a naive evaluation in this file, or are written out.

const T0 = Date.UTC(2024, 2, 10, 8, 0, 0);
const NOW = Date.UTC(2024, 2, 11);
const USERS = ['ann', 'bob', 'cy', undefined] as const;
const TYPES = ['click', 'click', 'focus', 'input', 'scroll'] as const;
const INTERVAL = new Set([5, 11]);
const UNTIMED = new Set([7, 13]);
const LONG_NOTE = 'a note far longer than twenty characters';

interface Doc {
  userId?: string;
  sessionId?: string;
  sessionID?: string;
  type: string;
  logType: string;
  clientTime?: number;
  startTime?: number;
  pageTitle: string | number;
  tags: string | string[];
  note?: string;
  details: { clicks: number };
}

const docs: Doc[] = Array.from({ length: 20 }, (_, i) => {
  const user = USERS[i % 4];
  return {
    ...(user === undefined ? {} : { userId: user }),
    ...(i < 16 ? { sessionId: `s${(i % 3) + 1}` } : { sessionID: 'L1' }),
    type: TYPES[i % 5]!,
    logType: INTERVAL.has(i) ? 'interval' : UNTIMED.has(i) ? 'custom' : 'raw',
    ...(INTERVAL.has(i) ? { startTime: T0 + (65 + i) * 60_000 } : UNTIMED.has(i) ? {} : { clientTime: T0 + ((i * 37) % 60) * 60_000 }),
    pageTitle: i === 3 ? '12345' : i === 8 ? 12345 : i === 9 ? 'About' : 'Home',
    tags: i === 2 ? ['a', 'b'] : i % 2 === 0 ? 'a' : 'b',
    ...(i === 4 ? { note: LONG_NOTE } : i === 6 ? { note: 'short' } : {}),
    details: { clicks: i % 4 },
  };
});
const ids = docs.map((_, i) => `d${String(i + 1).padStart(2, '0')}`);

// The naive reference: a document's user, session and time as the userale mapping reads them.
const userOf = (i: number): string | undefined => docs[i]!.userId;
const timeOf = (i: number): number | undefined => docs[i]!.clientTime ?? docs[i]!.startTime;
const sessionOf = (i: number): string => docs[i]!.sessionId ?? docs[i]!.sessionID!;
const all = docs.map((_, i) => i);
/** Ascending with undefined last (both directions), as compileSort orders. */
const cmp = (a: string | number | undefined, b: string | number | undefined, dir: 1 | -1): number =>
  a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -dir : dir;
const orderBy = (...keys: ((i: number) => string | number | undefined)[]) => (dirs: (1 | -1)[]) =>
  [...all].sort((x, y) => {
    for (const [k, key] of keys.entries()) {
      const c = cmp(key(x), key(y), dirs[k]!);
      if (c !== 0) return c;
    }
    return 0;
  }).map((i) => ids[i]!);
const idOf = (i: number): string => ids[i]!;

const UNTIMED_MESSAGE = 'Events with no usable time (clientTime, startTime) were kept without one: they count, time ranges exclude them, sorting by time puts them last.';

function context(signal?: AbortSignal, strict = false): ReadContext {
  return { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict, now: NOW, signal };
}

async function collect(stream: AsyncIterable<readonly CanonicalEvent[]>): Promise<CanonicalEvent[]> {
  const out: CanonicalEvent[] = [];
  for await (const batch of stream) out.push(...batch);
  return out;
}

const rowsOf = (env: Envelope): readonly unknown[] => (env.result.kind === 'table' ? env.result.rows : assert.fail(`a table, not ${env.result.kind}`));
const idsOf = (env: Envelope): string[] => (env.result.kind === 'events' ? env.result.events.map((e) => e.id) : assert.fail(`events, not ${env.result.kind}`));
const warningsOf = (env: Envelope) => env.warnings.map((w) => ({ ...w }));

// What the real node never does, from a fake server (no Elasticsearch needed: runs in the unit subset too): a node
// that cannot aggregate on _ignored (the catalog counts instead), and a point-in-time id that changes between pages.
describe('es-network: answers a current node never gives', () => {
  const read = async (ignoredCount: number): Promise<{ requests: FakeRequest[]; warnings: string[]; ids: string[] }> => {
    let pages = 0;
    const fake = await startFakeEs((r) => {
      const body = r.body as { query?: { exists?: { field?: string } }; aggs?: unknown; pit?: { id: string } } | undefined;
      const onIgnored = body?.query?.exists?.field === '_ignored';
      if (r.path === '/logs/_search' && onIgnored) return { status: 400, body: { error: { type: 'illegal_argument_exception', reason: 'no aggregations on _ignored' }, status: 400 } };
      if (r.path === '/logs/_count') return { body: { count: onIgnored ? ignoredCount : 0 } };
      if (r.path === '/_search') return { body: searchBody(++pages === 1 ? [{ type: 'click', clientTime: 1 }] : [], { pit_id: 'pit-2' }) };
      return undefined;
    });
    try {
      const s = createElasticsearchSource({ id: 'es', connection: { nodes: [fake.url], rejectUnauthorized: true, requestTimeoutMs: 2000, maxRetries: 0 }, index: 'logs', mapping: resolveMapping('userale'), pageSize: 1 });
      const ctx = context();
      const events = await collect(s.read({ query: parseQuery({ where: { field: 'type', op: 'eq', value: 'click' } }) }, ctx).batches);
      await s.close!();
      return { requests: fake.requests, warnings: ctx.warnings.toArray().map((w) => w.code), ids: events.map((e) => e.id) };
    } finally {
      await fake.close();
    }
  };

  test('the catalog counts ignored values instead, and distrusts every field when there are some', async () => {
    const some = await read(1);
    assert.deepEqual(
      some.requests.map((r) => `${r.method} ${r.path}`),
      ['POST /logs/_field_caps', 'GET /logs/_mapping', 'POST /logs/_search', 'POST /logs/_count', 'POST /logs/_count', 'POST /logs/_pit', 'POST /_search', 'POST /_search', 'DELETE /_pit'],
    );
    assert.deepEqual(some.requests[3]!.body, { query: { exists: { field: '_ignored' } } });
    assert.deepEqual(some.warnings, ['residual_filter']);
    assert.deepEqual(some.ids, ['d0']);
    const none = await read(0);
    assert.deepEqual(none.warnings, []);
  });

  test('requireTime and strict with no untimed document: the read goes ahead', async () => {
    const fake = await startFakeEs((r) => {
      if (r.path.endsWith('/_field_caps')) {
        return { body: { indices: ['logs'], fields: { type: { keyword: { type: 'keyword', searchable: true, aggregatable: true } }, clientTime: { date: { type: 'date', searchable: true, aggregatable: true } } } } };
      }
      if (r.path === '/_search') return { body: searchBody([{ type: 'click', clientTime: 5 }]) };
      return undefined;
    });
    try {
      const mapping = resolveMapping({ ...USERALE_MAPPING, requireTime: true });
      const s = createElasticsearchSource({ id: 'es', connection: { nodes: [fake.url], rejectUnauthorized: true, requestTimeoutMs: 2000, maxRetries: 0 }, index: 'logs', mapping });
      const ctx = context(undefined, true);
      const events = await collect(s.read({ query: parseQuery({}) }, ctx).batches);
      await s.close!();
      assert.deepEqual(events.map((e) => [e.id, e.time]), [['d0', 5]]);
      assert.deepEqual(ctx.warnings.toArray(), []);
      assert.deepEqual({ ...ctx.stats }, { scanned: 1, skipped: 0, matched: 1, pushedDown: [] });
      assert.deepEqual(fake.requests.filter((r) => r.path === '/logs/_count').length, 1, 'the untimed documents were counted');
    } finally {
      await fake.close();
    }
  });

  test('every page carries the newest point-in-time id, and the close uses it', async () => {
    const { requests } = await read(0);
    const pits = requests.filter((r) => r.path === '/_search' || r.path === '/_pit').map((r) => (r.body as { pit?: { id: string }; id?: string } | undefined));
    assert.deepEqual(pits.map((b) => b?.pit?.id ?? b?.id), ['pit-1', 'pit-2', 'pit-2']);
  });
});

if (SKIP !== false) test('es-network: the source against the node', { skip: SKIP }, () => {});
else {
  describe('es-network: the Elasticsearch source against the node, exactly', () => {
    let fixture: Awaited<ReturnType<typeof sharedFixture>>;
    let log: AllowedRequest[] = [];
    const sources: EventSource[] = [];
    const make = (options: { pageSize?: number; slices?: number; mapping?: ResolvedMapping; metadataTtlMs?: number; index?: string; keepAlive?: string } = {}): EventSource => {
      const s = createElasticsearchSource({
        id: 'es',
        connection: connection({ maxRetries: 0 }),
        index: options.index ?? fixture.index,
        mapping: options.mapping ?? resolveMapping('userale'),
        pageSize: options.pageSize ?? 3,
        slices: options.slices,
        keepAlive: options.keepAlive,
        metadataTtlMs: options.metadataTtlMs,
        onRequest: (r) => log.push(r),
      });
      sources.push(s);
      return s;
    };
    const run = (s: EventSource, pipeline: Record<string, unknown>): Promise<Envelope> => {
      log = [];
      return runOn(s, pipeline, NOW);
    };
    const searches = () => log.filter((r) => r.endpoint === 'search').map((r) => r.body as Record<string, unknown>);
    const endpoints = () => log.map((r) => r.endpoint);
    /** After a read: one point in time opened, and closed with the id of the last response. */
    const assertPitClosed = (): void => {
      const opened = log.filter((r) => r.endpoint === 'open_point_in_time');
      const closed = log.filter((r) => r.endpoint === 'close_point_in_time');
      assert.equal(opened.length, 1);
      assert.equal(closed.length, 1);
      assert.equal(log.at(-1)!.endpoint, 'close_point_in_time');
      const lastPit = searches().filter((b) => b.pit !== undefined).at(-1)?.pit as { id: string } | undefined;
      if (lastPit !== undefined) assert.equal((closed[0]!.body as { id: string }).id, lastPit.id);
    };

    before(async () => {
      fixture = await sharedFixture('es-network', docs as unknown as Record<string, unknown>[], ids, { shards: 2, properties: { pageTitle: { type: 'keyword' } } });
    });
    after(async () => {
      await Promise.all(sources.map((s) => s.close?.()));
      await fixture.close();
    });

    test('an unsorted read: pages of 3 through one point in time, every document once, untimed counted once', async () => {
      const s = make();
      const env = await run(s, { query: {} });
      assert.deepEqual(idsOf(env).sort(), [...ids].sort());
      assert.deepEqual(warningsOf(env), [{ code: 'missing_time', message: UNTIMED_MESSAGE, count: 2 }]);
      assert.deepEqual(env.stats.pushedDown, []);
      assert.equal(env.stats.scanned, 20);
      assert.equal(env.stats.matched, 20);
      // The catalog's three requests, the untimed count, the point in time, 20 / 3 → 6 full pages + 1 short one.
      assert.deepEqual(endpoints(), ['field_caps', 'mapping', 'search', 'count', 'open_point_in_time', ...Array(7).fill('search'), 'close_point_in_time']);
      const pages = searches().slice(1);
      assert.deepEqual(pages.map((p) => p.size), Array(7).fill(3));
      assert.deepEqual(pages.map((p) => p.search_after === undefined), [true, ...Array(6).fill(false)]);
      assert.deepEqual((pages[0]!.pit as { keep_alive: string }).keep_alive, '1m');
      assertPitClosed();
      // The catalog is cached: a second read sends no field_caps.
      log = [];
      await collect(s.read({ query: parseQuery({}) }, context()).batches);
      assert.deepEqual(endpoints().slice(0, 2), ['count', 'open_point_in_time']);
    });

    test('the catalog: the ignored-values search, and a TTL that expires reloads it', async () => {
      const s = make({ metadataTtlMs: -1 });
      await run(s, { query: {} });
      const ignored = searches()[0]!;
      assert.deepEqual(ignored, {
        size: 0,
        track_total_hits: true,
        query: { exists: { field: '_ignored' } },
        aggs: { fields: { terms: { field: '_ignored', size: 10_000 } } },
      });
      assert.deepEqual(log[0]!.body, { fields: '*' });
      await run(s, { query: {} });
      assert.equal(endpoints().filter((e) => e === 'field_caps').length, 1, 'reloaded after the TTL');
      // A query on a field with an ignored (too long) value is re-checked in memory: the catalog knew.
      const env = await run(make(), { query: { where: { field: 'note', op: 'eq', value: LONG_NOTE } } });
      assert.deepEqual(idsOf(env), ['d05']);
      assert.deepEqual(env.warnings.map((w) => w.code), ['residual_filter', 'missing_time']);
      // Elasticsearch returns the documents whose note was ignored (only d05); the residual keeps the equal one.
      assert.equal(env.stats.scanned, 1);
      assert.equal(env.stats.matched, 1);
      const short = await run(make(), { query: { where: { field: 'note', op: 'eq', value: 'short' } } });
      assert.deepEqual(idsOf(short), ['d07']);
    });

    test('sliced reads: two slices, each its own cursor, together every document once', async () => {
      const env = await run(make({ slices: 2 }), { query: {} });
      assert.deepEqual(idsOf(env).sort(), [...ids].sort());
      const slices = searches().slice(1).map((p) => JSON.stringify(p.slice));
      assert.deepEqual([...new Set(slices)].sort(), ['{"id":0,"max":2}', '{"id":1,"max":2}']);
      assertPitClosed();
      // Four slices of uneven length: a slice that ends leaves the others reading.
      const four = await run(make({ slices: 4, pageSize: 2 }), { query: {} });
      assert.deepEqual(idsOf(four).sort(), [...ids].sort());
      const single = await run(make({ slices: 1 }), { query: {} });
      assert.ok(searches().slice(1).every((p) => p.slice === undefined));
      assert.equal(idsOf(single).length, 20);
    });

    test('sorted by (user, time, id): sliced streams merged by key, exact order, missing users last', async () => {
      const want = orderBy(userOf, timeOf, idOf)([1, 1, 1]);
      for (const slices of [1, 2]) {
        const env = await run(make({ slices }), { query: { sort: ['user', 'time', 'id'] } });
        assert.deepEqual(idsOf(env), want, `slices ${slices}`);
        assert.deepEqual(env.stats.pushedDown, ['sort']);
        assertPitClosed();
      }
      const desc = await run(make({ slices: 2 }), { query: { sort: ['-user', '-time', 'id'] } });
      assert.deepEqual(idsOf(desc), orderBy(userOf, timeOf, idOf)([-1, -1, 1]));
    });

    test('sorted by session: the sessionId and sessionID streams merged by value', async () => {
      const env = await run(make(), { query: { sort: ['session', 'time'] } });
      assert.deepEqual(idsOf(env), orderBy(sessionOf, timeOf)([1, 1]));
      const desc = await run(make({ slices: 2 }), { query: { sort: ['-session', 'time'] } });
      assert.deepEqual(idsOf(desc), orderBy(sessionOf, timeOf)([-1, 1]));
      const streams = new Set(searches().slice(1).map((p) => JSON.stringify(p.sort)));
      // Every document has a session: the missing part (planned over time) finds nothing.
      assert.deepEqual([...streams].sort(), [
        '[{"_shard_doc":"asc"}]',
        '[{"clientTime":{"order":"asc","numeric_type":"date"}},{"_shard_doc":"asc"}]',
        '[{"sessionID":{"order":"desc"}},{"_shard_doc":"asc"}]',
        '[{"sessionId":{"order":"desc"}},{"_shard_doc":"asc"}]',
        '[{"startTime":{"order":"asc","numeric_type":"date"}},{"_shard_doc":"asc"}]',
      ]);
    });

    test('sorted by time alone: clientTime and startTime streams merged, untimed documents last in index order', async () => {
      for (const dir of [1, -1] as const) {
        const env = await run(make(), { query: { sort: [dir === 1 ? 'time' : '-time'] } });
        const got = idsOf(env);
        const want = orderBy(timeOf)([dir]);
        assert.deepEqual(got.slice(0, 18), want.slice(0, 18));
        assert.deepEqual(got.slice(18).sort(), ['d08', 'd14']);
      }
    });

    test('the missing part: planned over the next key, read in index order, or sorted in memory', async () => {
      // (user, time): the users' missing part is sorted by time in Elasticsearch.
      assert.deepEqual(idsOf(await run(make(), { query: { sort: ['user', 'time'] } })), orderBy(userOf, timeOf)([1, 1]));
      // (user, id): id cannot be sorted in Elasticsearch: the missing part is sorted in memory.
      assert.deepEqual(idsOf(await run(make(), { query: { sort: ['user', '-id'] } })), orderBy(userOf, idOf)([1, -1]));
      // (user): one key, the missing part in index order.
      const got = idsOf(await run(make(), { query: { sort: ['-user'] } }));
      const want = orderBy(userOf)([-1]);
      assert.deepEqual(got.slice(0, 15).map((id) => userOf(ids.indexOf(id))), want.slice(0, 15).map((id) => userOf(ids.indexOf(id))));
      assert.deepEqual(got.slice(15).sort(), ['d04', 'd08', 'd12', 'd16', 'd20']);
    });

    test('a sort Elasticsearch cannot order runs in memory; limits stop the read', async () => {
      const env = await run(make(), { query: { sort: ['-id'], limit: 4 } });
      assert.deepEqual(idsOf(env), ['d20', 'd19', 'd18', 'd17']);
      assert.deepEqual(env.stats.pushedDown, []);
      const limited = await run(make(), { query: { sort: ['time', 'id'], limit: 4 } });
      assert.deepEqual(idsOf(limited), orderBy(timeOf, idOf)([1, 1]).slice(0, 4));
      assert.deepEqual(limited.stats.pushedDown, ['sort']);
      assertPitClosed();
    });

    test('filters and projections run in Elasticsearch; a query matching nothing sends no page', async () => {
      const env = await run(make(), { query: { where: { field: 'type', op: 'eq', value: 'click' }, fields: ['id', 'type'], sort: ['id'] } });
      assert.deepEqual(idsOf(env), all.filter((i) => docs[i]!.type === 'click').map(idOf));
      assert.deepEqual(env.stats.pushedDown, ['filter', 'projection']);
      assert.equal(env.stats.scanned, 8);
      const page = searches()[1]!;
      assert.deepEqual(page._source, { includes: ['userId', 'sessionId', 'sessionID', 'type', 'target', 'path', 'pageUrl', 'logType', 'clientTime', 'microTime', 'startTime', 'endTime'] });
      assert.deepEqual(page.query, { term: { type: 'click' } });
      const none = await run(make(), { query: { where: { field: 'type', op: 'in', value: [] } } });
      assert.deepEqual(idsOf(none), []);
      assert.deepEqual(endpoints().filter((e) => e === 'search').length, 1, 'only the catalog search');
      assertPitClosed();
    });

    test('requireTime: untimed documents counted as skipped, filtered out in Elasticsearch; strict refuses them', async () => {
      const mapping = resolveMapping({ ...USERALE_MAPPING, requireTime: true });
      const env = await run(make({ mapping }), { query: {} });
      assert.deepEqual(idsOf(env).sort(), ids.filter((_, i) => !UNTIMED.has(i)).sort());
      assert.deepEqual(warningsOf(env), [
        { code: 'missing_time', message: 'Documents with no usable time (clientTime, startTime) were skipped because the "inline" mapping sets requireTime.', count: 2 },
      ]);
      assert.deepEqual({ scanned: env.stats.scanned, skipped: env.stats.skipped, matched: env.stats.matched }, { scanned: 20, skipped: 2, matched: 18 });
      const strict = await failure(collect(make({ mapping }).read({ query: parseQuery({}) }, context(undefined, true)).batches));
      assert.equal(strict.code, 'malformed_input');
      assert.equal(strict.message, '2 documents have no usable time (clientTime, startTime) and the mapping sets requireTime.');
      const counted = await run(make({ mapping }), { steps: [{ op: 'count-by', by: 'type' }] });
      assert.deepEqual(counted.stats.pushedDown, ['aggregation:count-by']);
      assert.deepEqual(warningsOf(counted), warningsOf(env));
      assert.equal(rowsOf(counted).reduce((n: number, r) => n + (r as { count: number }).count, 0), 18);
      // An aggregation that falls back (several values) after counting the untimed documents: counted once.
      const fallback = await run(make({ mapping }), { steps: [{ op: 'count-by', by: 'tags' }] });
      assert.deepEqual(fallback.stats.pushedDown, []);
      assert.deepEqual(fallback.warnings.map((w) => [w.code, w.count]), [
        ['missing_time', 2],
        ['pushdown_fallback', 1],
      ]);
      assert.deepEqual({ scanned: fallback.stats.scanned, skipped: fallback.stats.skipped }, { scanned: 20, skipped: 2 });
    });

    test('count-by through the composite aggregation: pages of 2 groups, exact rows and shares', async () => {
      const env = await run(make({ pageSize: 2 }), { steps: [{ op: 'count-by', by: 'type', share: true }] });
      assert.deepEqual(rowsOf(env), [
        { type: 'click', count: 8, share: 0.4 },
        { type: 'focus', count: 4, share: 0.2 },
        { type: 'input', count: 4, share: 0.2 },
        { type: 'scroll', count: 4, share: 0.2 },
      ]);
      assert.deepEqual(env.stats.pushedDown, ['aggregation:count-by']);
      assert.deepEqual({ scanned: env.stats.scanned, matched: env.stats.matched }, { scanned: 20, matched: 20 });
      assert.deepEqual(warningsOf(env), [{ code: 'missing_time', message: UNTIMED_MESSAGE, count: 2 }]);
      const composites = searches().filter((b) => b.aggs !== undefined && b.size === 0 && b.pit !== undefined);
      assert.deepEqual(composites.map((b) => (b.aggs as { groups: { composite: { after?: unknown } } }).groups.composite.after), [undefined, { k0: 'focus' }, { k0: 'scroll' }]);
      assertPitClosed();
      const filtered = await run(make(), { query: { where: { field: 'user', op: 'eq', value: 'ann' } }, steps: [{ op: 'count-by', by: 'session' }] });
      assert.deepEqual(rowsOf(filtered), [
        { session: 's1', count: 2 },
        { session: 'L1', count: 1 },
        { session: 's2', count: 1 },
        { session: 's3', count: 1 },
      ]);
      assert.deepEqual(filtered.stats.pushedDown, ['filter', 'aggregation:count-by']);
    });

    test('count-by recounts keyword keys that could be numbers from their documents', async () => {
      const env = await run(make({ pageSize: 2 }), { steps: [{ op: 'count-by', by: 'pageTitle' }] });
      assert.deepEqual(rowsOf(env), [
        { pageTitle: 'Home', count: 17 },
        { pageTitle: 12345, count: 1 },
        { pageTitle: '12345', count: 1 },
        { pageTitle: 'About', count: 1 },
      ]);
      assert.deepEqual(env.stats.pushedDown, ['aggregation:count-by']);
      const fetches = searches().filter((b) => b.size !== 0);
      // The recount: the two documents whose key is "12345", a full page of 2, then an empty one.
      assert.deepEqual(fetches.map((b) => [b.query, b.size]), [
        [{ terms: { pageTitle: ['12345'] } }, 2],
        [{ terms: { pageTitle: ['12345'] } }, 2],
      ]);
      assertPitClosed();
    });

    test('count-by fallbacks: planned (not exact) and found out (several values), with the reason', async () => {
      const planned = await run(make(), { steps: [{ op: 'count-by', by: 'details.clicks' }] });
      assert.deepEqual(rowsOf(planned), [
        { 'details.clicks': 0, count: 5 },
        { 'details.clicks': 1, count: 5 },
        { 'details.clicks': 2, count: 5 },
        { 'details.clicks': 3, count: 5 },
      ]);
      assert.deepEqual(planned.stats.pushedDown, []);
      assert.deepEqual(planned.warnings.map((w) => w.code), ['pushdown_fallback', 'missing_time']);
      assert.equal(planned.warnings[0]!.message, 'count-by ran in memory: details.clicks is mapped integer, whose indexed values can differ from the stored ones.');
      const several = await run(make(), { steps: [{ op: 'count-by', by: 'tags' }] });
      assert.deepEqual(rowsOf(several), [
        { tags: 'b', count: 10 },
        { tags: 'a', count: 9 },
        { tags: ['a', 'b'], count: 1 },
      ]);
      assert.deepEqual(several.stats.pushedDown, []);
      assert.deepEqual(several.warnings.map((w) => w.code), ['missing_time', 'pushdown_fallback']);
      assert.equal(several.warnings[1]!.message, 'count-by ran in memory: some documents hold several values in a grouped field (each event must count once).');
      assert.equal(several.warnings[0]!.count, 2, 'untimed documents counted once, not again by the fallback read');
      const exploded = await run(make(), { steps: [{ op: 'count-by', by: 'tags', explode: true }] });
      assert.deepEqual(rowsOf(exploded), [
        { tags: 'b', count: 11 },
        { tags: 'a', count: 10 },
      ]);
      assert.deepEqual(exploded.stats.pushedDown, ['aggregation:count-by']);
    });

    test('count-over-time: hourly buckets by type through the composite aggregation, untimed excluded', async () => {
      const env = await run(make({ pageSize: 2 }), { steps: [{ op: 'count-over-time', interval: '1h', by: 'type' }] });
      const want = new Map<string, number>();
      for (const i of all) {
        const t = timeOf(i);
        if (t === undefined) continue;
        const key = `${t - (t % 3_600_000)}|${docs[i]!.type}`;
        want.set(key, (want.get(key) ?? 0) + 1);
      }
      const got = rowsOf(env).map((r) => {
        const row = r as { time: number; type: string; count: number };
        return [`${row.time}|${row.type}`, row.count] as const;
      });
      assert.deepEqual(new Map(got), want);
      assert.deepEqual(got.map(([k]) => k), [...want.keys()].sort());
      assert.deepEqual(env.stats.pushedDown, ['aggregation:count-over-time']);
      assert.deepEqual(warningsOf(env), [
        { code: 'missing_time', message: UNTIMED_MESSAGE, count: 2 },
        { code: 'untimed_excluded', message: 'count-over-time left out events without a time.', count: 2 },
      ]);
      assert.deepEqual({ scanned: env.stats.scanned, matched: env.stats.matched }, { scanned: 20, matched: 20 });
      assertPitClosed();
      const filtered = await run(make(), { query: { where: { field: 'type', op: 'eq', value: 'scroll' } }, steps: [{ op: 'count-over-time', interval: '1h' }] });
      assert.deepEqual(filtered.stats.pushedDown, ['filter', 'aggregation:count-over-time']);
      assert.deepEqual(filtered.warnings.map((w) => w.code), ['missing_time']);
    });

    test('count-over-time fallbacks: several values, keys that could be numbers, a non-pushable key', async () => {
      for (const [by, reason] of [
        ['tags', 'some documents hold several values in a grouped or time field (each event must count once)'],
        ['pageTitle', 'a keyword key may stand for a number or boolean'],
        ['details.clicks', 'details.clicks is mapped integer, whose indexed values can differ from the stored ones'],
      ] as const) {
        const env = await run(make(), { steps: [{ op: 'count-over-time', interval: '1h', by }] });
        assert.deepEqual(env.stats.pushedDown, [], by);
        const fallback = env.warnings.find((w) => w.code === 'pushdown_fallback');
        assert.equal(fallback?.message, `count-over-time ran in memory: ${reason}.`, by);
        // Untimed documents counted once; the in-memory operator's own untimed_excluded, once; each document read once.
        const counted: [string, number | undefined][] = [['missing_time', 2], ['pushdown_fallback', 1]];
        assert.deepEqual(env.warnings.map((w) => [w.code, w.count]), [...(by === 'details.clicks' ? counted.reverse() : counted), ['untimed_excluded', 2]], by);
        assert.deepEqual([env.stats.scanned, env.stats.matched], [20, 20], by);
        const total = rowsOf(env).reduce((n: number, r) => n + (r as { count: number }).count, 0);
        assert.equal(total, 18, by);
      }
    });

    test('the pushdown table: stats of partitions as a count-by, other steps and names not pushed', async () => {
      const env = await run(make(), { steps: [{ op: 'stats', partition: 'user', level: 'value' }] });
      assert.deepEqual(env.stats.pushedDown, ['aggregation:count-by']);
      assert.deepEqual(rowsOf(env), [
        { user: 'ann', value: 5 },
        { user: 'bob', value: 5 },
        { user: 'cy', value: 5 },
        { user: null, value: 5 },
      ]);
      const gaps = await run(make(), { steps: [{ op: 'stats', partition: 'user', measure: 'gap' }] });
      assert.deepEqual(gaps.stats.pushedDown, ['sort']);
      assert.deepEqual(searches().filter((b) => b.aggs !== undefined && b.pit !== undefined), []);
      const s = make();
      const ctx = context();
      const q = parseQuery({});
      for (const op of ['limit', 'toString', 'hasOwnProperty', 'sort']) {
        assert.equal(s.pushdown!({ query: q, step: { op, params: {} } as never }, ctx), undefined, op);
      }
      const frame = s.pushdown!({ query: q, step: { op: 'count-by', params: { by: ['type'] } } as never }, ctx);
      assert.equal(frame?.kind, 'table');
      const rows: unknown[] = [];
      for await (const batch of frame!.batches as AsyncIterable<readonly unknown[]>) rows.push(...batch);
      assert.deepEqual(rows, [
        { type: 'click', count: 8 },
        { type: 'focus', count: 4 },
        { type: 'input', count: 4 },
        { type: 'scroll', count: 4 },
      ]);
    });

    test('fields: the catalog with a sample of documents; a sample of 0 sends no search', async () => {
      const s = make();
      log = [];
      const fields = await s.fields!({ sample: 5 }, context());
      const sample = searches().at(-1)!;
      assert.deepEqual(sample, { size: 5, sort: ['_doc'], _source: true, track_total_hits: false });
      assert.deepEqual(
        fields.filter((f) => f.field === 'userId' || f.field === 'note' || f.field === 'clientTime').map((f) => f.field).sort(),
        ['clientTime', 'note', 'userId'],
      );
      log = [];
      const noSample = await s.fields!({ sample: 0 }, context());
      assert.deepEqual(endpoints(), []);
      assert.deepEqual(noSample.map((f) => f.field).sort(), fields.map((f) => f.field).sort());
      log = [];
      await make().fields!({ sample: 50_000 }, context());
      assert.equal(searches().at(-1)!.size, 10_000);
    });

    test('describe: the details of a plain-HTTP source', () => {
      const s = make({ pageSize: 7, slices: 3, keepAlive: '30s' });
      assert.deepEqual(s.describe(), {
        id: 'es',
        kind: 'elasticsearch',
        schema: 'userale',
        capabilities: { filter: true, sort: true, aggregate: true },
        description: undefined,
        details: { nodes: [ES_URL!], index: fixture.index, auth: 'none', pageSize: 7, slices: 3, keepAlive: '30s' },
      });
    });

    test('describe: credentials named by kind only, TLS settings; read() says whether the source sorts and limits', () => {
      const base = { rejectUnauthorized: true, requestTimeoutMs: 1000, maxRetries: 0 };
      const details = (c: ElasticsearchConnection, description?: string) =>
        createElasticsearchSource({ id: 'd', connection: c, index: 'logs', mapping: resolveMapping('userale'), description }).describe();
      const auth = (a: ElasticsearchConnection['auth']) => (details({ ...base, nodes: ['http://u:secret@127.0.0.1:1'], auth: a }).details as { auth: string }).auth;
      assert.deepEqual([auth({ apiKey: 'k' }), auth({ bearer: 't' }), auth({ username: 'u', password: 'p' }), auth(undefined)], ['apiKey', 'bearer', 'basic', 'none']);
      assert.deepEqual(details({ ...base, nodes: ['http://u:secret@127.0.0.1:1'] }, 'logs of x'), {
        id: 'd',
        kind: 'elasticsearch',
        schema: 'userale',
        capabilities: { filter: true, sort: true, aggregate: true },
        description: 'logs of x',
        details: { nodes: ['http://127.0.0.1:1'], index: 'logs', auth: 'none', pageSize: 1000, slices: 1, keepAlive: '1m' },
      });
      assert.deepEqual((details({ ...base, nodes: ['https://127.0.0.1:1'], caFile: '/etc/ca.pem', caFingerprint: 'AB:CD' }).details as { tls: unknown }).tls, {
        rejectUnauthorized: true,
        ca: '/etc/ca.pem',
        caFingerprint: 'AB:CD',
      });
      const s = make();
      const flags = (q: Record<string, unknown>) => {
        const r = s.read({ query: parseQuery(q) }, context());
        return { sorted: r.sorted, limited: r.limited };
      };
      assert.deepEqual([flags({}), flags({ sort: ['user'] }), flags({ limit: 3 }), flags({ sort: [], limit: 0 })], [
        { sorted: false, limited: false },
        { sorted: true, limited: false },
        { sorted: false, limited: true },
        { sorted: false, limited: true },
      ]);
    });

    test('progress: after every page, documents done of the first pages\' totals', async () => {
      for (const slices of [1, 2]) {
        const progress: unknown[] = [];
        const ctx = { ...context(), onProgress: (p: unknown) => progress.push(p) };
        await collect(make({ slices, pageSize: 4 }).read({ query: parseQuery({}) }, ctx).batches);
        const done = progress.map((p) => (p as { done: number }).done);
        assert.equal(done.at(-1), 20, `slices ${slices}`);
        assert.deepEqual(progress.at(-1), { done: 20, total: 20, unit: 'documents' }, `slices ${slices}`);
        if (slices === 1) assert.deepEqual(progress, [4, 8, 12, 16, 20].map((n) => ({ done: n, total: 20, unit: 'documents' })));
      }
    });

    test('close: before any use, after use, twice; a closed source reads again with a new client', async () => {
      const s = make();
      await s.close!();
      await collect(s.read({ query: parseQuery({ limit: 1 }) }, context()).batches);
      await s.close!();
      await s.close!();
      log = [];
      const again = await collect(s.read({ query: parseQuery({ sort: ['-id'], limit: 2 }) }, context()).batches);
      assert.deepEqual(again.map((e) => e.id), ['d20', 'd19']);
      assert.deepEqual(endpoints().slice(0, 2), ['field_caps', 'mapping'], 'the catalog is loaded again');
    });

    test('abort during an aggregation: aborted, the point in time closed', async () => {
      const controller = new AbortController();
      const requests: AllowedRequest[] = [];
      const s = createElasticsearchSource({
        id: 'es',
        connection: connection({ maxRetries: 0 }),
        index: fixture.index,
        mapping: resolveMapping('userale'),
        pageSize: 2,
        onRequest: (r) => {
          requests.push(r);
          if (r.endpoint === 'search' && (r.body as { aggs?: { groups?: unknown } }).aggs?.groups !== undefined) controller.abort();
        },
      });
      sources.push(s);
      const frame = s.pushdown!({ query: parseQuery({}), step: { op: 'count-by', params: { by: ['type'] } } as never }, context(controller.signal))!;
      const err = await failure(collect(frame.batches as AsyncIterable<readonly CanonicalEvent[]>));
      assert.equal(err.code, 'aborted');
      assert.deepEqual(requests.map((r) => r.endpoint), ['field_caps', 'mapping', 'search', 'open_point_in_time', 'count', 'search', 'close_point_in_time']);
    });

    test('abort: before the read nothing is sent; mid-stream the read ends `aborted` and the point in time closes', async () => {
      const s = make({ pageSize: 2 });
      const controller = new AbortController();
      controller.abort();
      log = [];
      const early = await failure(collect(s.read({ query: parseQuery({}) }, context(controller.signal)).batches));
      assert.equal(early.code, 'aborted');
      assert.deepEqual(endpoints().filter((e) => e !== 'field_caps' && e !== 'mapping' && e !== 'search'), []);
      const mid = new AbortController();
      log = [];
      let batches = 0;
      const err = await failure(
        (async () => {
          for await (const _ of s.read({ query: parseQuery({ sort: ['user', 'time'] }) }, context(mid.signal)).batches) if (++batches === 1) mid.abort();
        })(),
      );
      assert.equal(err.code, 'aborted');
      assertPitClosed();
      // Stopping early (no abort) closes the point in time too.
      log = [];
      for await (const _ of s.read({ query: parseQuery({}) }, context()).batches) break;
      assertPitClosed();
    });

    test('errors: a missing index or a pattern matching nothing is source_not_found, and the failure is not cached', async () => {
      const missing = indexName('es-network-missing');
      const s = make({ index: missing });
      const e1 = await failure(run(s, { query: {} }));
      assert.equal(e1.code, 'source_not_found');
      assert.match(e1.message, new RegExp(missing));
      const e2 = await failure(run(s, { query: {} }));
      assert.equal(e2.code, 'source_not_found');
      assert.deepEqual(endpoints(), ['field_caps']);
      const pattern = `${missing}-*`;
      const e3 = await failure(make({ index: pattern }).fields!({ sample: 1 }, context()));
      assert.equal(e3.code, 'source_not_found');
      assert.equal(e3.message.startsWith(`No index matches "${pattern}".`), true);
      assert.deepEqual(e3.details, { reason: 'index_not_found', index: pattern });
      const e4 = await failure(collect(make({ index: pattern }).pushdown!({ query: parseQuery({}), step: { op: 'count-by', params: { by: ['type'] } } as never }, context())!.batches as AsyncIterable<never>));
      assert.equal(e4.code, 'source_not_found');
    });

    test('TLS without verification: the tls_unverified warning on reads, aggregations and fields, and in describe', async () => {
      // Plain HTTP: nothing to verify, no warning whatever rejectUnauthorized says.
      const plain = createElasticsearchSource({ id: 'plain', connection: connection({ rejectUnauthorized: false }), index: fixture.index, mapping: resolveMapping('userale') });
      sources.push(plain);
      const pctx = context();
      await collect(plain.read({ query: parseQuery({ limit: 1 }) }, pctx).batches);
      await plain.fields!({ sample: 1 }, pctx);
      assert.deepEqual(pctx.warnings.toArray().map((w) => w.code), ['missing_time']);
      const tls: ElasticsearchConnection = { nodes: ['https://127.0.0.1:1'], rejectUnauthorized: false, requestTimeoutMs: 2000, maxRetries: 0 };
      const s = createElasticsearchSource({ id: 'tls', connection: tls, index: 'logs', mapping: resolveMapping('userale') });
      sources.push(s);
      const ctx = context();
      const e = await failure(collect(s.read({ query: parseQuery({}) }, ctx).batches));
      assert.equal(e.code, 'source_unavailable');
      assert.deepEqual(ctx.warnings.toArray().map((w) => w.code), ['tls_unverified']);
      assert.equal(
        ctx.warnings.toArray()[0]!.message,
        'TLS certificate verification is off for source "tls" (tls.rejectUnauthorized: false): the connection is encrypted but the node is not authenticated. Set tls.ca or tls.caFingerprint instead.',
      );
      const fctx = context();
      assert.equal((await failure(s.fields!({ sample: 1 }, fctx))).code, 'source_unavailable');
      assert.deepEqual(fctx.warnings.toArray().map((w) => w.code), ['tls_unverified']);
      assert.deepEqual((s.describe().details as { tls?: unknown }).tls, { rejectUnauthorized: false });
    });
  });
}
