import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { collectFrame } from '../../../src/core/frame-kinds.js';
import type { ReadContext } from '../../../src/core/source.js';

// The count while reading with several documents handed back by one worker piece (times held as text), a missing
// value kept as its own group (missing: include), and the fields sample's size.

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-groups-'));
  const docs = [
    { clientTime: '2024-01-01T00:00:00Z', type: 'click', userId: 'a' },
    { clientTime: '2024-01-01T00:00:01Z', type: 'focus', userId: 'b' },
    { clientTime: '2024-01-01T00:00:02Z', type: 'blur', userId: 'c' },
    { clientTime: 4, type: 'click' },
    { clientTime: 5, type: 'click', userId: 'a' },
  ];
  await writeFile(path.join(dir, 'a.ndjson'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
});
after(() => rm(dir, { recursive: true, force: true }));

const context = (): ReadContext => ({ warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: 0 });
const step = { op: 'count-by', params: { by: ['user'], explode: false, missing: 'include', sort: 'key', share: false } };

for (const threads of [1, 3]) test(`several documents handed back in one piece each count once; a missing user is a group of its own (${threads} thread(s))`, async () => {
  const source = createFileSource({ id: 'g', paths: ['a.ndjson'], baseDir: dir, mapping: resolveMapping('userale'), threads, parallel: { minBytes: 0, pieceBytes: 1 << 16 } });
  const ctx = context();
  assert.deepEqual(((await collectFrame(source.pushdown!({ query: {}, step }, ctx)!)) as unknown as { rows: unknown[] }).rows, [
    { user: 'a', count: 2 },
    { user: 'b', count: 1 },
    { user: 'c', count: 1 },
    { user: null, count: 1 },
  ]);
  assert.deepEqual([ctx.stats, ctx.warnings.toArray()], [{ scanned: 5, skipped: 0, matched: 5, pushedDown: [] }, []]);
});

test('fields samples exactly `sample` documents', async () => {
  const source = createFileSource({ id: 'g', paths: ['a.ndjson'], baseDir: dir, mapping: resolveMapping('userale') });
  const userId = (await source.fields({ sample: 2 }, context())).find((f) => f.field === 'userId');
  assert.deepEqual([userId?.count, userId?.examples], [2, ['a', 'b']]);
});
