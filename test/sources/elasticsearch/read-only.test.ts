import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import { DistillError } from '../../../src/core/errors.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { createReadOnlyClient } from '../../../src/sources/elasticsearch/connection-options.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import { READ_ONLY_ENDPOINTS, readOnlyEndpoint } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { buildDataset } from '../conformance/dataset.js';
import { runOn } from '../conformance/oracle.js';
import { COUNT_BY_PIPELINES, QUERY_PIPELINES } from '../conformance/pipelines.js';
import { connection, readOnlyFixture, SKIP, snapshot } from './helpers/es-fixture.js';
import { startFakeEs } from './helpers/fake-es.js';

// The read-only guarantee: the source's transport only lets through the read endpoints of READ_ONLY_ENDPOINTS,
// refusing anything else before it reaches the network; and a whole session of reads leaves the index's
// document count and indexing statistics exactly as they were.

describe('the allow-list', () => {
  const allowed: [string, string][] = [
    ['GET', '/'],
    ['HEAD', '/'],
    ['POST', '/userale/_search'],
    ['GET', '/userale-*/_search'],
    ['POST', '/_search'],
    ['POST', '/userale%2Cother/_pit'],
    ['DELETE', '/_pit'],
    ['POST', '/userale/_count'],
    ['POST', '/userale/_field_caps'],
    ['GET', '/userale/_mapping'],
    ['GET', '/_cluster/health'],
    ['GET', '/_cluster/health/userale'],
  ];
  const refused: [string, string][] = [
    ['PUT', '/userale'],
    ['DELETE', '/userale'],
    ['POST', '/userale/_doc'],
    ['PUT', '/userale/_doc/1'],
    ['POST', '/userale/_update/1'],
    ['POST', '/_bulk'],
    ['POST', '/userale/_bulk'],
    ['POST', '/userale/_delete_by_query'],
    ['POST', '/userale/_update_by_query'],
    ['PUT', '/userale/_mapping'],
    ['POST', '/userale/_mapping'],
    ['PUT', '/userale/_settings'],
    ['POST', '/userale/_refresh'],
    ['POST', '/userale/_close'],
    ['POST', '/_reindex'],
    ['PUT', '/_index_template/x'],
    ['GET', '/_nodes/_all/http'],
    ['POST', '/_search/scroll'],
    ['POST', '/userale/_search/template'],
    ['DELETE', '/_search/scroll'],
    ['DELETE', '/_pit/extra'],
    ['GET', '/_security/_authenticate'],
    ['POST', '/_snapshot/repo/snap/_restore'],
    ['POST', '/_async_search'],
    ['GET', '/userale/_doc/1'],
    ['POST', '/_pit'],
  ];
  for (const [method, path] of allowed) {
    test(`allows ${method} ${path}`, () => assert.notEqual(readOnlyEndpoint(method, path), undefined));
  }
  for (const [method, path] of refused) {
    test(`refuses ${method} ${path}`, () => assert.equal(readOnlyEndpoint(method, path), undefined));
  }
});

describe('refused requests never reach the network', () => {
  test('writes through the client are refused with `unsupported` before any byte is sent', async () => {
    const fake = await startFakeEs(() => undefined);
    const client: Client = await createReadOnlyClient({ nodes: [fake.url], rejectUnauthorized: true, requestTimeoutMs: 2000, maxRetries: 0 });
    try {
      const attempts: (() => Promise<unknown>)[] = [
        () => client.index({ index: 'logs', document: { a: 1 } }),
        () => client.bulk({ operations: [{ index: { _index: 'logs' } }, { a: 1 }] }),
        () => client.deleteByQuery({ index: 'logs', query: { match_all: {} } }),
        () => client.updateByQuery({ index: 'logs' }),
        () => client.indices.delete({ index: 'logs' }),
        () => client.indices.create({ index: 'logs2' }),
        () => client.indices.putMapping({ index: 'logs', properties: { a: { type: 'keyword' } } }),
        () => client.indices.refresh({ index: 'logs' }),
        () => client.delete({ index: 'logs', id: '1' }),
        () => client.transport.request({ method: 'PUT', path: '/logs/_settings', body: { index: { number_of_replicas: 1 } } }),
      ];
      for (const attempt of attempts) {
        await assert.rejects(attempt(), (e: unknown) => e instanceof DistillError && e.code === 'unsupported');
      }
      assert.equal(fake.requests.length, 0);
      await client.search({ index: 'logs', size: 0 });
      assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), ['POST /logs/_search']);
    } finally {
      await client.close();
      await fake.close();
    }
  });
});

if (SKIP !== false) test('read-only audit against the node', { skip: SKIP }, () => {});
else {
  describe('a whole session of reads leaves the index unchanged', () => {
    const dataset = buildDataset(1500, 17);
    let fixture: Awaited<ReturnType<typeof readOnlyFixture>>;
    let source: EventSource;
    before(async () => {
      fixture = await readOnlyFixture('read-only', dataset.docs, dataset.ids, { shards: 2 });
      source = createElasticsearchSource({
        id: 'es',
        connection: connection(),
        index: fixture.index,
        mapping: resolveMapping('userale'),
        pageSize: 300,
        slices: 2,
        onRequest: fixture.audit.onRequest,
      });
    });
    after(async () => {
      await source.close?.();
      // Asserts: every request was on the allow-list, the document count and indexing stats are unchanged.
      await fixture.close();
    });

    test('every pipeline of the conformance suite, fields, an early stop and a failing query', async () => {
      const before = await snapshot(fixture.admin, fixture.index);
      for (const pipeline of Object.values({ ...QUERY_PIPELINES, ...COUNT_BY_PIPELINES })) await runOn(source, pipeline, dataset.now);
      await source.fields({ sample: 200 }, { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: 0 });
      const stream = source.read({ query: { sort: [{ field: 'session', order: 'asc' }] } }, {
        warnings: new WarningCollector(),
        stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] },
        strict: false,
        now: dataset.now,
      });
      for await (const _ of stream.batches) break;
      await assert.rejects(runOn(source, { query: { time: { from: 'not a date' } } }, dataset.now));
      assert.deepEqual(await snapshot(fixture.admin, fixture.index), before);
      fixture.audit.assertReadOnly();
      const used = fixture.audit.endpoints();
      for (const name of used) assert.ok(READ_ONLY_ENDPOINTS.some((e) => e.name === name));
      for (const name of ['field_caps', 'mapping', 'open_point_in_time', 'search', 'close_point_in_time']) assert.ok(used.has(name), name);
    });
  });
}
