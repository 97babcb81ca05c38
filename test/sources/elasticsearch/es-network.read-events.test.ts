import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { USERALE_MAPPING } from '../../../src/core/schema/presets/userale.js';
import { resolveMapping, type ResolvedMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource, ReadContext } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import type { AllowedRequest } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { connection, sharedFixture, SKIP } from './helpers/es-fixture.js';
import { failure } from './helpers/failure.js';

// The reader (read-events.ts) against the real node, where its batching and bookkeeping show: a 1,107-document
// index (one shard, so index order is load order) large enough for batches of 1,000 (BATCH). Batches are compared
// as they come (their sizes, not only their concatenation), with the progress reports, the warnings and the abort
// listeners on the caller's signal. Expected orders come from the documents below by a naive evaluation.
//
// Documents e0000–e1099: user u000…u109 in runs of 10, session s1, type click, times falling in load order (so a
// run's index order is the reverse of its time order). e1100–e1106: no user, type scroll; four carry a long
// (ignored) note; e1105 and e1106 have no time; sessions "x" / "y" split between sessionId and sessionID.

const T0 = Date.UTC(2024, 2, 10, 8, 0, 0);
const NOW = Date.UTC(2024, 2, 11);
const MAIN = 1100;
const N = 1107;
const LONG = (k: number): string => `a long note, number ${k}, past twenty characters`;

const docs: Record<string, unknown>[] = Array.from({ length: N }, (_, i) => {
  if (i < MAIN) {
    return { userId: `u${String(Math.floor(i / 10)).padStart(3, '0')}`, sessionId: 's1', type: 'click', logType: 'raw', clientTime: T0 + (MAIN - i) * 1000, details: { clicks: i % 4 } };
  }
  const k = i - MAIN;
  return {
    ...(k % 2 === 0 ? { sessionId: k === 6 ? 'y' : 'x' } : { sessionID: 'x' }),
    type: 'scroll',
    logType: k >= 5 ? 'custom' : 'raw',
    ...(k >= 5 ? {} : { clientTime: T0 + (10 - k) * 1000 }),
    ...(k < 4 ? { note: LONG(k) } : {}),
  };
});
const ids = docs.map((_, i) => `e${String(i).padStart(4, '0')}`);
const all = docs.map((_, i) => i);
const userOf = (i: number): string | undefined => docs[i]!.userId as string | undefined;
const timeOf = (i: number): number | undefined => docs[i]!.clientTime as number | undefined;
/** Ascending, undefined last; ties keep index order (compileSort's stable tie policy). */
const cmp = (a: string | number | undefined, b: string | number | undefined): number => (a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1);

const UNTIMED_MESSAGE = 'Events with no usable time (clientTime, startTime) were kept without one: they count, time ranges exclude them, sorting by time puts them last.';

function context(signal?: AbortSignal, progress?: unknown[]): ReadContext {
  return {
    warnings: new WarningCollector(),
    stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] },
    strict: false,
    now: NOW,
    signal,
    ...(progress === undefined ? {} : { onProgress: (p: unknown) => progress.push(p) }),
  };
}

async function batchesOf(stream: AsyncIterable<readonly CanonicalEvent[]>): Promise<CanonicalEvent[][]> {
  const out: CanonicalEvent[][] = [];
  for await (const batch of stream) out.push([...batch]);
  return out;
}

const sizes = (batches: CanonicalEvent[][]): number[] => batches.map((b) => b.length);
const flatIds = (batches: CanonicalEvent[][]): string[] => batches.flat().map((e) => e.id);

