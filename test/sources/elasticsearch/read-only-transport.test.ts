import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Client, errors } from '@elastic/elasticsearch';
import { DistillError } from '../../../src/core/errors.js';
import { backoff, READ_ONLY_ENDPOINTS, readOnlyEndpoint, readOnlyTransport, retryAfterMs, retrySettings, type AllowedRequest } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { startFakeEs, type FakeEs } from './helpers/fake-es.js';

// The read-only transport: which endpoint each allowed request falls under, the back-off arithmetic, and (against
// a fake server injecting 429 Too Many Requests) the retries, their limit and their abort.

describe('readOnlyEndpoint names the endpoint', () => {
  const cases: [string, string, string][] = [
    ['GET', '/', 'info'],
    ['head', '/', 'info'],
    ['POST', '/userale/_search', 'search'],
    ['GET', '/_search', 'search'],
    ['POST', '/_all/_search', 'search'],
    ['POST', '/userale/_pit', 'open_point_in_time'],
    ['DELETE', '/_pit', 'close_point_in_time'],
    ['POST', '/userale/_count', 'count'],
    ['GET', '/_count', 'count'],
    ['POST', '/userale/_field_caps', 'field_caps'],
    ['GET', '/_field_caps', 'field_caps'],
    ['GET', '/userale/_mapping', 'mapping'],
    ['GET', '/_mapping', 'mapping'],
    ['GET', '/_cluster/health', 'cluster_health'],
    ['GET', '/_cluster/health/userale', 'cluster_health'],
  ];
  for (const [method, path, name] of cases) test(`${method} ${path}: ${name}`, () => assert.equal(readOnlyEndpoint(method, path)?.name, name));
  test('methods and paths outside the list', () => {
    for (const [m, p] of [['POST', '/'], ['PUT', '/userale/_search'], ['GET', '/_pit'], ['POST', '/_cluster/health'], ['GET', '/userale/_search/x'], ['GET', 'x/_search'], ['GET', '/_pit/_search'], ['POST', '/_alias/_pit'], ['GET', '//_search'], ['GET', '/logs/'], ['DELETE', '/logs/_pit'], ['DELETE', '/_pit/abc'], ['DELETE', '/_pit_x']]) {
      assert.equal(readOnlyEndpoint(m!, p!), undefined, `${m} ${p}`);
    }
    assert.deepEqual(READ_ONLY_ENDPOINTS.map((e) => e.name), ['info', 'search', 'open_point_in_time', 'close_point_in_time', 'count', 'field_caps', 'mapping', 'cluster_health']);
  });
});

describe('backoff', () => {
  test('Retry-After wins, capped', () => {
    assert.equal(backoff(0, 2000, 500, 30_000), 2000);
    assert.equal(backoff(3, 90_000, 500, 30_000), 30_000);
    assert.equal(backoff(0, 0, 500, 30_000), 0);
  });
  test('otherwise full jitter between half and all of base × 2^attempt, capped', (t) => {
    t.mock.method(Math, 'random', () => 0);
    assert.deepEqual([0, 1, 2, 3].map((a) => backoff(a, undefined, 500, 3000)), [250, 500, 1000, 1500]);
    t.mock.method(Math, 'random', () => 0.999999);
    assert.deepEqual([0, 1, 2, 3].map((a) => backoff(a, undefined, 500, 3000)), [500, 1000, 2000, 3000]);
    t.mock.method(Math, 'random', () => 0.5);
    assert.equal(backoff(1, undefined, 100, 30_000), 150);
  });
});

describe('retrySettings', () => {
  test('defaults: 3 retries, 500 ms first delay, 30 s longest; given values win', () => {
    assert.deepEqual(retrySettings({}), { maxRetries: 3, base: 500, cap: 30_000 });
    assert.deepEqual(retrySettings({ maxRetries: 0, backoffMs: 5, maxBackoffMs: 50 }), { maxRetries: 0, base: 5, cap: 50 });
  });
});

describe('retryAfterMs', () => {
  test('delay-seconds, HTTP dates, arrays, nothing', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.UTC(2024, 0, 1, 0, 0, 0) });
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs('0.5'), 500);
    // Zero seconds is a delay, not a date: Date.parse would read '0' as the year 2000 but '0.0' as nothing.
    assert.equal(retryAfterMs('0'), 0);
    assert.equal(retryAfterMs('0.0'), 0);
    assert.equal(retryAfterMs(['2', '9']), 2000);
    assert.equal(retryAfterMs(undefined), undefined);
    assert.equal(retryAfterMs([]), undefined);
    assert.equal(retryAfterMs('Mon, 01 Jan 2024 00:00:07 GMT'), 7000);
    assert.equal(retryAfterMs('Sun, 31 Dec 2023 23:59:00 GMT'), 0, 'a past date: now');
    assert.equal(retryAfterMs('-1'), 0, 'not delay-seconds; Date.parse reads it as the year -1, a past date: now');
    assert.equal(retryAfterMs('soon'), undefined);
  });
});

