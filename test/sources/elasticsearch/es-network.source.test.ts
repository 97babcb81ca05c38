import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { getEventListeners } from 'node:events';
import path from 'node:path';
import { promisify } from 'node:util';
import { CountByParams } from '../../../src/core/operators/count-by.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { ReadContext } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { createReadOnlyClient, type ElasticsearchConnection } from '../../../src/sources/elasticsearch/connection-options.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import { closePit, cursorPages, openPit, type Hit } from '../../../src/sources/elasticsearch/pit-reader.js';
import type { AllowedRequest } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { sampleDocuments } from '../../../src/sources/elasticsearch/sample-documents.js';
import { connection, sharedFixture, SKIP } from './helpers/es-fixture.js';
import { startFakeEs, type FakeAnswer, type FakeEs, type FakeRequest } from './helpers/fake-es.js';
import { failure } from './helpers/failure.js';

// The Elasticsearch source's own code paths that es-network.exact.test.ts leaves open (mutation scope es-network):
// elasticsearch-source.ts (the node list in messages, the catalog's time-to-live boundary and its stale failures, the
// abort listener of an aggregation, the source's kind), pit-reader.ts (an abortable open, a close that retries once,
// a cursor that matches nothing, the debug log) and sample-documents.ts (the sample search, its abort). Faults come
// from fake servers (helpers/fake-es.ts); everything else runs against the real node on a 4-document index.

const NOW = Date.UTC(2024, 2, 11);
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

function context(signal?: AbortSignal): ReadContext {
  return { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: NOW, signal };
}

