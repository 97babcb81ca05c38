import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { parsePipeline } from '../../src/core/pipeline/parse-pipeline.js';
import { AnswerCache, answerFiles, etagOf, fingerprintFiles, noneMatch, RACY_MS, type FileFingerprint } from '../../src/server/answer-cache.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/** n UserALE events of one type, one JSON line each, every line the same length for 5-letter types and n ≤ 10. */
const ndjson = (n: number, type = 'click'): string =>
  Array.from({ length: n }, (_, i) => `${JSON.stringify({ clientTime: 1_700_000_000_000 + i * 1000, type, logType: 'raw', userId: 'u1', sessionId: 's1' })}\n`).join('');
const counts = (r: { json(): { result: { rows: { type: string; count: number }[] } } }): Record<string, number> =>
  Object.fromEntries(r.json().result.rows.map((row) => [row.type, row.count]));
/** Let the file system's coarse clock (one jiffy, a few ms) move on, so the next change gets a new ctime. */
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

/** A server with the (opt-in) answer cache on, 1 MiB, unless `answerCacheBytes` says otherwise (undefined: the default, off). */
async function server(options: { clockAheadMs?: number; answerCacheBytes?: number | undefined } = {}): Promise<TestServer> {
  const answerCacheBytes = 'answerCacheBytes' in options ? options.answerCacheBytes : 2 ** 20;
  return startTestServer({
    // An app clock ahead of the files' times makes them "not racy" at once (see RACY_MS); without it, the real clock.
    ...(options.clockAheadMs === undefined ? {} : { now: () => Date.now() + options.clockAheadMs! }),
    ...(answerCacheBytes === undefined ? {} : { limits: { answerCacheBytes } }),
    config: async (dir) => {
      await writeFile(path.join(dir, 'small.ndjson'), ndjson(10));
      await writeFile(path.join(dir, 'other.ndjson'), ndjson(3, 'input'));
      return {
        sources: { small: { kind: 'files', paths: 'small.ndjson' }, globbed: { kind: 'files', paths: '*.ndjson' } },
        pipelines: {
          small: { source: 'small', steps: [{ op: 'count-by', by: 'type', sort: 'key' }] },
          recent: { source: 'small', query: { time: { from: 'now-7d' } }, steps: [{ op: 'count-by', by: 'type' }] },
          globbed: { source: 'globbed', steps: [{ op: 'count-by', by: 'type' }] },
        },
      };
    },
  });
}

test('a named pipeline over unchanged files: miss, then hit with the same bytes and ETag; If-None-Match gives 304', async () => {
  const s = await server({ clockAheadMs: 10_000 });
  try {
    const first = await s.request('/v1/pipelines/small/run', { method: 'POST' });
    assert.equal(first.status, 200);
    assert.equal(first.headers['distill-cache'], 'miss');
    assert.deepEqual(counts(first), { click: 10 });
    assert.equal(first.headers['content-length'], String(Buffer.byteLength(first.text)));
    assert.equal(first.headers.etag, etagOf(Buffer.from(first.text)));
    assert.equal(s.app.serverEnv.answers.size, 1);
    assert.equal(s.app.serverEnv.answers.bytes, Buffer.byteLength(first.text));

    const second = await s.request('/v1/pipelines/small/run', { method: 'POST' });
    assert.equal(second.headers['distill-cache'], 'hit');
    assert.equal(second.text, first.text);
    assert.equal(second.headers.etag, first.headers.etag);
    assert.equal(second.headers['cache-control'], 'no-store');
    assert.match(String(second.headers['x-request-id']), /^[0-9a-f-]{36}$/);

    const etag = String(first.headers.etag);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const notModified = await s.request('/v1/pipelines/small/run', { method: 'POST', headers: { 'If-None-Match': header } });
      assert.equal(notModified.status, 304, header);
      assert.equal(notModified.text, '');
      assert.equal(notModified.headers.etag, etag);
    }
    const modified = await s.request('/v1/pipelines/small/run', { method: 'POST', headers: { 'If-None-Match': '"other"' } });
    assert.equal(modified.status, 200);
    assert.equal(modified.text, first.text);
    // The access log has a line per request, hits included.
    assert.equal(s.logs().filter((l) => l.msg === 'request' && l.path === '/v1/pipelines/small/run').length, 7);
    // A source override or strict is a different answer.
    const strict = await s.request('/v1/pipelines/small/run', { body: { strict: false } });
    assert.equal(strict.headers['distill-cache'], 'miss');
    assert.equal(s.app.serverEnv.answers.size, 2);
  } finally {
    await s.close();
  }
});

