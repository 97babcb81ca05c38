import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, useraleDoc } from './helpers/test-server.js';

/** n UserALE documents of the fixture's shape, all of type `type`. */
const ndjson = (n: number, type: string): string =>
  Array.from({ length: n }, (_, i) => `${JSON.stringify({ ...useraleDoc(i), type })}\n`).join('');
const counts = (r: { json(): { result: { rows: { type: string; count: number }[] } } }): Record<string, number> =>
  Object.fromEntries(r.json().result.rows.map((row) => [row.type, row.count]));

// The answer cache is off (the default): every answer is computed from the file as it is at that request.
test('a named pipeline sees a changed file at the next request: no stale answer', async () => {
  const s = await startTestServer({
    config: async (dir) => {
      await writeFile(path.join(dir, 'changing.ndjson'), ndjson(4, 'click'));
      return { sources: { changing: { kind: 'files', paths: 'changing.ndjson' } }, pipelines: { changing: { source: 'changing', steps: [{ op: 'count-by', by: 'type' }] } } };
    },
  });
  try {
    const file = path.join(s.dir, 'changing.ndjson');
    const run = () => s.request('/v1/pipelines/changing/run', { method: 'POST' });
    const first = await run();
    assert.deepEqual(counts(first), { click: 4 });
    assert.equal(first.headers['distill-cache'], undefined);
    await writeFile(file, ndjson(7, 'input')); // same name, new content (and a new size)
    assert.deepEqual(counts(await run()), { input: 7 });
    await writeFile(file, ndjson(7, 'focus')); // same size, new content
    assert.deepEqual(counts(await run()), { focus: 7 });
    await writeFile(file, `${ndjson(2, 'focus')}{not json\n`);
    const third = await run();
    assert.deepEqual(counts(third), { focus: 2 });
    assert.deepEqual(third.json().warnings.map((w: { code: string; lines: number[] }) => [w.code, w.lines]), [['malformed_json', [3]]]);
    assert.deepEqual(third.json().stats.scanned, 3);
  } finally {
    await s.close();
  }
});

test('concurrent runs of one named pipeline over different sources get independent results, stats and warnings', async () => {
  const s = await startTestServer({
    config: async (dir) => {
      await writeFile(path.join(dir, 'a.ndjson'), ndjson(3, 'click'));
      await writeFile(path.join(dir, 'b.ndjson'), `${ndjson(5, 'input')}42\n`);
      return {
        sources: { a: { kind: 'files', paths: 'a.ndjson' }, b: { kind: 'files', paths: 'b.ndjson' } },
        pipelines: { each: { source: 'a', steps: [{ op: 'count-by', by: 'type' }] } },
      };
    },
  });
  try {
    const replies = await Promise.all(
      Array.from({ length: 24 }, (_, i) => s.request('/v1/pipelines/each/run', i % 2 === 0 ? { method: 'POST' } : { body: { source: 'b' } })),
    );
    for (const [i, r] of replies.entries()) {
      assert.equal(r.status, 200, `request ${i}`);
      const envelope = r.json();
      if (i % 2 === 0) {
        assert.deepEqual(counts(r), { click: 3 }, `request ${i}`);
        assert.deepEqual([envelope.request.source, envelope.source.id, envelope.stats.scanned, envelope.warnings], ['a', 'a', 3, []], `request ${i}`);
      } else {
        assert.deepEqual(counts(r), { input: 5 }, `request ${i}`);
        assert.deepEqual([envelope.request.source, envelope.source.id, envelope.stats.scanned, envelope.stats.skipped], ['b', 'b', 6, 1], `request ${i}`);
        assert.deepEqual(envelope.warnings.map((w: { code: string; lines: number[] }) => [w.code, w.lines]), [['malformed_json', [6]]], `request ${i}`);
      }
    }
  } finally {
    await s.close();
  }
});
