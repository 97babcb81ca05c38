import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN, startTestServer, type TestServer } from './helpers/test-server.js';
import { distillWith, scriptedSource, type SourceLog } from './helpers/spy-distill.js';

let s: TestServer;
const log: Record<string, SourceLog> = { boom: { batches: 0, opened: 0, closed: 0 }, early: { batches: 0, opened: 0, closed: 0 }, crash: { batches: 0, opened: 0, closed: 0 } };
before(async () => {
  s = await startTestServer({
    distill: distillWith({
      // Fails after 1,000 events (over 64 KiB of NDJSON: streaming has started) and after 100 (still gathered).
      boom: scriptedSource('boom', log.boom!, { batches: 12, throwAfter: 10 }),
      early: scriptedSource('early', log.early!, { batches: 5, throwAfter: 1 }),
      crash: scriptedSource('crash', log.crash!, { batches: 5, throwAtOpen: true }),
    }),
  });
});
after(() => s.close());

const problemOf = (r: { json: () => any }) => r.json() as { type: string; code: string; status: number; issues: { code: string; path: (string | number)[] }[]; detail: string; requestId: string; instance: string };

test('health needs no token and then shows only its status; with a token: version, uptime and each source', async () => {
  const anonymous = await s.request('/v1/health', { token: null });
  assert.equal(anonymous.status, 200);
  assert.deepEqual(anonymous.json(), { status: 'degraded' }, 'no source ids, versions or messages without a token');
  const authed = (await s.request('/v1/health')).json();
  assert.equal(authed.status, 'degraded');
  assert.equal(authed.version, '0.2.0');
  assert.equal(typeof authed.uptimeS, 'number');
  const byId = Object.fromEntries(authed.sources.map((x: any) => [x.id, x]));
  assert.equal(byId.logs.reachable, true);
  assert.equal(byId.missing.reachable, false);
  const missing = authed.sources.find((x: any) => x.id === 'missing');
  assert.equal(missing.error.code, 'source_not_found');
  assert.match(missing.error.message, /No file matches/);
});