test('every kind of change to a file is seen: same size rewritten with the old mtime, appended, replaced by a rename', async () => {
  const s = await server({ clockAheadMs: 10_000 });
  const file = path.join(s.dir, 'small.ndjson');
  try {
    const fixed = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await utimes(file, fixed, fixed);
    await tick();
    assert.equal((await s.request('/v1/pipelines/small/run', { method: 'POST' })).headers['distill-cache'], 'miss');
    assert.equal((await s.request('/v1/pipelines/small/run', { method: 'POST' })).headers['distill-cache'], 'hit');

    // Same size, same mtime (put back), same inode: only the ctime tells.
    const before = await stat(file);
    await tick();
    await writeFile(file, ndjson(10, 'focus'));
    await utimes(file, fixed, fixed);
    const after = await stat(file);
    assert.deepEqual([after.size, after.mtimeMs, after.ino], [before.size, before.mtimeMs, before.ino]);
    const rewritten = await s.request('/v1/pipelines/small/run', { method: 'POST' });
    assert.equal(rewritten.headers['distill-cache'], 'miss');
    assert.deepEqual(counts(rewritten), { focus: 10 });

    // Appended.
    await tick();
    await appendFile(file, ndjson(3, 'input'));
    const appended = await s.request('/v1/pipelines/small/run', { method: 'POST' });
    assert.equal(appended.headers['distill-cache'], 'miss');
    assert.deepEqual(counts(appended), { focus: 10, input: 3 });
    assert.equal((await s.request('/v1/pipelines/small/run', { method: 'POST' })).headers['distill-cache'], 'hit');

    // Replaced by a rename (a new inode), same content length as before.
    await tick();
    await writeFile(`${file}.new`, `${ndjson(10, 'click')}${ndjson(3, 'input')}`);
    await rename(`${file}.new`, file);
    const replaced = await s.request('/v1/pipelines/small/run', { method: 'POST' });
    assert.equal(replaced.headers['distill-cache'], 'miss');
    assert.deepEqual(counts(replaced), { click: 10, input: 3 });
    assert.equal(s.app.serverEnv.answers.size, 1);
  } finally {
    await s.close();
  }
});

test(`a file changed less than ${RACY_MS} ms before the read is never kept; the answer is still sent with its ETag`, async () => {
  const s = await server(); // the real clock: the fixture was just written
  try {
    for (let i = 0; i < 2; i++) {
      const r = await s.request('/v1/pipelines/small/run', { method: 'POST' });
      assert.equal(r.headers['distill-cache'], 'miss');
      assert.equal(r.headers.etag, etagOf(Buffer.from(r.text)));
      assert.deepEqual(counts(r), { click: 10 });
    }
    assert.equal(s.app.serverEnv.answers.size, 0);
  } finally {
    await s.close();
  }
});

test('not cached: globs, date math relative to now, NDJSON, paging, and a server with the default answerCacheBytes (0: off)', async () => {
  const s = await server({ clockAheadMs: 10_000 });
  const off = await server({ clockAheadMs: 10_000, answerCacheBytes: undefined });
  try {
    for (const name of ['globbed', 'recent']) {
      const r = await s.request(`/v1/pipelines/${name}/run`, { method: 'POST' });
      assert.equal(r.status, 200, name);
      assert.equal(r.headers['distill-cache'], undefined, name);
      assert.equal(r.headers.etag, undefined, name);
    }
    const ndjsonReply = await s.request('/v1/pipelines/small/run?format=ndjson', { method: 'POST' });
    assert.equal(ndjsonReply.headers['distill-cache'], undefined);
    const paged = await s.request('/v1/pipelines/small/run?limit=2', { method: 'POST' });
    assert.equal(paged.headers['distill-cache'], undefined);
    assert.equal(paged.json().page.limit, 2);
    assert.equal(s.app.serverEnv.answers.size, 0);
    const r = await off.request('/v1/pipelines/small/run', { method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['distill-cache'], undefined);
    // Computed now (no ETag, no Distill-Cache), and sent whole as every answer under 64 KiB is.
    assert.equal(r.headers.etag, undefined);
    assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.text)));
    assert.deepEqual(counts(r), { click: 10 });
    assert.equal(off.app.serverEnv.answers.enabled, false);
  } finally {
    await s.close();
    await off.close();
  }
});

