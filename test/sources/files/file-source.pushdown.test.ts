import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { USERALE_MAPPING } from '../../../src/core/schema/presets/userale.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { collectFrame } from '../../../src/core/frame-kinds.js';
import type { ReadContext } from '../../../src/core/source.js';

// The count-by pushdown of the file source (counted while reading): exact rows, statistics and warnings over
// NDJSON read by workers in tiny pieces, gzip and a truncated array read on this thread, documents the workers hand
// over (times held as text), documents that are not objects and documents without a time.

let dir = '';
const raw = (t: number | string, type: string, extra: Record<string, unknown> = {}) => ({ clientTime: t, microTime: 0.25, type, logType: 'raw', userId: 'u', sessionId: 's', ...extra });

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-pushdown-'));
  await mkdir(path.join(dir, 'logs'));
  const lines = [raw(1, 'click'), raw(2, 'focus', { userId: 'v' }), { logType: 'custom', type: 'x' }, [5], raw('2024-01-01T00:00:00Z', 'click', { userId: 'v' })];
  await writeFile(path.join(dir, 'logs', 'a.ndjson'), lines.map((d) => JSON.stringify(d)).join('\n') + '\n{oops\n');
  await writeFile(path.join(dir, 'logs', 'b.json.gz'), gzipSync(JSON.stringify([raw(3, 'click'), raw(4, 'blur', { userId: 'v' }), 7], null, 2)));
  await writeFile(path.join(dir, 'logs', 'c.json'), '[' + JSON.stringify(raw(5, 'click')) + ',\n' + JSON.stringify({ clientTime: 9, type: 'y' }) + ',\n{"clientTime": 7, "ty');
});
after(() => rm(dir, { recursive: true, force: true }));

function context(strict = false): ReadContext {
  return { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict, now: 0 };
}
const countBy = (params: Record<string, unknown>) => ({ op: 'count-by', params: { explode: false, missing: 'include', sort: 'key', share: false, ...params } });
const source = (threads: number, requireTime = false) =>
  createFileSource({
    id: 'logs',
    paths: ['logs'],
    baseDir: dir,
    mapping: requireTime ? resolveMapping({ ...USERALE_MAPPING, requireTime: true }) : resolveMapping('userale'),
    threads,
    parallel: { minBytes: 0, pieceBytes: 40 },
  });

const UNTIMED = 'Events with no usable time (clientTime, startTime) were kept without one: they count, time ranges exclude them, sorting by time puts them last.';
const NOT_AN_OBJECT = 'Documents that are not JSON objects were skipped.';

for (const threads of [1, 3]) {
  test(`count-by one role counted while reading: rows, statistics and warnings in file order (${threads} thread(s))`, async () => {
    const ctx = context();
    const frame = source(threads).pushdown!({ query: {}, step: countBy({ by: ['type'] }) }, ctx);
    assert.ok(frame !== undefined);
    assert.deepEqual(await collectFrame(frame), {
      kind: 'table',
      columns: [{ name: 'type', type: 'string' }, { name: 'count', type: 'integer' }],
      count: 5,
      rows: [
        { type: 'blur', count: 1 },
        { type: 'click', count: 4 },
        { type: 'focus', count: 1 },
        { type: 'x', count: 1 },
        { type: 'y', count: 1 },
      ],
    });
    assert.deepEqual(ctx.stats, { scanned: 12, skipped: 4, matched: 8, pushedDown: [] });
    const expectedWarnings = [
      ['missing_time', 'logs/a.ndjson', [3], 1],
      ['not_an_object', 'logs/a.ndjson', [4], 1],
      ['malformed_json', 'logs/a.ndjson', [6], 1],
      ['not_an_object', 'logs/b.json.gz', [18], 1],
      ['truncated_json', 'logs/c.json', [3], 1],
    ];
    assert.deepEqual(ctx.warnings.toArray().map((w) => [w.code, w.file, w.lines, w.count]), expectedWarnings);
    assert.deepEqual(ctx.warnings.toArray().filter((w) => w.code === 'missing_time' || w.code === 'not_an_object').map((w) => w.message), [UNTIMED, NOT_AN_OBJECT, NOT_AN_OBJECT]);
    // Reading the events gives the same statistics and warnings.
    const read = context();
    for await (const _ of source(threads).read({ query: {}, needs: ['type'] }, read).batches);
    assert.deepEqual([read.stats, read.warnings.toArray()], [ctx.stats, ctx.warnings.toArray()]);
  });

  test(`count-by two roles with share and missing: skip, and a mapping that requires a time (${threads} thread(s))`, async () => {
    const ctx = context();
    const frame = source(threads, true).pushdown!({ query: {}, step: countBy({ by: ['user', 'type'], share: true, missing: 'skip' }) }, ctx);
    assert.ok(frame !== undefined);
    assert.deepEqual(await collectFrame(frame), {
      kind: 'table',
      columns: [{ name: 'user', type: 'string' }, { name: 'type', type: 'string' }, { name: 'count', type: 'integer' }, { name: 'share', type: 'number' }],
      count: 4,
      // c.json's y has a time and no user: counted, then left out by missing: skip (the shares are of the 6 kept)
      rows: [
        { user: 'u', type: 'click', count: 3, share: 0.5 },
        { user: 'v', type: 'blur', count: 1, share: 1 / 6 },
        { user: 'v', type: 'click', count: 1, share: 1 / 6 },
        { user: 'v', type: 'focus', count: 1, share: 1 / 6 },
      ],
    });
    assert.deepEqual(ctx.stats, { scanned: 12, skipped: 5, matched: 7, pushedDown: [] });
    assert.deepEqual(
      ctx.warnings.toArray().map((w) => [w.code, w.file, w.lines, w.count]),
      [
        ['missing_time', 'logs/a.ndjson', [3], 1],
        ['not_an_object', 'logs/a.ndjson', [4], 1],
        ['malformed_json', 'logs/a.ndjson', [6], 1],
        ['not_an_object', 'logs/b.json.gz', [18], 1],
        ['truncated_json', 'logs/c.json', [3], 1],
      ],
    );
    assert.equal(ctx.warnings.toArray()[0]!.message, 'Documents with no usable time (clientTime, startTime) were skipped because the "inline" mapping sets requireTime.');
  });
}