test('every other route needs the bearer token: 401 problem with a Bearer challenge', async () => {
  for (const [path, method] of [['/v1/version', 'GET'], ['/v1/sources', 'GET'], ['/v1/query', 'POST'], ['/openapi.json', 'GET'], ['/docs', 'GET'], ['/v1/nope', 'GET']] as const) {
    const none = await s.request(path, { token: null, method });
    assert.equal(none.status, 401, path);
    assert.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="distill"');
    assert.equal(problemOf(none).code, 'unauthorized');
    assert.deepEqual(problemOf(none).issues.map((i) => i.path), [['headers', 'authorization']]);
  }
  const wrong = await s.request('/v1/version', { token: `${TOKEN}x` });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers['www-authenticate'], 'Bearer realm="distill", error="invalid_token"');
  assert.equal(problemOf(wrong).issues[0]!.code, 'invalid_token');
  const scheme = await s.request('/v1/version', { token: null, headers: { Authorization: `bearer ${TOKEN}` } });
  assert.equal(scheme.status, 200, 'the scheme is case-insensitive');
  const basic = await s.request('/v1/version', { token: null, headers: { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` } });
  assert.equal(basic.status, 401);
});

test('version, sources and pipelines', async () => {
  const v = (await s.request('/v1/version')).json();
  assert.deepEqual(Object.keys(v), ['distill', 'api', 'node', 'platform', 'arch']);
  assert.equal(v.api, 'v1');
  const sources = (await s.request('/v1/sources')).json();
  assert.equal(sources.defaultSource, 'logs');
  assert.deepEqual(sources.sources.map((x: any) => x.id), ['logs', 'missing', 'boom', 'early', 'crash']);
  const pipelines = (await s.request('/v1/pipelines')).json();
  assert.deepEqual(pipelines.pipelines.map((p: any) => p.name), ['types', 'broken']);
  assert.equal(pipelines.pipelines[0].description, 'Events per type');
});

test('fields of a source with a sample size; bad sample and unknown source are problems with paths', async () => {
  const r = await s.request('/v1/sources/logs/fields?sample=5');
  assert.equal(r.status, 200);
  const body = r.json();
  assert.equal(body.source, 'logs');
  assert.equal(body.sample, 5);
  const type = body.fields.find((f: any) => f.field === 'type');
  assert.deepEqual([type.count, type.roles], [5, ['type']]);
  const bad = await s.request('/v1/sources/logs/fields?sample=0');
  assert.equal(bad.status, 400);
  assert.deepEqual(problemOf(bad).issues[0]!.path, ['query', 'sample']);
  const unknown = await s.request('/v1/sources/nope/fields');
  assert.equal(unknown.status, 404);
  assert.equal(problemOf(unknown).code, 'source_not_found');
  assert.deepEqual(problemOf(unknown).issues[0]!.path, ['path', 'name']);
});

test('query: events as the JSON envelope, equal to the library result', async () => {
  const query = { where: { field: 'type', op: 'eq', value: 'click' }, fields: ['details.clicks'], limit: 3 };
  const r = await s.request('/v1/query', { body: { query } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  const env = r.json();
  assert.deepEqual(Object.keys(env), ['distill', 'request', 'source', 'result', 'stats', 'warnings']);
  const expected = await s.distill.query(query, { now: Date.parse(env.request.now) });
  assert.deepEqual(env.result, JSON.parse(JSON.stringify(expected.result)));
  assert.deepEqual(env.result.events.map((e: any) => e.doc), [{ details: { clicks: 0 } }, { details: { clicks: 2 } }, { details: { clicks: 1 } }]);
});

test('formats: NDJSON by Accept with stats and warnings as trailers; CSV by ?format; json by Accept', async () => {
  const body = { steps: [{ op: 'count-by', by: 'type', sort: 'key' }] };
  const nd = await s.request('/v1/pipelines/run', { body, headers: { Accept: 'application/x-ndjson' } });
  assert.equal(nd.status, 200);
  assert.equal(nd.headers['content-type'], 'application/x-ndjson; charset=utf-8');
  assert.equal(nd.headers.trailer, 'Distill-Stats, Distill-Warnings');
  assert.equal(nd.text, ['blur', 'click', 'focus', 'input', 'load'].map((t) => `{"type":"${t}","count":10}\n`).join(''));
  const stats = JSON.parse(nd.trailers['distill-stats']!);
  assert.deepEqual([stats.scanned, stats.matched, stats.skipped], [51, 50, 1]);
  assert.deepEqual(JSON.parse(nd.trailers['distill-warnings']!), [{ code: 'malformed_json', message: 'Lines that are not valid JSON were skipped.', count: 1, file: 'logs.ndjson' }]);
  const csv = await s.request('/v1/pipelines/run?format=csv', { body });
  assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8; header=present');
  assert.equal(csv.text, 'type,count\nblur,10\nclick,10\nfocus,10\ninput,10\nload,10\n');
  assert.ok(csv.trailers['distill-stats'] !== undefined);
  const csvAccept = await s.request('/v1/pipelines/run', { body, headers: { Accept: 'text/csv;q=0.9, application/json;q=0.5' } });
  assert.equal(csvAccept.text, csv.text);
  const json = await s.request('/v1/pipelines/run', { body: { ...body, output: { format: 'csv' } }, headers: { Accept: 'application/json' } });
  assert.equal(json.json().result.count, 5, 'a specific Accept beats the pipeline\'s output.format');
  const declared = await s.request('/v1/pipelines/run', { body: { ...body, output: { format: 'csv' } }, headers: { Accept: '*/*' } });
  assert.equal(declared.text, csv.text, 'a wildcard Accept leaves the pipeline\'s own format');
  const none = await s.request('/v1/pipelines/run', { body, headers: { Accept: 'application/xml' } });
  assert.equal(none.status, 406);
  assert.equal(problemOf(none).code, 'not_acceptable');
  const badFormat = await s.request('/v1/pipelines/run?format=xml', { body });
  assert.equal(badFormat.status, 400);
  assert.deepEqual(problemOf(badFormat).issues[0]!.path, ['query', 'format']);
});

test('query as CSV: every role, then projected fields', async () => {
  const r = await s.request('/v1/query?format=csv', { body: { query: { fields: ['details.clicks'], limit: 2 } } });
  assert.equal(
    r.text,
    'id,time,end,user,session,type,target,path,page,kind,details.clicks\n' +
      'logs.ndjson#1,1700000000000.5,,u1,s0,click,button#b0.btn primary,"[""button#b0"",""body""]",https://shop.example/p0,raw,0\n' +
      'logs.ndjson#2,1700000001000.5,,u2,s1,focus,button#b1.btn primary,"[""button#b1"",""body""]",https://shop.example/p1,raw,1\n',
  );
});

test('named pipeline equals the library\'s run; a source override; problems of a stored pipeline point into the config', async () => {
  const r = await s.request('/v1/pipelines/types/run', { method: 'POST' });
  assert.equal(r.status, 200);
  const env = r.json();
  const expected = await s.distill.run('types', { now: Date.parse(env.request.now) });
  assert.deepEqual(env.result, JSON.parse(JSON.stringify(expected.result)));
  assert.equal(env.request.name, 'types');
  const other = await s.request('/v1/pipelines/types/run', { body: { source: 'missing' } });
  assert.equal(other.status, 404);
  assert.equal(problemOf(other).code, 'source_not_found');
  const broken = await s.request('/v1/pipelines/broken/run', { method: 'POST' });
  assert.equal(broken.status, 422);
  assert.equal(problemOf(broken).code, 'invalid_pipeline');
  assert.deepEqual(problemOf(broken).issues[0]!.path, ['pipelines', 'broken', 'steps', 0, 'by']);
  const unknown = await s.request('/v1/pipelines/nope/run', { method: 'POST' });
  assert.equal(unknown.status, 404);
  assert.equal(problemOf(unknown).code, 'not_found');
  const badBody = await s.request('/v1/pipelines/types/run', { body: { sauce: 'x' } });
  assert.equal(badBody.status, 400);
  assert.deepEqual(problemOf(badBody).issues[0]!.path, ['sauce']);
});

test('operators: catalog with JSON Schemas, one operator, unknown operator is 404', async () => {
  const list = (await s.request('/v1/operators')).json();
  assert.deepEqual(list.operators.map((o: any) => o.name), s.distill.registry.names());
  const one = (await s.request('/v1/operators/count-by')).json();
  assert.deepEqual(one, JSON.parse(JSON.stringify(s.distill.registry.describe('count-by'))));
  assert.equal(one.params.properties.by.description.startsWith('Field(s) to group by'), true);
  const unknown = await s.request('/v1/operators/count-byy');
  assert.equal(unknown.status, 404);
  assert.equal(problemOf(unknown).code, 'unknown_operator');
});

test('operator run: params and query in the body, source by ?source=; bad params point at params.<key>', async () => {
  const r = await s.request('/v1/operators/count-by/run?source=logs', { body: { params: { by: 'user', sort: 'key' }, query: { where: { field: 'type', op: 'eq', value: 'click' } } } });
  assert.equal(r.status, 200);
  const env = r.json();
  assert.deepEqual(env.request.steps, [{ op: 'count-by', params: { by: ['user'], explode: false, missing: 'include', sort: 'key', share: false } }]);
  assert.deepEqual(env.result.rows, [{ user: 'u1', count: 4 }, { user: 'u2', count: 3 }, { user: 'u3', count: 2 }, { user: null, count: 1 }]);
  const bad = await s.request('/v1/operators/count-by/run', { body: { params: { by: 3, sortt: 'key' } } });
  assert.equal(bad.status, 422);
  assert.deepEqual(problemOf(bad).issues.map((i) => i.path).sort(), [['params', 'by'], ['params', 'sortt']]);
  const badSource = await s.request('/v1/operators/count-by/run?source=elsewhere', { body: { params: { by: 'type' } } });
  assert.equal(badSource.status, 404);
  assert.deepEqual(problemOf(badSource).issues[0]!.path, ['query', 'source']);
  const unknown = await s.request('/v1/operators/nope/run', { body: {} });
  assert.equal(unknown.status, 404);
  assert.equal(problemOf(unknown).code, 'unknown_operator');
});

test('cursor pagination: pages recompute and concatenate to the whole result; cursors are bound to their request', async () => {
  const body = { steps: [{ op: 'count-by', by: ['user', 'session'], sort: 'key' }] };
  const whole = (await s.request('/v1/pipelines/run', { body })).json().result.rows;
  assert.equal(whole.length, 16);
  const rows: unknown[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = `?limit=5${cursor === null ? '' : `&cursor=${cursor}`}`;
    const r = await s.request(`/v1/pipelines/run${query}`, { body });
    assert.equal(r.status, 200);
    const env = r.json();
    rows.push(...env.result.rows);
    assert.equal(env.result.count, env.result.rows.length);
    assert.deepEqual(Object.keys(env).at(-1), 'page');
    if (env.page.next !== null) {
      assert.equal(r.headers['distill-next-cursor'], env.page.next);
      assert.equal(r.headers.link, `</v1/pipelines/run?limit=5&cursor=${env.page.next}>; rel="next"`);
    } else assert.equal(r.headers['distill-next-cursor'], undefined);
    cursor = env.page.next;
    pages++;
  } while (cursor !== null);
  assert.equal(pages, 4);
  assert.deepEqual(rows, whole);
  const first = (await s.request('/v1/pipelines/run?limit=5', { body })).json();
  const other = await s.request(`/v1/pipelines/run?limit=5&cursor=${first.page.next}`, { body: { steps: [{ op: 'count-by', by: 'user' }] } });
  assert.equal(other.status, 400);
  assert.equal(problemOf(other).issues[0]!.code, 'cursor_mismatch');
  assert.deepEqual(problemOf(other).issues[0]!.path, ['query', 'cursor']);
  const damaged = await s.request('/v1/pipelines/run?limit=5&cursor=garbage', { body });
  assert.equal(problemOf(damaged).issues[0]!.code, 'invalid_cursor');
  const noLimit = await s.request(`/v1/pipelines/run?cursor=${first.page.next}`, { body });
  assert.deepEqual(problemOf(noLimit).issues[0]!.path, ['query', 'limit']);
  const zero = await s.request('/v1/pipelines/run?limit=0', { body });
  assert.equal(zero.status, 400);
  const ndjsonPage = await s.request('/v1/pipelines/run?limit=5&format=ndjson', { body });
  assert.equal(ndjsonPage.text, whole.slice(0, 5).map((row: unknown) => `${JSON.stringify(row)}\n`).join(''));
  assert.equal(JSON.parse(Buffer.from(String(ndjsonPage.headers['distill-next-cursor']), 'base64url').toString()).o, 5);
});

test('request errors: bad JSON with its position, non-object bodies, invalid queries with JSON paths', async () => {
  const badJson = await s.request('/v1/pipelines/run', { raw: '{"steps": [}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(badJson.status, 400);
  const p = problemOf(badJson);
  assert.equal(p.code, 'invalid_argument');
  assert.equal(p.issues[0]!.code, 'invalid_json');
  assert.match(p.detail, /line 1, column 12/);
  const array = await s.request('/v1/pipelines/run', { body: [1, 2] });
  assert.equal(array.status, 400);
  const badQuery = await s.request('/v1/query', { body: { query: { where: { field: 'type', op: 'eqq', value: 'x' } } } });
  assert.equal(badQuery.status, 422);
  assert.equal(problemOf(badQuery).code, 'invalid_pipeline');
  assert.deepEqual(problemOf(badQuery).issues[0]!.path, ['query', 'where', 'op']);
  const unknownKey = await s.request('/v1/query', { body: { qurey: {} } });
  assert.equal(unknownKey.status, 400);
  assert.deepEqual(problemOf(unknownKey).issues[0]!.path, ['qurey']);
  const gz = await s.request('/v1/query', { raw: '{}', headers: { 'Content-Encoding': 'gzip' } });
  assert.equal(gz.status, 400);
});

test('the server reads configured sources only: a file path as source is 404', async () => {
  const r = await s.request('/v1/pipelines/run', { body: { source: `${s.dir}/logs.ndjson` } });
  assert.equal(r.status, 404);
  assert.equal(problemOf(r).code, 'source_not_found');
  assert.deepEqual(problemOf(r).issues[0]!.path, ['source']);
  const etc = await s.request('/v1/query', { body: { source: '/etc/passwd' } });
  assert.equal(etc.status, 404);
});

test('body size limit: 413 from Content-Length, before reading', async () => {
  const big = JSON.stringify({ steps: [], name: 'x'.repeat(1024 * 1024 + 10) });
  const r = await s.request('/v1/pipelines/run', { raw: big, headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(problemOf(r).code, 'payload_too_large');
  assert.equal(r.headers.connection, 'close');
});

test('unknown routes are 404, wrong methods 405 with Allow, OPTIONS lists the methods', async () => {
  const nf = await s.request('/v1/nothing-here');
  assert.equal(nf.status, 404);
  assert.equal(problemOf(nf).code, 'not_found');
  const m = await s.request('/v1/query', { method: 'GET' });
  assert.equal(m.status, 405);
  assert.equal(m.headers.allow, 'OPTIONS, POST');
  assert.equal(problemOf(m).code, 'method_not_allowed');
  const del = await s.request('/v1/sources', { method: 'DELETE' });
  assert.equal(del.status, 405);
  assert.equal(del.headers.allow, 'GET, HEAD, OPTIONS');
  const opt = await s.request('/v1/sources', { method: 'OPTIONS' });
  assert.equal(opt.status, 204);
  assert.equal(opt.headers.allow, 'GET, HEAD, OPTIONS');
});

test('problems follow RFC 9457 with the request id as instance; incoming request ids are reused when sane', async () => {
  const r = await s.request('/v1/nothing', { headers: { 'X-Request-Id': 'nb-42.call:7' } });
  assert.equal(r.headers['x-request-id'], 'nb-42.call:7');
  const p = problemOf(r);
  assert.deepEqual(Object.keys(p), ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId', 'issues']);
  assert.equal(p.type, 'https://distill.dev/problems/not_found');
  assert.equal(p.instance, 'urn:distill:request:nb-42.call:7');
  const weird = await s.request('/v1/version', { headers: { 'X-Request-Id': 'bad id with spaces' } });
  assert.match(String(weird.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

test('internal errors: 500 with a generic message; no stack, no internal detail leaks', async () => {
  const r = await s.request('/v1/query', { body: { source: 'crash' } });
  assert.equal(r.status, 500);
  const p = problemOf(r);
  assert.equal(p.code, 'internal');
  assert.doesNotMatch(r.text, /secret|\/etc|at .*\.ts|TypeError/);
  const f = await s.request('/v1/sources/crash/fields');
  assert.equal(f.status, 500);
  assert.doesNotMatch(f.text, /secret|stack/);
  const logged = s.logs().filter((l) => l.msg === 'internal error');
  assert.ok(logged.some((l) => String(l.error).includes('secret internal detail')), 'the operator\'s log keeps the cause');
  assert.equal(log.crash!.closed, log.crash!.opened);
});

test('a failure after streaming started cuts the connection: a truncated body, never a false success', async () => {
  await assert.rejects(s.request('/v1/query?format=ndjson', { body: { source: 'boom' } }), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /aborted|socket hang up|terminated/.test(e.message));
  const cut = s.logs().filter((l) => l.msg === 'request' && l.path === '/v1/query' && l.truncated === true);
  assert.equal(cut.length, 1);
  assert.equal(cut[0]!.status, 200);
  assert.ok(s.logs().some((l) => l.msg === 'response cut short' || l.truncated === true));
  assert.equal(log.boom!.closed, 1);
});

test('a failure while the answer is still gathered (under 64 KiB, nothing sent) is a problem document, not a cut', async () => {
  const r = await s.request('/v1/query?format=ndjson', { body: { source: 'early' }, headers: { 'X-Request-Id': 'early-1' } });
  assert.equal(r.status, 500);
  assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(problemOf(r).code, 'internal');
  assert.doesNotMatch(r.text, /secret/);
  assert.equal(log.early!.closed, 1);
  const line = s.logs().find((l) => l.msg === 'request' && l.reqId === 'early-1')!;
  assert.deepEqual({ status: line.status, truncated: line.truncated }, { status: 500, truncated: undefined });
});

test('access log: one JSON line per request with id, method, path, status, duration and bytes', async () => {
  const r = await s.request('/v1/pipelines/run?format=csv', { body: { steps: [{ op: 'count-by', by: 'type' }] }, headers: { 'X-Request-Id': 'log-check-1' } });
  const line = s.logs().find((l) => l.reqId === 'log-check-1')!;
  assert.deepEqual(
    { method: line.method, path: line.path, query: line.query, status: line.status, bytes: line.bytes, level: line.level },
    { method: 'POST', path: '/v1/pipelines/run', query: 'format=csv', status: 200, bytes: Buffer.byteLength(r.text), level: 'info' },
  );
  assert.equal(typeof line.ms, 'number');
  assert.match(String(line.ts), /^\d{4}-\d\d-\d\dT/);
  assert.equal(JSON.stringify(s.logs()).includes(TOKEN), false, 'the token never reaches the log');
});

test('responses are never cached and not sniffed', async () => {
  const r = await s.request('/v1/sources');
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
});
