import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm, readdir, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import type { ReadContext } from '../../../src/core/source.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { collect } from '../../helpers/events.js';

let dir = '';
const raw = (t: number, type: string, extra: Record<string, unknown> = {}) => ({ clientTime: t, microTime: 0.25, type, logType: 'raw', userId: 'u', sessionId: 's', ...extra });

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-files-'));
  await mkdir(path.join(dir, 'logs'));
  await writeFile(path.join(dir, 'logs', 'a.ndjson'), [raw(1, 'click'), raw(2, 'focus')].map((d) => JSON.stringify(d)).join('\n') + '\n{oops\n' + JSON.stringify({ logType: 'custom', type: 'x' }) + '\n');
  await writeFile(path.join(dir, 'logs', 'b.json.gz'), gzipSync(JSON.stringify([raw(3, 'click'), raw(4, 'blur'), 7], null, 2)));
  await writeFile(path.join(dir, 'logs', 'c.json'), '[' + JSON.stringify(raw(5, 'click')) + ',\n' + JSON.stringify(raw(6, 'input')) + ',\n{"clientTime": 7, "ty');
});
after(() => rm(dir, { recursive: true, force: true }));

function context(strict = false): ReadContext {
  return { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict, now: 0 };
}

const source = (threads = 1) =>
  createFileSource({ id: 'logs', paths: ['logs'], baseDir: dir, mapping: resolveMapping('userale'), threads, parallel: { minBytes: 0, pieceBytes: 40 } });

/** The same reads whole, and with the projection-aware scanner on this thread and on 3 workers over tiny pieces. */
const MODES = [
  { name: 'whole documents', threads: 1, needs: undefined },
  { name: 'scanner, 1 thread', threads: 1, needs: ['type'] },
  { name: 'scanner, 3 threads', threads: 3, needs: ['type'] },
] as const;

for (const mode of MODES) test(`reads NDJSON, gzipped JSON arrays and a truncated array from a directory, with exact counts and warnings (${mode.name})`, async () => {
  const ctx = context();
  const events = await collect(source(mode.threads).read({ query: {}, needs: mode.needs }, ctx).batches);
  assert.deepEqual(events.map((e) => [e.id, e.type, e.time]), [
    ['logs/a.ndjson#1', 'click', 1.25],
    ['logs/a.ndjson#2', 'focus', 2.25],
    ['logs/a.ndjson#3', 'x', undefined],
    ['logs/b.json.gz#1', 'click', 3.25],
    ['logs/b.json.gz#2', 'blur', 4.25],
    ['logs/c.json#1', 'click', 5.25],
    ['logs/c.json#2', 'input', 6.25],
  ]);
  assert.deepEqual(ctx.stats, { scanned: 10, skipped: 3, matched: 7, pushedDown: [] });
  assert.deepEqual(
    ctx.warnings.toArray().map((w) => [w.code, w.file, w.lines, w.count]),
    [
      ['malformed_json', 'logs/a.ndjson', [3], 1],
      ['missing_time', 'logs/a.ndjson', [4], 1],
      ['not_an_object', 'logs/b.json.gz', [18], 1],
      ['truncated_json', 'logs/c.json', [3], 1],
    ],
  );
});

for (const threads of [1, 3]) test(`unusedRoles: the scanner leaves unread roles (path, page) unset and every other role, id, time and warning as whole documents give (${threads} thread(s))`, async () => {
  const file = path.join(dir, 'roles.ndjson');
  const docs = [raw(1, 'click', { path: ['button#b', 'body', 'html'], target: 'button#b', pageUrl: 'https://x/a' }), raw(2, 'focus', { path: ['input'], target: 'input' }), { type: 'x', path: [] }];
  await writeFile(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const read = async (request: { needs?: string[]; unusedRoles?: ('path' | 'page')[] }) => {
    const ctx = context();
    const one = createFileSource({ id: 'r', paths: ['roles.ndjson'], baseDir: dir, mapping: resolveMapping('userale'), threads, parallel: { minBytes: 0, pieceBytes: 40 } });
    const events = await collect(one.read({ query: {}, ...request }, ctx).batches);
    return { events: events.map(({ doc: _doc, ...rest }) => rest), warnings: ctx.warnings.toArray(), stats: ctx.stats };
  };
  const whole = await read({});
  const scanned = await read({ needs: ['type'], unusedRoles: ['path', 'page'] });
  assert.deepEqual(scanned.events.map((e) => [e.path, e.page]), [[undefined, undefined], [undefined, undefined], [undefined, undefined]]);
  assert.deepEqual(whole.events.map((e) => [e.type, e.path, e.page]), [['click', ['button#b', 'body', 'html'], 'https://x/a'], ['focus', ['input'], undefined], ['x', undefined, undefined]]);
  assert.deepEqual(scanned.events, whole.events.map((e) => ({ ...e, path: undefined, page: undefined })));
  assert.deepEqual(scanned.warnings, whole.warnings);
  assert.deepEqual(scanned.stats, whole.stats);
});

test('the query filters and projects in the source', async () => {
  const ctx = context();
  const query = parseQuery({ where: { field: 'type', op: 'eq', value: 'click' }, fields: ['logType'] });
  const events = await collect(source().read({ query }, ctx).batches);
  assert.deepEqual(events.map((e) => e.id), ['logs/a.ndjson#1', 'logs/b.json.gz#1', 'logs/c.json#1']);
  assert.deepEqual(events[0]!.doc, { logType: 'raw' });
  assert.equal(ctx.stats.matched, 3);
});

for (const mode of MODES) test(`strict mode turns the first skippable problem into malformed_input naming file and line (${mode.name})`, async () => {
  await assert.rejects(collect(source(mode.threads).read({ query: {}, needs: mode.needs }, context(true)).batches), (e: unknown) => {
    assert.equal((e as { code: string }).code, 'malformed_input');
    assert.match((e as Error).message, /^logs\/a\.ndjson:3: /);
    return true;
  });
});

test('read-only: no file is created, modified or locked next to the sources', async () => {
  const before = await snapshot(dir);
  await collect(source().read({ query: {} }, context()).batches);
  await source().fields({ sample: 10 }, context());
  assert.deepEqual(await snapshot(dir), before);
});

test('fields samples documents across files', async () => {
  const fields = await source().fields({ sample: 3 }, context());
  const clientTime = fields.find((f) => f.field === 'clientTime');
  assert.deepEqual(clientTime, { field: 'clientTime', types: ['integer'], count: 2, roles: ['time'], examples: [1, 2] });
});

test('progress reports bytes read against the total', async () => {
  const seen: number[] = [];
  const ctx = { ...context(), onProgress: (p: { done: number; total?: number | undefined }) => seen.push(p.done / (p.total ?? 1)) };
  await collect(source().read({ query: {} }, ctx).batches);
  assert.equal(seen.at(-1), 1);
});

test('breaking off early closes the files (no open handles keep the loop alive)', async () => {
  const stream = source().read({ query: {} }, context()).batches;
  for await (const _ of stream) break;
  // a second read of the same files works and the test process exits cleanly
  assert.equal((await collect(source().read({ query: {} }, context()).batches)).length, 7);
});

async function snapshot(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const s = await stat(full);
    out.push(`${path.relative(root, full)} ${s.size} ${s.mtimeMs} ${entry.isFile() ? (await readFile(full)).toString('base64').length : 'dir'}`);
  }
  return out.sort();
}