/** Wait (polling the fake's request log, not the clock) until a request has arrived. */
async function until(fake: FakeEs, what: (r: FakeRequest) => boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (fake.requests.some(what)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail('the request never arrived');
}

const fakeConnection = (nodes: string[], overrides: Partial<ElasticsearchConnection> = {}): ElasticsearchConnection => ({
  nodes,
  rejectUnauthorized: true,
  requestTimeoutMs: 3000,
  maxRetries: 0,
  ...overrides,
});
const paths = (fake: FakeEs): string[] => fake.requests.map((r) => `${r.method} ${r.path}`);
const CATALOG = ['POST /logs/_field_caps', 'GET /logs/_mapping', 'POST /logs/_search'];
const countByType = { op: 'count-by', params: CountByParams.parse({ by: ['type'] }) as unknown as Record<string, unknown> };
const isSample = (r: FakeRequest): boolean => r.path === '/logs/_search' && JSON.stringify((r.body as { sort?: unknown } | undefined)?.sort) === '["_doc"]';

/** A fake node's answers to three closes of a point in time — closed, not found, failed — and how many came. */
function threeCloses(): { answer: (r: FakeRequest) => FakeAnswer | undefined; count: () => number } {
  let deletes = 0;
  const answer = (r: FakeRequest): FakeAnswer | undefined => {
    if (r.method !== 'DELETE') return undefined;
    deletes++;
    if (deletes === 2) return { body: { succeeded: false, num_freed: 0 } };
    if (deletes === 3) return { status: 400, body: { error: { type: 'fake_failure', reason: 'cannot close' }, status: 400 } };
    return undefined;
  };
  return { answer, count: () => deletes };
}

async function withFake(handler: (r: FakeRequest) => FakeAnswer | undefined, body: (fake: FakeEs) => Promise<void>): Promise<void> {
  const fake = await startFakeEs(handler);
  try {
    await body(fake);
  } finally {
    await fake.close();
  }
}

describe('es-network: the source, point-in-time and sample code against fake nodes', () => {
  test('the source is of kind elasticsearch, and messages name every node, comma-separated', async () => {
    const notEs = (): FakeAnswer => ({ body: {}, product: false });
    const a = await startFakeEs(notEs);
    const b = await startFakeEs(notEs);
    try {
      const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([a.url, b.url]), index: 'logs', mapping: resolveMapping('userale') });
      assert.equal(s.kind, 'elasticsearch');
      const error = await failure(s.fields({ sample: 0 }, context()));
      await s.close!();
      assert.equal(error.code, 'source_unavailable');
      assert.equal(
        error.message,
        `The server at ${a.url}, ${b.url} is not Elasticsearch (it does not identify itself with X-Elastic-Product: Elasticsearch). Check "node" for source "es".`,
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('the catalog is reused until strictly more than metadataTtlMs has passed', async () => {
    await withFake(
      () => undefined,
      async (fake) => {
        const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([fake.url]), index: 'logs', mapping: resolveMapping('userale'), metadataTtlMs: 10 });
        mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
        try {
          await s.fields({ sample: 0 }, context());
          mock.timers.tick(10);
          await s.fields({ sample: 0 }, context());
          assert.deepEqual(paths(fake), CATALOG, 'exactly the TTL: still fresh');
          mock.timers.tick(1);
          await s.fields({ sample: 0 }, context());
          assert.deepEqual(paths(fake), [...CATALOG, ...CATALOG], 'one ms more: reloaded');
        } finally {
          mock.timers.reset();
          await s.close!();
        }
      },
    );
  });

  test('a stale catalog load that fails later does not drop the newer one', async () => {
    let caps = 0;
    await withFake(
      (r) => (r.path === '/logs/_field_caps' && ++caps === 1 ? { status: 500, delayMs: 300, body: { error: { type: 'fake_failure', reason: 'slow and failing' }, status: 500 } } : undefined),
      async (fake) => {
        const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([fake.url]), index: 'logs', mapping: resolveMapping('userale'), metadataTtlMs: 10 });
        mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
        try {
          const first = s.fields({ sample: 0 }, context());
          await until(fake, (r) => r.path === '/logs/_field_caps');
          mock.timers.tick(11);
          // The first load is older than the TTL: a second load starts, and succeeds while the first still waits.
          await s.fields({ sample: 0 }, context());
          const error = await failure(first);
          assert.equal(error.code, 'source_unavailable');
          assert.deepEqual(paths(fake), ['POST /logs/_field_caps', ...CATALOG]);
          // The first load's failure came after the second load replaced it: the second stays cached.
          await s.fields({ sample: 0 }, context());
          assert.deepEqual(paths(fake), ['POST /logs/_field_caps', ...CATALOG]);
        } finally {
          mock.timers.reset();
          await s.close!();
        }
      },
    );
  });

  test('an aggregation aborted while its point in time opens: aborted at once, its listener gone', async () => {
    await withFake(
      (r) => (r.method === 'POST' && r.path === '/logs/_pit' ? 'hang' : undefined),
      async (fake) => {
        const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([fake.url], { requestTimeoutMs: 5000 }), index: 'logs', mapping: resolveMapping('userale') });
        const controller = new AbortController();
        const frame = s.pushdown!({ query: parseQuery({}), step: countByType }, context(controller.signal));
        assert.equal(frame?.kind, 'table');
        const rows = (async () => {
          for await (const batch of frame.batches) void batch;
        })();
        await until(fake, (r) => r.path === '/logs/_pit');
        assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
        controller.abort();
        // Registered once: the abort itself removed it.
        assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
        const error = await failure(rows);
        assert.equal(error.code, 'aborted');
        assert.equal(error.message, 'The Elasticsearch read was aborted.');
        assert.deepEqual(paths(fake), [...CATALOG, 'POST /logs/_pit']);
        await s.close!();
      },
    );
  });

  test('an aggregation given an already aborted signal: aborted before opening a point in time, no listener left', async () => {
    await withFake(
      () => undefined,
      async (fake) => {
        const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([fake.url]), index: 'logs', mapping: resolveMapping('userale') });
        const controller = new AbortController();
        controller.abort();
        const frame = s.pushdown!({ query: parseQuery({}), step: countByType }, context(controller.signal));
        assert.equal(frame?.kind, 'table');
        const error = await failure(
          (async () => {
            for await (const batch of frame.batches) void batch;
          })(),
        );
        assert.equal(error.code, 'aborted');
        assert.equal(error.message, 'The operation was aborted.');
        assert.deepEqual(getEventListeners(controller.signal, 'abort'), []);
        // As a read given an aborted signal: the catalog is loaded (the plan needs it), nothing is counted or opened.
        assert.deepEqual(paths(fake), CATALOG);
        await s.close!();
      },
    );
  });

  test('an aggregation whose point in time fails to open leaves no listener on the caller signal', async () => {
    await withFake(
      (r) => (r.method === 'POST' && r.path === '/logs/_pit' ? { status: 404, body: { error: { type: 'index_not_found_exception', reason: 'no such index [logs]' }, status: 404 } } : undefined),
      async (fake) => {
        const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([fake.url]), index: 'logs', mapping: resolveMapping('userale') });
        const controller = new AbortController();
        const frame = s.pushdown!({ query: parseQuery({}), step: countByType }, context(controller.signal));
        assert.equal(frame?.kind, 'table');
        const error = await failure(
          (async () => {
            for await (const batch of frame.batches) void batch;
          })(),
        );
        assert.equal(error.code, 'source_not_found');
        assert.deepEqual(getEventListeners(controller.signal, 'abort'), []);
        assert.deepEqual(paths(fake), [...CATALOG, 'POST /logs/_pit']);
        await s.close!();
      },
    );
  });

  test('closing the point in time retries a 503 once, even with maxRetries 0', async () => {
    let deletes = 0;
    await withFake(
      (r) => (r.method === 'DELETE' && ++deletes === 1 ? { status: 503, body: { error: { type: 'unavailable', reason: 'busy' }, status: 503 } } : undefined),
      async (fake) => {
        const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([fake.url]), index: 'logs', mapping: resolveMapping('userale') });
        const ctx = context();
        for await (const batch of s.read({ query: parseQuery({}) }, ctx).batches) assert.deepEqual(batch, []);
        await s.close!();
        assert.deepEqual(paths(fake), [...CATALOG, 'POST /logs/_count', 'POST /logs/_pit', 'POST /_search', 'DELETE /_pit', 'DELETE /_pit']);
        assert.deepEqual(fake.requests.at(-1)!.body, { id: 'pit-1' });
      },
    );
  });

  test('the field sample search is aborted by the signal given to fields()', async () => {
    await withFake(
      (r) => (isSample(r) ? 'hang' : undefined),
      async (fake) => {
        const s = createElasticsearchSource({ id: 'es', connection: fakeConnection([fake.url], { requestTimeoutMs: 5000 }), index: 'logs', mapping: resolveMapping('userale') });
        const controller = new AbortController();
        const fields = s.fields({ sample: 5, signal: controller.signal }, context());
        await until(fake, isSample);
        controller.abort();
        const error = await failure(fields);
        assert.equal(error.code, 'aborted');
        assert.deepEqual(paths(fake), [...CATALOG, 'POST /logs/_search']);
        assert.deepEqual(fake.requests.at(-1)!.body, { size: 5, sort: ['_doc'], _source: true, track_total_hits: false });
        await s.close!();
      },
    );
  });

  test('NODE_DEBUG=distill:elasticsearch logs the point in time opened, closed, not found and failing to close', async () => {
    const closes = threeCloses();
    await withFake(
      closes.answer,
      async (fake) => {
        const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'helpers', 'pit-debug.ts'), fake.url], {
          cwd: ROOT,
          env: { ...process.env, NODE_DEBUG: 'distill:elasticsearch' },
        });
        assert.deepEqual(stderr.replace(/^DISTILL:ELASTICSEARCH \d+: /gm, '').split('\n'), [
          'POST /logs/_pit (open_point_in_time)',
          'opened point in time on logs',
          'DELETE /_pit (close_point_in_time)',
          'closed point in time (ok)',
          'DELETE /_pit (close_point_in_time)',
          'closed point in time (not found)',
          'DELETE /_pit (close_point_in_time)',
          'closing the point in time failed: fake_failure',
          '',
        ]);
        assert.equal(closes.count(), 3);
      },
    );
  });

  // The same three closes in this process (the mutation tool records coverage here only, so it then runs the test
  // above, whose child inherits the mutant, for the code the child runs): closePit never throws.
  test('closePit resolves whether the node closed the point in time, did not find it, or failed', async () => {
    const closes = threeCloses();
    await withFake(
      closes.answer,
      async (fake) => {
        const client = await createReadOnlyClient({ nodes: [fake.url], rejectUnauthorized: true, requestTimeoutMs: 5000, maxRetries: 0 });
        try {
          const pit = await openPit(client, 'logs', '1m', new AbortController().signal);
          for (let i = 0; i < 3; i++) assert.equal(await closePit(client, pit), undefined);
        } finally {
          await client.close();
        }
        assert.equal(closes.count(), 3);
        assert.deepEqual(
          fake.requests.map((q) => `${q.method} ${q.path}`),
          ['POST /logs/_pit', 'DELETE /_pit', 'DELETE /_pit', 'DELETE /_pit'],
        );
      },
    );
  });
});

