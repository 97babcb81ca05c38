import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DistillError } from '../../../src/core/errors.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import type { ElasticsearchConnection } from '../../../src/sources/elasticsearch/connection-options.js';
import { runOn } from '../conformance/oracle.js';
import { buildDataset } from '../conformance/dataset.js';
import { connection, ES_URL, indexName, readOnlyFixture, SKIP } from './helpers/es-fixture.js';
import { searchBody, startFakeEs, startTcpProxy, type FakeEs } from './helpers/fake-es.js';

// Failures a user can meet, each a DistillError with a stable code and a message that says what to fix, never a
// raw Elasticsearch body or a stack. A fake server injects the faults a real node cannot be made to produce on
// demand (401/403, timeouts, 429, shard failures, a non-Elasticsearch server); the rest use the real node.

const NOW = Date.UTC(2024, 2, 11);
const mapping = resolveMapping('userale');

function source(nodes: string[], overrides: Partial<ElasticsearchConnection> = {}, index = 'logs', extra: Record<string, unknown> = {}): EventSource {
  return createElasticsearchSource({
    id: 'es',
    connection: { nodes, rejectUnauthorized: true, requestTimeoutMs: 2000, maxRetries: 0, ...overrides },
    index,
    mapping,
    backoffMs: 5,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<DistillError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DistillError, `not a DistillError: ${String(error)}`);
    assert.doesNotMatch(error.message, /root_cause|"error"|\{"|\n\s+at |stack/i, 'the message shows a raw body or a stack');
    return error;
  }
  assert.fail('expected the read to fail');
}

const read = (s: EventSource, pipeline: Record<string, unknown> = { query: {} }) => runOn(s, pipeline, NOW);

// The fake-server faults need no Elasticsearch: they run in the unit subset too (`--only-unit`). Only the tests
// that need the real node skip there.
{
  describe('failures map to typed errors with stable codes', () => {
    const fakes: FakeEs[] = [];
    const fake = async (handler: Parameters<typeof startFakeEs>[0]): Promise<FakeEs> => {
      const f = await startFakeEs(handler);
      fakes.push(f);
      return f;
    };
    after(async () => {
      await Promise.all(fakes.map((f) => f.close()));
    });

    test('an unreachable node: source_unavailable naming the node', async () => {
      const err = await failure(read(source(['http://127.0.0.1:1'])));
      assert.equal(err.code, 'source_unavailable');
      assert.equal(err.details.reason, 'unreachable');
      assert.match(err.message, /http:\/\/127\.0\.0\.1:1/);
      assert.match(err.message, /connection refused/);
    });

    test('a missing index or a pattern matching nothing: source_not_found', { skip: SKIP }, async () => {
      const missing = await failure(read(source([ES_URL!], {}, indexName('does-not-exist'))));
      assert.equal(missing.code, 'source_not_found');
      assert.match(missing.message, /does-not-exist/);
      const none = await failure(read(source([ES_URL!], {}, `${indexName('no-match')}-*`)));
      assert.equal(none.code, 'source_not_found');
    });

    test('bad credentials (401) and missing privileges (403): auth_failed', async () => {
      const f401 = await fake(() => ({ status: 401, body: { error: { type: 'security_exception', reason: 'unable to authenticate user [x]' }, status: 401 } }));
      const e401 = await failure(read(source([f401.url], {}, 'logs', {})));
      assert.equal(e401.code, 'auth_failed');
      assert.equal(e401.details.reason, 'unauthenticated');
      assert.match(e401.message, /credentials/);
      const f403 = await fake(() => ({ status: 403, body: { error: { type: 'security_exception', reason: 'action [indices:data/read] is unauthorized' }, status: 403 } }));
      const e403 = await failure(read(source([f403.url])));
      assert.equal(e403.code, 'auth_failed');
      assert.equal(e403.details.reason, 'forbidden');
      assert.match(e403.message, /privileges/);
    });

    test('a search that never answers: timeout within requestTimeoutMs, and the point in time is closed', async () => {
      const f = await fake((r) => (r.path === '/_search' ? 'hang' : undefined));
      const err = await failure(read(source([f.url], { requestTimeoutMs: 300 })));
      assert.equal(err.code, 'timeout');
      assert.match(err.message, /300 ms/);
      assert.ok(f.requests.some((r) => r.method === 'DELETE' && r.path === '/_pit'));
    });

    test('slow answers within the timeout: the read completes', async () => {
      let page = 0;
      const f = await fake((r) => {
        if (r.path !== '/_search') return undefined;
        page++;
        const hits = page === 1 ? [{ type: 'click', clientTime: 1 }, { type: 'focus', clientTime: 2 }] : [];
        return { delayMs: 150, body: searchBody(hits) };
      });
      const env = await read(source([f.url], { requestTimeoutMs: 1000 }, 'logs', { pageSize: 2 }));
      assert.equal(env.result.count, 2);
    });

    test('429 Too Many Requests: backs off and retries, then succeeds', async () => {
      let searches = 0;
      const f = await fake((r) => {
        if (r.path !== '/_search') return undefined;
        searches++;
        if (searches <= 2) return { status: 429, body: { error: { type: 'es_rejected_execution_exception', reason: 'rejected' }, status: 429 } };
        return { body: searchBody([{ type: 'click', clientTime: 5 }]) };
      });
      const env = await read(source([f.url], { maxRetries: 3 }));
      assert.equal(env.result.count, 1);
      assert.equal(searches, 3);
    });

    test('429 after every retry: source_unavailable (rate_limited)', async () => {
      const f = await fake((r) =>
        r.path === '/_search' ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { type: 'es_rejected_execution_exception' }, status: 429 } } : undefined,
      );
      const err = await failure(read(source([f.url], { maxRetries: 2 })));
      assert.equal(err.code, 'source_unavailable');
      assert.equal(err.details.reason, 'rate_limited');
      assert.equal(f.requests.filter((r) => r.path === '/_search').length, 3);
    });

    test('shard failures in a 200 response: refused as incomplete, point in time closed', async () => {
      const f = await fake((r) =>
        r.path === '/_search'
          ? {
              body: searchBody([{ type: 'click', clientTime: 1 }], {
                _shards: { total: 3, successful: 2, skipped: 0, failed: 1, failures: [{ shard: 1, reason: { type: 'node_not_connected_exception' } }] },
              }),
            }
          : undefined,
      );
      const err = await failure(read(source([f.url])));
      assert.equal(err.code, 'source_unavailable');
      assert.equal(err.details.reason, 'shard_failures');
      assert.match(err.message, /1 of 3 shards failed/);
      assert.ok(f.requests.some((r) => r.method === 'DELETE' && r.path === '/_pit'));
    });

    test('a server that is not Elasticsearch: source_unavailable (not_elasticsearch)', async () => {
      const f = await fake(() => ({ product: false, body: { hello: 'world' } }));
      const err = await failure(read(source([f.url])));
      assert.equal(err.code, 'source_unavailable');
      assert.equal(err.details.reason, 'not_elasticsearch');
    });

    test('a request Elasticsearch rejects (400): unsupported, with the error type but no body', async () => {
      const f = await fake((r) =>
        r.path === '/_search'
          ? { status: 400, body: { error: { root_cause: [{ type: 'query_shard_exception', reason: 'failed to create query: {"term":…}' }], type: 'search_phase_execution_exception' }, status: 400 } }
          : undefined,
      );
      const err = await failure(read(source([f.url])));
      assert.equal(err.code, 'unsupported');
      assert.equal(err.details.type, 'query_shard_exception');
    });

    test('aborting mid-read (a client disconnect): aborted, the point in time is closed', async () => {
      const f = await fake((r) => (r.path === '/_search' ? { delayMs: 2000, body: searchBody([]) } : undefined));
      const controller = new AbortController();
      const s = source([f.url], { requestTimeoutMs: 5000 });
      const stream = s.read({ query: {} }, { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: NOW, signal: controller.signal });
      // Abort once the search is in flight (the point in time is open), not after a fixed delay.
      const searching = (async () => {
        while (!f.requests.some((r) => r.path === '/_search')) await new Promise((r) => setTimeout(r, 5));
        controller.abort();
      })();
      const err = await failure((async () => {
        for await (const _ of stream.batches) void _;
      })());
      await searching;
      assert.equal(err.code, 'aborted');
      assert.deepEqual(
        f.requests.filter((r) => r.path.endsWith('/_pit')).map((r) => r.method),
        ['POST', 'DELETE'],
        'the point in time was opened once and closed once',
      );
    });
  });

  describe('the node goes away in the middle of a stream', { skip: SKIP }, () => {
    const dataset = buildDataset(1200, 3);
    let fixture: Awaited<ReturnType<typeof readOnlyFixture>>;
    before(async () => {
      fixture = await readOnlyFixture('faults', dataset.docs, dataset.ids);
    });
    after(() => fixture.close());

    test('source_unavailable after the pages already delivered; closing the point in time is still attempted', async () => {
      const proxy = await startTcpProxy(ES_URL!);
      let searches = 0;
      let delivered = 0;
      const s = createElasticsearchSource({
        id: 'es',
        connection: connection({ nodes: [proxy.url], maxRetries: 1, requestTimeoutMs: 2000 }),
        index: fixture.index,
        mapping,
        pageSize: 100,
        keepAlive: '10s',
        backoffMs: 5,
        onRequest: (r) => {
          fixture.audit.onRequest(r);
          if (r.endpoint === 'search' && r.path === '/_search' && ++searches === 3) void proxy.stop();
        },
      });
      const stream = s.read({ query: {} }, { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: NOW });
      const err = await failure((async () => {
        for await (const batch of stream.batches) delivered += batch.length;
      })());
      assert.equal(err.code, 'source_unavailable');
      assert.equal(err.details.reason, 'unreachable');
      assert.equal(delivered, 200);
      assert.ok(fixture.audit.requests.some((r) => r.endpoint === 'close_point_in_time'));
      await s.close?.();
    });
  });
}
