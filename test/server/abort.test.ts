import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { TOKEN, eventually, startTestServer, type TestServer } from './helpers/test-server.js';
import { distillWith, scriptedSource, type SourceLog } from './helpers/spy-distill.js';

const fresh = (): SourceLog => ({ batches: 0, opened: 0, closed: 0 });

/** Start a request and give back the response stream as soon as headers arrive (or the error). */
function open(s: TestServer, path: string, body: unknown, agent: https.Agent): { req: import('node:http').ClientRequest; response: Promise<import('node:http').IncomingMessage> } {
  const req = https.request(`${s.url}${path}`, { method: 'POST', agent, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } });
  const response = new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  response.catch(() => {});
  req.end(JSON.stringify(body));
  return { req, response };
}

test('a client that disconnects mid-stream stops the source read at once and releases it', async () => {
  const log = fresh();
  const s = await startTestServer({ distill: distillWith({ slow: scriptedSource('slow', log, { batches: 2000, delayMs: 2 }) }) });
  const agent = new https.Agent({ ca: s.certPem });
  try {
    const { req, response } = open(s, '/v1/query?format=ndjson', { source: 'slow' }, agent);
    const res = await response;
    assert.equal(res.statusCode, 200);
    await new Promise((resolve) => res.once('data', resolve));
    assert.equal(s.app.work.size, 1);
    req.destroy();
    await eventually(() => s.app.work.size === 0 && log.closed === 1, 3000, 'the request to settle');
    const pulled = log.batches;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(log.batches, pulled, 'no batch is read after the disconnect');
    assert.deepEqual({ sawAbort: log.sawAbort, exhausted: log.exhausted, closed: log.closed }, { sawAbort: true, exhausted: false, closed: 1 });
    await eventually(() => s.logs().some((l) => l.msg === 'request' && l.status === 499), 2000, 'the access log');
    const line = s.logs().find((l) => l.msg === 'request' && l.status === 499)!;
    assert.equal(line.aborted, true);
  } finally {
    agent.destroy();
    await s.close();
  }
});

test('a client that disconnects before the first byte (while an aggregation runs) aborts it too', async () => {
  const log = fresh();
  const s = await startTestServer({ distill: distillWith({ slow: scriptedSource('slow', log, { batches: 2000, delayMs: 2 }) }) });
  const agent = new https.Agent({ ca: s.certPem });
  try {
    const { req } = open(s, '/v1/operators/count-by/run', { source: 'slow', params: { by: 'user' } }, agent);
    await eventually(() => log.batches >= 5, 3000, 'the read to start');
    req.destroy();
    await eventually(() => s.app.work.size === 0 && log.closed === 1, 3000, 'the request to settle');
    assert.deepEqual({ sawAbort: log.sawAbort, exhausted: log.exhausted, closed: log.closed }, { sawAbort: true, exhausted: false, closed: 1 });
  } finally {
    agent.destroy();
    await s.close();
  }
});

test('a request past the timeout is aborted: 504 problem before the first byte, a cut connection after it', async () => {
  const log = fresh();
  const streaming = fresh();
  const s = await startTestServer({
    limits: { requestTimeoutMs: 300 },
    distill: distillWith({
      slow: scriptedSource('slow', log, { batches: 2000, delayMs: 2 }),
      stream: scriptedSource('stream', streaming, { batches: 2000, delayMs: 2 }),
    }),
  });
  try {
    const r = await s.request('/v1/operators/count-by/run', { body: { source: 'slow', params: { by: 'user' } } });
    assert.equal(r.status, 504);
    const problem = r.json();
    assert.equal(problem.code, 'timeout');
    assert.equal(problem.type, 'https://distill.dev/problems/timeout');
    await eventually(() => log.closed === 1 && s.app.work.size === 0, 3000, 'the aborted read to close');
    assert.deepEqual({ sawAbort: log.sawAbort, exhausted: log.exhausted }, { sawAbort: true, exhausted: false }, 'the timeout aborted the read');
    await assert.rejects(s.request('/v1/query?format=ndjson', { body: { source: 'stream' } }));
    await eventually(() => streaming.closed === 1 && s.app.work.size === 0, 3000, 'the cut stream to close');
    assert.deepEqual({ sawAbort: streaming.sawAbort, exhausted: streaming.exhausted }, { sawAbort: true, exhausted: false }, 'the timeout aborted the stream');
    await eventually(() => s.logs().some((l) => l.msg === 'request' && l.truncated === true), 2000, 'the truncated stream in the log');
  } finally {
    await s.close();
  }
});

test('shutdown: stops accepting, aborts in-flight work with 503, closes idle keep-alive connections, and resolves', async () => {
  const log = fresh();
  const s = await startTestServer({ distill: distillWith({ slow: scriptedSource('slow', log, { batches: 5000, delayMs: 2 }) }) });
  const agent = new https.Agent({ ca: s.certPem, keepAlive: true });
  try {
    // An idle keep-alive connection…
    await new Promise<void>((resolve, reject) => {
      https.get(`${s.url}/v1/health`, { agent }, (res) => res.resume().on('end', () => resolve())).on('error', reject);
    });
    assert.equal(Object.values(agent.freeSockets).flat().length, 1);
    // …and a request in flight.
    const { response } = open(s, '/v1/operators/count-by/run', { source: 'slow', params: { by: 'user' } }, agent);
    await eventually(() => log.batches >= 3, 3000, 'the read to start');
    const closing = s.running.close();
    const res = await response;
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers.connection, 'close');
    let text = '';
    for await (const chunk of res) text += chunk;
    assert.equal(JSON.parse(text).code, 'aborted');
    await closing;
    assert.equal(log.closed, 1);
    assert.deepEqual({ sawAbort: log.sawAbort, exhausted: log.exhausted }, { sawAbort: true, exhausted: false }, 'shutdown aborted the read instead of waiting for it');
    assert.equal(s.app.work.size, 0);
    assert.equal(s.running.server.listening, false);
    await assert.rejects(
      new Promise((resolve, reject) => https.get(`${s.url}/v1/health`, { ca: s.certPem, agent: false }, resolve).on('error', reject)),
      (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
    );
  } finally {
    agent.destroy();
    await s.close();
  }
});