describe('the transport against a server answering 429 (fault injection)', () => {
  const fakes: FakeEs[] = [];
  after(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });
  async function clientFor(answers: number, options: Parameters<typeof readOnlyTransport>[0], headers: Record<string, string> = {}) {
    const fake = await startFakeEs((r) => (r.n <= answers ? { status: 429, body: { error: { type: 'es_rejected_execution_exception' }, status: 429 }, headers } : undefined));
    fakes.push(fake);
    const seen: AllowedRequest[] = [];
    const client = new Client({ node: fake.url, maxRetries: 0, Transport: readOnlyTransport({ ...options, onRequest: (r) => seen.push(r) }) });
    return { fake, client, seen };
  }

  test('backs off and retries until an answer; every attempt is reported before it is sent', async () => {
    const { fake, client, seen } = await clientFor(2, { maxRetries: 3, backoffMs: 1 });
    const r = await client.count({ index: 'logs', query: { match_all: {} } });
    assert.equal(r.count, 0);
    assert.equal(fake.requests.length, 3);
    assert.deepEqual(seen, Array(3).fill({ method: 'POST', path: '/logs/_count', endpoint: 'count', querystring: {}, body: { query: { match_all: {} } } }));
    // A request without query string or body is reported without them.
    await client.transport.request({ method: 'GET', path: '/' });
    assert.deepEqual(seen[3], { method: 'GET', path: '/', endpoint: 'info' });
    await client.close();
  });

  test('Retry-After is honoured (0 s here) and the retries end at maxRetries with the 429', async () => {
    const { fake, client } = await clientFor(10, { maxRetries: 2, backoffMs: 60_000 }, { 'retry-after': '0' });
    await assert.rejects(client.search({ index: 'logs' }), (e: unknown) => e instanceof errors.ResponseError && e.statusCode === 429);
    assert.equal(fake.requests.length, 3);
    await client.close();
  });

  test('default: three retries', async () => {
    const { fake, client } = await clientFor(10, { backoffMs: 1 });
    await assert.rejects(client.search({ index: 'logs' }), (e: unknown) => e instanceof errors.ResponseError && e.statusCode === 429);
    assert.equal(fake.requests.length, 4);
    await client.close();
  });

  test('other failures are not retried', async () => {
    const fake = await startFakeEs(() => ({ status: 503, body: { error: { type: 'unavailable' }, status: 503 } }));
    fakes.push(fake);
    const client = new Client({ node: fake.url, maxRetries: 0, Transport: readOnlyTransport({ backoffMs: 1 }) });
    await assert.rejects(client.search({ index: 'logs' }), (e: unknown) => e instanceof errors.ResponseError && e.statusCode === 503);
    assert.equal(fake.requests.length, 1);
    await client.close();
  });

  test('aborting while waiting to retry stops at once', async () => {
    const { fake, client } = await clientFor(10, { maxRetries: 3, backoffMs: 1, maxBackoffMs: 600_000 }, { 'retry-after': '600' });
    const controller = new AbortController();
    const pending = client.search({ index: 'logs' }, { signal: controller.signal });
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (e: unknown) => /Abort/.test((e as Error).name));
    assert.equal(fake.requests.length, 1);
    await client.close();
  });

  test('NODE_DEBUG=distill* logs every attempt, the retries numbered, and each wait', () => {
    // A child process, because Node reads NODE_DEBUG once at start-up.
    const child = `
      const { Client } = await import('@elastic/elasticsearch');
      const { readOnlyTransport } = await import(process.argv.at(-2));
      const { startFakeEs } = await import(process.argv.at(-1));
      const tooMany = { status: 429, body: { error: { type: 'es_rejected_execution_exception' }, status: 429 }, headers: { 'retry-after': '0' } };
      const fake = await startFakeEs((r) => (r.n <= 2 ? tooMany : undefined));
      const client = new Client({ node: fake.url, maxRetries: 0, Transport: readOnlyTransport({ maxRetries: 2, backoffMs: 60000 }) });
      await client.count({ index: 'logs' });
      await client.close();
      await fake.close();
    `;
    const modules = ['../../../src/sources/elasticsearch/read-only-transport.ts', './helpers/fake-es.ts'].map((m) => new URL(m, import.meta.url).href);
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child, ...modules], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'distill*' } });
    assert.equal(run.status, 0, run.stderr);
    const line = (text: string) => `DISTILL:ELASTICSEARCH ${run.pid}: ${text}\n`;
    assert.equal(
      run.stderr,
      [
        'GET /logs/_count (count)',
        '429 Too Many Requests; waiting 0 ms',
        'GET /logs/_count (count) retry 1',
        '429 Too Many Requests; waiting 0 ms',
        'GET /logs/_count (count) retry 2',
      ].map(line).join(''),
    );
  });

  test('a refused request: unsupported, naming the method and path, nothing sent', async () => {
    const { fake, client, seen } = await clientFor(0, {});
    await assert.rejects(client.transport.request({ method: 'put', path: '/logs/_settings' }), (e: unknown) => {
      assert.ok(e instanceof DistillError);
      assert.equal(e.code, 'unsupported');
      assert.equal(e.message, "Refused PUT /logs/_settings: Distill's Elasticsearch source only reads (search, point in time, count, field caps, mapping, info).");
      assert.deepEqual(e.details, { method: 'PUT', path: '/logs/_settings' });
      return true;
    });
    assert.equal(fake.requests.length, 0);
    assert.equal(seen.length, 0);
    await client.close();
  });
});