test('AnswerCache: bounded by maxBytes (least recently used out first), entries over the limit are not kept', () => {
  const prints: FileFingerprint[] = [[1n, 2n, 3n, 4n, 5n]];
  const old = Date.now() + 60_000; // reads "begun" a minute after the files' times: not racy
  const answer = (text: string) => ({ body: Buffer.from(text), etag: etagOf(Buffer.from(text)) });
  const cache = new AnswerCache(10);
  assert.equal(cache.set('a', answer('aaaa'), prints, prints, old), true);
  assert.equal(cache.set('b', answer('bbbb'), prints, prints, old), true);
  assert.equal(cache.get('a', prints)?.body.toString(), 'aaaa'); // a is now the most recently used
  assert.equal(cache.set('c', answer('cccc'), prints, prints, old), true); // 12 bytes > 10: b goes
  assert.deepEqual([cache.get('b', prints), cache.get('a', prints)?.body.toString(), cache.get('c', prints)?.body.toString()], [undefined, 'aaaa', 'cccc']);
  assert.equal(cache.bytes, 8);
  assert.equal(cache.set('d', answer('x'.repeat(11)), prints, prints, old), false);
  // Different fingerprints: no answer, and the stale entry is dropped.
  assert.equal(cache.get('a', [[1n, 2n, 3n, 4n, 6n]]), undefined);
  assert.deepEqual([cache.size, cache.bytes], [1, 4]);
  // Changed during the run, or racy (mtime or ctime within RACY_MS of the read's start): not kept.
  assert.equal(cache.set('e', answer('e'), prints, [[1n, 2n, 3n, 9n, 5n]], old), false);
  assert.equal(cache.set('e', answer('e'), prints, undefined, old), false);
  const at = 1_700_000_000_000;
  const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;
  assert.equal(cache.set('e', answer('e'), [[1n, 2n, 3n, ns(at - RACY_MS), ns(at - RACY_MS - 1)]], [[1n, 2n, 3n, ns(at - RACY_MS), ns(at - RACY_MS - 1)]], at), false);
  assert.equal(cache.set('e', answer('e'), [[1n, 2n, 3n, ns(at - RACY_MS - 1), ns(at - RACY_MS)]], [[1n, 2n, 3n, ns(at - RACY_MS - 1), ns(at - RACY_MS)]], at), false);
  assert.equal(cache.set('e', answer('e'), [[1n, 2n, 3n, ns(at - RACY_MS - 1), ns(at - RACY_MS - 1)]], [[1n, 2n, 3n, ns(at - RACY_MS - 1), ns(at - RACY_MS - 1)]], at), true);
  assert.equal(new AnswerCache(0).set('a', answer('a'), prints, prints, old), false);
});

test('If-None-Match: exact, weak, lists and * match; anything else does not', () => {
  assert.deepEqual(
    [noneMatch('"x"', '"x"'), noneMatch('W/"x"', '"x"'), noneMatch(' "a" , "x" ', '"x"'), noneMatch('*', '"x"'), noneMatch('"y"', '"x"'), noneMatch('', '"x"'), noneMatch(undefined, '"x"'), noneMatch('x', '"x"')],
    [true, true, true, true, false, false, false, false],
  );
});

test('answerFiles: literal paths of a files source with built-in operators and no relative time; fingerprints of regular files only', async () => {
  const registry = createRegistry();
  const parse = (doc: Record<string, unknown>) => parsePipeline({ source: 'x', ...doc }, { registry, defaultSource: 'x' });
  const countBy = parse({ steps: [{ op: 'count-by', by: 'type' }] });
  const files = { kind: 'files', paths: ['a.ndjson', '/abs/b.ndjson'] };
  assert.deepEqual(answerFiles(countBy, files, '/base', registry), ['/base/a.ndjson', '/abs/b.ndjson']);
  assert.deepEqual(answerFiles(countBy, { kind: 'files', paths: 'a.ndjson' }, '/base', registry), ['/base/a.ndjson']);
  assert.equal(answerFiles(countBy, { kind: 'elasticsearch' }, '/base', registry), undefined);
  assert.equal(answerFiles(countBy, undefined, '/base', registry), undefined);
  for (const glob of ['*.ndjson', 'logs/**/x.json', 'a?.json', 'a[12].json', '{a,b}.json']) assert.equal(answerFiles(countBy, { kind: 'files', paths: glob }, '/base', registry), undefined, glob);
  assert.equal(answerFiles(parse({ query: { time: { from: 'now-1d/d' } }, steps: [{ op: 'count-by', by: 'type' }] }), files, '/base', registry), undefined);
  assert.equal(answerFiles(parse({ steps: [{ op: 'filter', where: { field: 'time', op: 'gte', value: ' now-1h' } }, { op: 'count-by', by: 'type' }] }), files, '/base', registry), undefined);
  const withPlugin = registry.clone().register({ ...registry.get('count-by'), name: 'my-count' }, '/plugins/my-count.mjs');
  const pluginPipeline = parsePipeline({ source: 'x', steps: [{ op: 'my-count', by: 'type' }] }, { registry: withPlugin, defaultSource: 'x' });
  assert.equal(answerFiles(pluginPipeline, files, '/base', withPlugin), undefined);
  const s = await server();
  try {
    const small = path.join(s.dir, 'small.ndjson');
    const st = await stat(small, { bigint: true });
    assert.deepEqual(fingerprintFiles([small]), [[st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs]]);
    assert.equal(fingerprintFiles([small, s.dir]), undefined);
    assert.equal(fingerprintFiles([small, path.join(s.dir, 'gone.ndjson')]), undefined);
  } finally {
    await s.close();
  }
});
