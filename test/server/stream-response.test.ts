import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WHOLE_ANSWER_CHARS } from '../../src/server/stream-response.js';
import { distillWith, scriptedSource, type SourceLog } from './helpers/spy-distill.js';
import { eventually, startTestServer } from './helpers/test-server.js';

const fresh = (): SourceLog => ({ batches: 0, opened: 0, closed: 0 });

test('an answer under 64 KiB is sent whole with Content-Length; a longer one is chunked; both are complete', async () => {
  const long = fresh();
  // 1,500 events: about 150 KiB of NDJSON, over WHOLE_ANSWER_CHARS.
  const s = await startTestServer({ distill: distillWith({ long: scriptedSource('long', long, { batches: 15 }) }) });
  try {
    const small = await s.request('/v1/pipelines/types/run', { method: 'POST', headers: { 'X-Request-Id': 'whole-1' } });
    assert.equal(small.status, 200);
    assert.equal(small.headers['transfer-encoding'], undefined);
    assert.equal(small.headers['content-length'], String(Buffer.byteLength(small.text)));
    assert.equal(small.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(small.json().result.rows, [
      { type: 'blur', count: 10 },
      { type: 'click', count: 10 },
      { type: 'focus', count: 10 },
      { type: 'input', count: 10 },
      { type: 'load', count: 10 },
    ]);
    await eventually(() => s.logs().some((l) => l.msg === 'request' && l.reqId === 'whole-1'), 2000, 'the access-log line');
    const line = s.logs().find((l) => l.msg === 'request' && l.reqId === 'whole-1')!;
    assert.deepEqual({ status: line.status, bytes: line.bytes }, { status: 200, bytes: Buffer.byteLength(small.text) });

    const json = await s.request('/v1/query', { body: { source: 'long' }, headers: { 'X-Request-Id': 'long-1' } });
    assert.equal(json.status, 200);
    assert.ok(json.text.length > WHOLE_ANSWER_CHARS);
    assert.equal(json.headers['transfer-encoding'], 'chunked');
    assert.equal(json.headers['content-length'], undefined);
    const envelope = json.json();
    assert.equal(envelope.result.events.length, 1500);
    assert.deepEqual([envelope.result.events[0].id, envelope.result.events[1499].id], ['long#0', 'long#1499']);
    assert.deepEqual([envelope.stats.scanned, envelope.stats.matched], [1500, 1500]);
    // Logged when the response has closed, which may come just after the client has read it all.
    await eventually(() => s.logs().some((l) => l.msg === 'request' && l.reqId === 'long-1'), 2000, 'the access-log line');
    const logged = s.logs().find((l) => l.msg === 'request' && l.reqId === 'long-1')!;
    assert.deepEqual({ status: logged.status, bytes: logged.bytes }, { status: 200, bytes: Buffer.byteLength(json.text) });

    const ndjson = await s.request('/v1/query?format=ndjson', { body: { source: 'long' } });
    assert.equal(ndjson.headers['transfer-encoding'], 'chunked');
    const lines = ndjson.text.trimEnd().split('\n');
    assert.equal(lines.length, 1500);
    assert.equal(JSON.parse(lines[1499]!).id, 'long#1499');
    assert.deepEqual(JSON.parse(ndjson.trailers['distill-stats']!).scanned, 1500);
  } finally {
    await s.close();
  }
});

test('a small NDJSON answer keeps its trailers (chunked, in one write)', async () => {
  const s = await startTestServer();
  try {
    const r = await s.request('/v1/pipelines/types/run?format=ndjson', { method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.equal(r.headers.trailer, 'Distill-Stats, Distill-Warnings');
    assert.equal(r.text.trimEnd().split('\n').length, 5);
    assert.deepEqual(JSON.parse(r.trailers['distill-stats']!).scanned, 51);
    assert.deepEqual(JSON.parse(r.trailers['distill-warnings']!).map((w: { code: string }) => w.code), ['malformed_json']);
  } finally {
    await s.close();
  }
});