if (SKIP !== false) test('es-network: the source code paths against the node', { skip: SKIP }, () => {});
else {
  describe('es-network: sample documents and cursors against the node, exactly', () => {
    // Four documents on one shard, so index order is load order.
    const docs = [
      { type: 'click', logType: 'raw', userId: 'ann', clientTime: Date.UTC(2024, 2, 10, 8), pageTitle: 'Home', details: { clicks: 1 } },
      { type: 'focus', logType: 'raw', userId: 'bob', clientTime: Date.UTC(2024, 2, 10, 9), pageTitle: 'About', details: { clicks: 2 } },
      { type: 'click', logType: 'raw', clientTime: Date.UTC(2024, 2, 10, 10), pageTitle: 'Home', details: { clicks: 3 } },
      { type: 'input', logType: 'custom', userId: 'ann', pageTitle: 'Home', details: { clicks: 0 } },
    ];
    const ids = ['s1', 's2', 's3', 's4'];
    let fixture: Awaited<ReturnType<typeof sharedFixture>>;
    const log: AllowedRequest[] = [];
    let client: Awaited<ReturnType<typeof createReadOnlyClient>>;

    before(async () => {
      fixture = await sharedFixture('es-network-source', docs, ids);
      client = await createReadOnlyClient(connection({ maxRetries: 0 }), { onRequest: (r) => log.push(r) });
    });
    after(async () => {
      await client.close();
      await fixture.close();
    });

    test('sampleDocuments: none and no request for 0, else the first documents in index order, whole', async () => {
      log.length = 0;
      assert.deepEqual(await sampleDocuments(client, fixture.index, 0), []);
      assert.equal(log.length, 0, 'no request');
      assert.deepEqual(await sampleDocuments(client, fixture.index, 3), docs.slice(0, 3));
      assert.deepEqual(await sampleDocuments(client, fixture.index, 20_000, new AbortController().signal), docs);
      assert.deepEqual(
        log.map((r) => [r.endpoint, r.body]),
        [
          ['search', { size: 3, sort: ['_doc'], _source: true, track_total_hits: false }],
          ['search', { size: 10_000, sort: ['_doc'], _source: true, track_total_hits: false }],
        ],
      );
    });

    test('cursorPages: a query matching nothing sends no search; everything comes in pages of the page size', async () => {
      log.length = 0;
      const signal = new AbortController().signal;
      const pit = await openPit(client, fixture.index, '30s', signal);
      const session = { client, pit, pageSize: 2, signal, source: true as const };
      const read = async (query: boolean): Promise<string[][]> => {
        const pages: string[][] = [];
        for await (const hits of cursorPages(session, { query, sort: [] })) pages.push(hits.map((h: Hit) => h._id));
        return pages;
      };
      assert.deepEqual(await read(false), []);
      assert.deepEqual(
        log.map((r) => r.endpoint),
        ['open_point_in_time'],
      );
      const pages = await read(true);
      assert.deepEqual(pages.map((p) => p.length), [2, 2]);
      assert.deepEqual(pages.flat().sort(), ids);
      await closePit(client, pit);
      assert.deepEqual(
        log.map((r) => r.endpoint),
        ['open_point_in_time', 'search', 'search', 'search', 'close_point_in_time'],
      );
    });

    test('a pushed-down count-by leaves no listener on the caller signal', async () => {
      const s = createElasticsearchSource({ id: 'es', connection: connection({ maxRetries: 0 }), index: fixture.index, mapping: resolveMapping('userale') });
      const controller = new AbortController();
      const ctx = context(controller.signal);
      const frame = s.pushdown!({ query: parseQuery({}), step: countByType }, ctx);
      assert.equal(frame?.kind, 'table');
      const rows: unknown[] = [];
      for await (const batch of frame.batches) rows.push(...batch);
      await s.close!();
      assert.deepEqual(rows, [
        { type: 'click', count: 2 },
        { type: 'focus', count: 1 },
        { type: 'input', count: 1 },
      ]);
      assert.deepEqual(ctx.stats.pushedDown, ['aggregation:count-by']);
      assert.deepEqual(getEventListeners(controller.signal, 'abort'), []);
    });
  });
}
