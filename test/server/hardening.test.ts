/**
 * Issue 14's server reproducers, each over real HTTPS against a real app: limits instead of frozen event loops and
 * stack overflows, own properties only, forged cursors, run slots, HTTP parser errors, no disclosure of paths.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { LIMITS } from '../../src/core/limits.js';
import { TOKEN, eventually, startTestServer, useraleDoc, type Reply, type TestServer } from './helpers/test-server.js';
import { distillWith, scriptedSource, type SourceLog } from './helpers/spy-distill.js';

let s: TestServer;
let outside = '';
before(async () => {
  outside = await mkdtemp(path.join(tmpdir(), 'distill-outside-'));
  await writeFile(path.join(outside, 'x.ndjson'), `${[0, 1, 2].map((i) => JSON.stringify(useraleDoc(i))).join('\n')}\n`);
  s = await startTestServer({
    config: () => ({ sources: { elsewhere: { kind: 'files', paths: path.join(outside, 'x.ndjson') } } }),
  });
});
after(async () => {
  await s.close();
  await rm(outside, { recursive: true, force: true });
});

const problem = (r: Reply) => r.json() as { code: string; status: number; issues: { code: string; path: (string | number)[]; message: string }[] };

function assertLimit(r: Reply, limit: keyof typeof LIMITS, path: (string | number)[]): void {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  const p = problem(r);
  assert.equal(p.code, 'limit_exceeded');
  assert.equal(p.issues.length, 1);
  assert.equal(p.issues[0]!.code, 'limit_exceeded');
  assert.deepEqual(p.issues[0]!.path, path);
  assert.match(p.issues[0]!.message, new RegExp(`\\b${limit}\\b`));
}

const nested = (kind: 'all' | 'any' | 'not', depth: number): unknown => {
  let node: unknown = { field: 'type', op: 'eq', value: 'click' };
  for (let i = 0; i < depth; i++) node = kind === 'not' ? { not: node } : { [kind]: [node] };
  return node;
};

test('count-by over 4,000 fields is refused at once with maxFieldsPerStep (it froze the server for 56 s)', async () => {
  const by = Array.from({ length: 4000 }, (_, i) => `f${i}`);
  assertLimit(await s.request('/v1/pipelines/run', { body: { steps: [{ op: 'count-by', by }] } }), 'maxFieldsPerStep', ['steps', 0, 'by']);
  assertLimit(await s.request('/v1/operators/count-by/run', { body: { params: { by } } }), 'maxFieldsPerStep', ['params', 'by']);
});

test('any of 20,000 conditions (929 KB) is refused with maxConditions', async () => {
  const any = Array.from({ length: 20_000 }, (_, i) => ({ field: `f${i}`, op: 'eq', value: i }));
  assertLimit(await s.request('/v1/query', { body: { query: { where: { any } } } }), 'maxConditions', ['query', 'where']);
});

test('conditions nested 1,100 (all/any) and 2,160 (not) deep are 422 maxNestingDepth, not a stack overflow 500', async () => {
  for (const [kind, depth] of [['all', 1100], ['any', 1100], ['not', 2160]] as const) {
    const r = await s.request('/v1/pipelines/run', { body: { query: { where: nested(kind, depth) }, steps: [{ op: 'count-by', by: 'type' }] } });
    assert.equal(r.status, 422, `${kind}: ${r.text.slice(0, 200)}`);
    assert.equal(problem(r).code, 'limit_exceeded');
    assert.equal(problem(r).issues[0]!.code, 'limit_exceeded');
    assert.match(problem(r).issues[0]!.message, /maxNestingDepth/);
    const f = await s.request('/v1/operators/filter/run', { body: { params: { where: nested(kind, depth) } } });
    assert.equal(f.status, 422, `filter ${kind}`);
    assert.equal(problem(f).issues[0]!.code, 'limit_exceeded');
  }
  // Within the limit the same shapes run.
  const ok = await s.request('/v1/pipelines/run', { body: { query: { where: nested('not', 10) }, steps: [{ op: 'count-by', by: 'type' }] } });
  assert.equal(ok.status, 200);
});

test('3,100 chained steps are 422 maxSteps, not a stack overflow in the runner', async () => {
  const steps = Array.from({ length: 3100 }, () => ({ op: 'limit', n: 1000 }));
  assertLimit(await s.request('/v1/pipelines/run', { body: { steps } }), 'maxSteps', ['steps']);
  assertLimit(await s.request('/v1/pipelines/run', { body: { steps: [], outputs: { a: [], b: steps } } }), 'maxSteps', ['outputs', 'b']);
  const fine = await s.request('/v1/pipelines/run', { body: { steps: Array.from({ length: LIMITS.maxSteps }, () => ({ op: 'limit', n: 1000 })) } });
  assert.equal(fine.status, 200);
  assert.equal(fine.json().result.count, 50);
});

test('a forged cursor whose now is outside the Date range is 400 invalid_cursor, not "Invalid time value"', async () => {
  const first = await s.request('/v1/query?limit=5', { body: { query: {} } });
  assert.equal(first.status, 200);
  const next = first.json().page.next as string;
  const state = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as Record<string, unknown>;
  for (const n of [1e20, -8.64e15 - 1, 8.64e15 + 1]) {
    const forged = Buffer.from(JSON.stringify({ ...state, n })).toString('base64url');
    const r = await s.request(`/v1/query?limit=5&cursor=${forged}`, { body: { query: {} } });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(problem(r).issues.map((i) => [i.code, i.path]), [['invalid_cursor', ['query', 'cursor']]]);
  }
  const genuine = await s.request(`/v1/query?limit=5&cursor=${next}`, { body: { query: {} } });
  assert.equal(genuine.status, 200);
});

test('date math beyond the Date range is 422 invalid_query, not an empty match', async () => {
  const r = await s.request('/v1/query', { body: { query: { time: { from: 'now+300000y' } } } });
  assert.equal(r.status, 422);
  assert.deepEqual(problem(r).issues.map((i) => i.path), [['query', 'time', 'from']]);
});

test('inherited members are not fields: constructor/toString/__proto__ match nothing and group as missing', async () => {
  for (const field of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const r = await s.request('/v1/operators/filter/run', { body: { params: { where: { field, op: 'exists' } } } });
    assert.equal(r.status, 200);
    assert.equal(r.json().stats.matched, 0, field);
  }
  const byCtor = await s.request('/v1/operators/count-by/run', { body: { params: { by: 'constructor' } } });
  assert.deepEqual(byCtor.json().result.columns.map((c: { name: string }) => c.name), ['constructor', 'count']);
  assert.deepEqual(byCtor.json().result.rows, [{ constructor: null, count: 50 }]);
});

test('projecting as "__proto__" yields that column, not {} rows', async () => {
  const r = await s.request('/v1/pipelines/run', { body: { steps: [{ op: 'project', fields: [{ field: 'type', as: '__proto__' }] }, { op: 'limit', n: 2 }] } });
  assert.equal(r.status, 200);
  assert.match(r.text.replace(/\n/g, ''), /"rows":\[\{"__proto__":"click"\},\{"__proto__":"focus"\}\]/);
  assert.deepEqual(Object.keys(r.json().result.rows[0]), ['__proto__']);
});

test('clashing output names are refused: as "count" then count-by by count; by ["type","type"]; two columns named alike', async () => {
  const clash = await s.request('/v1/pipelines/run', { body: { steps: [{ op: 'project', fields: [{ field: 'type', as: 'count' }] }, { op: 'count-by', by: 'count' }] } });
  assert.equal(clash.status, 422);
  assert.deepEqual(problem(clash).issues.map((i) => [i.code, i.path]), [['output_name_clash', ['steps', 1, 'by', 0]]]);
  const twice = await s.request('/v1/pipelines/run', { body: { steps: [{ op: 'count-by', by: ['type', 'type'] }] } });
  assert.deepEqual(problem(twice).issues.map((i) => [i.code, i.path]), [['duplicate_field', ['steps', 0, 'by']]]);
  // Found by the request fuzzer: the clash check ran on a `by` that had already failed (an empty name) → 500.
  for (const by of ['', [''], 3, [], null]) {
    const bad = await s.request('/v1/pipelines/run', { body: { steps: [{ op: 'count-by', by }] } });
    assert.equal(bad.status, 422, JSON.stringify(by));
  }
  for (const fields of [3, null, [3], [null], [{ field: 'type' }], [{ as: 'x' }]]) {
    const bad = await s.request('/v1/pipelines/run', { body: { steps: [{ op: 'project', fields }] } });
    assert.equal(bad.status, 422, JSON.stringify(fields));
  }
  const columns = await s.request('/v1/pipelines/run', { body: { steps: [{ op: 'project', fields: ['user', { field: 'type', as: 'user' }] }] } });
  assert.deepEqual(problem(columns).issues.map((i) => [i.code, i.path]), [['duplicate_column', ['steps', 0, 'fields', 1]]]);
});

test('a __proto__ key inside step params is refused like any unknown key', async () => {
  const r = await s.request('/v1/pipelines/run', { raw: '{"steps":[{"op":"count-by","by":"type","__proto__":{"limit":1}}]}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 422);
  assert.deepEqual(problem(r).issues.map((i) => [i.code, i.path]), [['unknown_key', ['steps', 0, '__proto__']]]);
});

test('?source= on /v1/pipelines/run is honoured (the body wins) and an unknown one is a 404 at query.source', async () => {
  const viaQuery = await s.request('/v1/pipelines/run?source=elsewhere', { body: { steps: [{ op: 'count-by', by: 'type' }] } });
  assert.equal(viaQuery.status, 200);
  assert.equal(viaQuery.json().source.id, 'elsewhere');
  assert.equal(viaQuery.json().stats.matched, 3);
  const bodyWins = await s.request('/v1/pipelines/run?source=elsewhere', { body: { source: 'logs', steps: [] } });
  assert.equal(bodyWins.json().source.id, 'logs');
  const unknown = await s.request('/v1/pipelines/run?source=nope', { body: { steps: [] } });
  assert.equal(unknown.status, 404);
  assert.deepEqual(problem(unknown).issues.map((i) => i.path), [['query', 'source']]);
});

test('no absolute paths in /v1/sources or event ids, also for files outside the base directory', async () => {
  const sources = await s.request('/v1/sources');
  assert.equal(sources.status, 200);
  assert.ok(!sources.text.includes(s.dir), sources.text);
  assert.ok(!sources.text.includes(outside), sources.text);
  assert.ok(!sources.text.includes(tmpdir()), sources.text);
  const events = await s.request('/v1/query', { body: { source: 'elsewhere', query: { limit: 1 } } });
  const id = events.json().result.events[0].id as string;
  assert.equal(id, `../${path.basename(outside)}/x.ndjson#1`);
});

test('requests Node\'s HTTP parser rejects get a problem document, not an empty reply', async () => {
  const raw = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: s.running.port, ca: s.certPem, servername: 'localhost' }, () => socket.end(text));
      let out = '';
      socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
  const cases: [string, number, string?][] = [
    ['BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['CONNECT /v1/health HTTP/1.1\r\nHost: x\r\n\r\n', 405, 'method_not_allowed'],
    ['GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', 400],
    [`GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['POST /v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
  ];
  for (const [request, status, code] of cases) {
    const reply = await raw(request);
    const [head, body] = reply.split('\r\n\r\n');
    assert.match(head!, new RegExp(`^HTTP/1\\.1 ${status} `), reply.slice(0, 80));
    assert.match(head!, /content-type: application\/problem\+json/i);
    const doc = JSON.parse(body!) as { status: number; code: string };
    assert.equal(doc.status, status);
    assert.equal(doc.code, code ?? 'invalid_argument');
  }
});

test('beyond maxConcurrentRuns a heavy request gets 503 busy with Retry-After; health and cheap routes still answer', async () => {
  const log: SourceLog = { batches: 0, opened: 0, closed: 0 };
  const slow = await startTestServer({
    limits: { maxConcurrentRuns: 1 },
    distill: distillWith({ slow: scriptedSource('slow', log, { batches: 20, delayMs: 50 }) }),
  });
  try {
    const first = slow.request('/v1/pipelines/run', { body: { source: 'slow', steps: [{ op: 'count-by', by: 'type' }] } });
    await eventually(() => log.opened === 1, 5000, 'the first run to start');
    const second = await slow.request('/v1/pipelines/run', { body: { source: 'slow', steps: [{ op: 'count-by', by: 'type' }] } });
    assert.equal(second.status, 503);
    assert.equal(second.headers['retry-after'], '1');
    assert.equal(problem(second).code, 'busy');
    assert.equal((await slow.request('/v1/health', { token: null })).status, 200);
    assert.equal((await slow.request('/v1/version')).status, 200);
    const done = await first;
    assert.equal(done.status, 200);
    assert.equal(done.json().stats.matched, 2000);
    // The slot is free again once the first response is complete.
    const third = await slow.request('/v1/pipelines/run', { body: { source: 'slow', steps: [{ op: 'limit', n: 1 }] } });
    assert.equal(third.status, 200);
  } finally {
    await slow.close();
  }
  assert.equal(TOKEN.length > 16, true);
});