if (SKIP !== false) test('es-network: the reader against the node', { skip: SKIP }, () => {});
else {
  describe('es-network: the reader (read-events.ts), batch by batch', () => {
    let fixture: Awaited<ReturnType<typeof sharedFixture>>;
    let log: AllowedRequest[] = [];
    const sources: EventSource[] = [];
    const make = (options: { pageSize?: number; mapping?: ResolvedMapping; onRequest?: (r: AllowedRequest) => void } = {}): EventSource => {
      const s = createElasticsearchSource({
        id: 'es',
        connection: connection({ maxRetries: 0 }),
        index: fixture.index,
        mapping: options.mapping ?? resolveMapping('userale'),
        pageSize: options.pageSize ?? 1000,
        onRequest: (r) => {
          log.push(r);
          options.onRequest?.(r);
        },
      });
      sources.push(s);
      return s;
    };
    const read = (s: EventSource, q: Record<string, unknown>, ctx: ReadContext = context()): Promise<CanonicalEvent[][]> => {
      log = [];
      return batchesOf(s.read({ query: parseQuery(q) }, ctx).batches);
    };
    const endpoints = () => log.map((r) => r.endpoint);
    const pages = () => log.filter((r) => r.endpoint === 'search' && (r.body as { pit?: unknown }).pit !== undefined).map((r) => r.body as Record<string, unknown>);

    before(async () => {
      fixture = await sharedFixture('es-network-read', docs, ids, { shards: 1 });
    });
    after(async () => {
      await Promise.all(sources.map((s) => s.close?.()));
      await fixture.close();
    });

    test('a sorted read yields a batch once a run of equal first keys brings it to 1,000 events, each run sorted by all keys', async () => {
      const s = make();
      const batches = await read(s, { sort: ['user', 'time'] });
      // 110 runs of 10 users: 1,000 after the 100th run, then the other 100; the users' missing part over time
      // (5 timed events, one stream), then its own missing part (2 untimed) sorted in memory.
      assert.deepEqual(sizes(batches), [1000, 100, 5, 2]);
      const want = [...all].sort((x, y) => cmp(userOf(x), userOf(y)) || cmp(timeOf(x), timeOf(y))).map((i) => ids[i]!);
      assert.deepEqual(flatIds(batches), want);
      // Within a run the index holds the events latest first: sorted by time they come earliest first.
      assert.deepEqual(flatIds(batches).slice(0, 3), ['e0009', 'e0008', 'e0007']);
    });

    test('an in-memory sort yields batches of 1,000; one that matches nothing yields no batch', async () => {
      const s = make();
      const batches = await read(s, { sort: ['-id'] });
      assert.deepEqual(sizes(batches), [1000, 107]);
      assert.deepEqual(flatIds(batches), [...ids].reverse());
      assert.deepEqual(await read(s, { where: { field: 'type', op: 'eq', value: 'none' }, sort: ['-id'] }), []);
    });

    test('a sorted read that matches nothing yields no batch and reports no progress', async () => {
      const progress: unknown[] = [];
      const ctx = context(undefined, progress);
      const batches = await read(make(), { where: { field: 'type', op: 'eq', value: 'none' }, sort: ['user'] }, ctx);
      assert.deepEqual(batches, []);
      assert.deepEqual(progress, []);
      assert.deepEqual(ctx.stats.pushedDown, ['filter', 'sort']);
      // The user stream, then the missing part in index order: each one empty first page.
      assert.deepEqual(pages().map((p) => p.sort), [[{ userId: { order: 'asc' } }, { _shard_doc: 'asc' }], [{ _shard_doc: 'asc' }]]);
    });

    test('one sort key: the missing part is read in index order, page by page; an empty sort list reads in index order too', async () => {
      const s = make({ pageSize: 3 });
      const scroll = { where: { field: 'type', op: 'eq', value: 'scroll' } };
      const byUser = await read(s, { ...scroll, sort: ['user'] });
      assert.deepEqual(sizes(byUser), [3, 3, 1]);
      assert.deepEqual(flatIds(byUser), ids.slice(MAIN));
      const none = await read(s, { ...scroll, sort: [] });
      assert.deepEqual(sizes(none), [3, 3, 1]);
      assert.deepEqual(flatIds(none), ids.slice(MAIN));
      assert.deepEqual(pages().map((p) => p.sort), [[{ _shard_doc: 'asc' }], [{ _shard_doc: 'asc' }], [{ _shard_doc: 'asc' }]]);
    });

    test('a sort key whose fields the index lacks: every document is in the missing part, read in index order', async () => {
      const mapping = resolveMapping({ ...USERALE_MAPPING, user: 'nobody' });
      const ctx = context();
      const batches = await read(make({ mapping, pageSize: 3 }), { where: { field: 'type', op: 'eq', value: 'scroll' }, sort: ['user'] }, ctx);
      assert.deepEqual(batches.map((b) => b.map((e) => e.id)), [ids.slice(MAIN, MAIN + 3), ids.slice(MAIN + 3, MAIN + 6), ids.slice(MAIN + 6)]);
      assert.deepEqual(ctx.stats.pushedDown, ['filter', 'sort']);
      assert.deepEqual(pages().map((p) => p.query), Array(3).fill({ term: { type: 'scroll' } }));
    });

    test('equal keys in several streams: the plan\'s first stream (sessionId) first, in both directions', async () => {
      const s = make({ pageSize: 2 });
      const scroll = { where: { field: 'type', op: 'eq', value: 'scroll' } };
      // sessionId x: e1100, e1102, e1104; sessionID x: e1101, e1103, e1105; sessionId y: e1106.
      assert.deepEqual(flatIds(await read(s, { ...scroll, sort: ['session'] })), ['e1100', 'e1102', 'e1104', 'e1101', 'e1103', 'e1105', 'e1106']);
      assert.deepEqual(flatIds(await read(s, { ...scroll, sort: ['-session'] })), ['e1106', 'e1100', 'e1102', 'e1104', 'e1101', 'e1103', 'e1105']);
    });

    test('unsorted: a page whose every hit the residual rejects yields no batch', async () => {
      const s = make({ pageSize: 1 });
      const ctx = context();
      const batches = await read(s, { where: { field: 'note', op: 'eq', value: LONG(2) } }, ctx);
      assert.deepEqual(batches.map((b) => b.map((e) => e.id)), [['e1102']]);
      // Elasticsearch returns the four documents whose note it ignored, a page of one each, then an empty page.
      assert.deepEqual({ ...ctx.stats }, { scanned: 4, skipped: 0, matched: 1, pushedDown: ['filter'] });
      assert.equal(pages().length, 5);
    });

    test('a read with no filter sends its pages without a query', async () => {
      const s = make();
      await read(s, { limit: 1 });
      const page = pages()[0]!;
      const { pit, ...rest } = page;
      assert.deepEqual(Object.keys(pit as object).sort(), ['id', 'keep_alive']);
      assert.deepEqual(rest, { size: 1000, sort: [{ _shard_doc: 'asc' }], track_total_hits: false, _source: true });
    });

    test('time fields that are not all date fields: no count request, untimed events counted as they are read', async () => {
      const mapping = resolveMapping({ ...USERALE_MAPPING, time: ['details.clicks'] });
      const ctx = context();
      const batches = await read(make({ mapping }), { where: { field: 'type', op: 'eq', value: 'scroll' } }, ctx);
      assert.deepEqual(flatIds(batches), ids.slice(MAIN));
      assert.deepEqual(ctx.warnings.toArray().map((w) => ({ ...w })), [{ code: 'missing_time', message: 'Events with no usable time (details.clicks) were kept without one: they count, time ranges exclude them, sorting by time puts them last.', count: 7 }]);
      assert.deepEqual(endpoints(), ['field_caps', 'mapping', 'search', 'open_point_in_time', 'search', 'close_point_in_time']);
    });

    test('an abort during the untimed count stops the count itself: no warning, nothing further sent', async () => {
      for (const requireTime of [false, true]) {
        const controller = new AbortController();
        const mapping = resolveMapping({ ...USERALE_MAPPING, requireTime });
        const s = make({ mapping, onRequest: (r) => r.endpoint === 'count' && controller.abort() });
        const ctx = context(controller.signal);
        const err = await failure(read(s, {}, ctx));
        assert.equal(err.code, 'aborted', `requireTime ${requireTime}`);
        assert.deepEqual(ctx.warnings.toArray(), [], `requireTime ${requireTime}`);
        assert.deepEqual({ ...ctx.stats }, { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, `requireTime ${requireTime}`);
        assert.deepEqual(endpoints(), ['field_caps', 'mapping', 'search', 'count'], `requireTime ${requireTime}`);
      }
      // The same read without the abort warns as usual.
      const ctx = context();
      await read(make(), { limit: 1 }, ctx);
      assert.deepEqual(ctx.warnings.toArray().map((w) => ({ ...w })), [{ code: 'missing_time', message: UNTIMED_MESSAGE, count: 2 }]);
    });

    test('stopping a sorted read with a page in flight: the page is dropped quietly, the point in time closed', async () => {
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown): void => void rejections.push(reason);
      process.on('unhandledRejection', onRejection);
      try {
        const s = make({ pageSize: 100 });
        log = [];
        // The first batch comes with the 1,001st hit, from the 11th page (full), so the 12th is already asked for.
        for await (const batch of s.read({ query: parseQuery({ sort: ['user', 'time'] }) }, context()).batches) {
          assert.equal(batch.length, 1000);
          break;
        }
        assert.deepEqual(endpoints(), ['field_caps', 'mapping', 'search', 'count', 'open_point_in_time', ...Array(12).fill('search'), 'close_point_in_time']);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('unhandledRejection', onRejection);
      }
      assert.deepEqual(rejections, []);
    });

    test('the abort listener on the caller\'s signal: gone once the signal fires, and after a read ends', async () => {
      const s = make();
      await read(s, { limit: 1 });
      const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;
      const done = new AbortController();
      assert.deepEqual(sizes(await read(s, { where: { field: 'type', op: 'eq', value: 'scroll' } }, context(done.signal))), [7]);
      assert.equal(listeners(done.signal), 0, 'removed when the read ends');
      const mid = new AbortController();
      const it = s.read({ query: parseQuery({ sort: ['user', 'time'] }) }, context(mid.signal)).batches[Symbol.asyncIterator]();
      assert.equal(((await it.next()).value as CanonicalEvent[]).length, 1000);
      assert.equal(listeners(mid.signal), 1, 'listening while the read is open');
      mid.abort();
      assert.equal(listeners(mid.signal), 0, 'a signal fires once: its listener is gone at once');
      // What is already in memory may still come; the next request fails.
      const rest = await failure((async () => {
        for (let r = await it.next(); r.done !== true; r = await it.next());
      })());
      assert.equal(rest.code, 'aborted');
      assert.equal(listeners(mid.signal), 0);
    });
  });
}
