import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm, readdir, stat, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { USERALE_MAPPING } from '../../../src/core/schema/presets/userale.js';
import { collectFrame } from '../../../src/core/frame-kinds.js';
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
  assert.deepEqual(ctx.warnings.toArray().map((w) => w.message), [
    'Lines that are not valid JSON were skipped.',
    'Events with no usable time (clientTime, startTime) were kept without one: they count, time ranges exclude them, sorting by time puts them last.',
    'Documents that are not JSON objects were skipped.',
    'the file ends inside a JSON value (truncated while being written?); the incomplete document was skipped',
  ]);
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

for (const threads of [1, 3]) test(`the scanner reads time and end from mapping fields without a fraction (interval logs: startTime, endTime), as whole documents give (${threads} thread(s))`, async () => {
  // clientTime has a fraction (microTime); startTime and endTime have none, so the projection must name them alone.
  const file = path.join(dir, 'intervals.ndjson');
  const docs = [
    { logType: 'interval', type: 'click', startTime: 10, endTime: 25, userId: 'u' },
    { logType: 'interval', type: 'focus', startTime: '1970-01-01T00:00:00.030Z', endTime: 40 },
    raw(50, 'click', { endTime: 60 }),
  ];
  await writeFile(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const read = async (needs: string[] | undefined) => {
    const ctx = context();
    const one = createFileSource({ id: 'i', paths: ['intervals.ndjson'], baseDir: dir, mapping: resolveMapping('userale'), threads, parallel: { minBytes: 0, pieceBytes: 40 } });
    const events = await collect(one.read({ query: {}, needs }, ctx).batches);
    return { rows: events.map((e) => [e.id, e.type, e.time, e.end]), warnings: ctx.warnings.toArray(), stats: ctx.stats };
  };
  const expected = [
    ['intervals.ndjson#1', 'click', 10, 25],
    ['intervals.ndjson#2', 'focus', 30, 40],
    ['intervals.ndjson#3', 'click', 50.25, 60],
  ];
  const whole = await read(undefined);
  const scanned = await read(['type']);
  assert.deepEqual(whole.rows, expected);
  assert.deepEqual(scanned.rows, expected);
  assert.deepEqual([scanned.warnings, scanned.stats], [[], { scanned: 3, skipped: 0, matched: 3, pushedDown: [] }]);
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
  const units = new Set<string>();
  const ctx = { ...context(), onProgress: (p: { done: number; total?: number | undefined; unit?: string }) => (seen.push(p.done / (p.total ?? 1)), units.add(String(p.unit))) };
  const stream = source().read({ query: {} }, ctx);
  assert.deepEqual([stream.sorted, stream.limited], [false, false]);
  await collect(stream.batches);
  assert.equal(seen.at(-1), 1);
  assert.deepEqual([...units], ['bytes']);
});

test('breaking off early closes the files (no open handles keep the loop alive)', async () => {
  const stream = source().read({ query: {} }, context()).batches;
  for await (const _ of stream) break;
  // a second read of the same files works and the test process exits cleanly
  assert.equal((await collect(source().read({ query: {} }, context()).batches)).length, 7);
});

test('ping: the paths expand and the first file opens; an empty directory is fine; a missing path is source_not_found', async () => {
  assert.equal(await source().ping({}), undefined);
  await mkdir(path.join(dir, 'empty'), { recursive: true });
  assert.equal(await createFileSource({ id: 'e', paths: ['empty'], baseDir: dir, mapping: resolveMapping('userale') }).ping({}), undefined);
  await assert.rejects(createFileSource({ id: 'm', paths: ['missing.ndjson'], baseDir: dir, mapping: resolveMapping('userale') }).ping({}), { code: 'source_not_found' });
});

test('describe names paths relative to the base directory, never absolute: the directory itself, inside and outside it', async () => {
  const inner = path.join(dir, 'logs');
  const one = createFileSource({ id: 'd', paths: ['.', inner, path.join(inner, 'a.ndjson'), '../elsewhere/x.json', 'logs/../logs/c.json'], baseDir: inner, mapping: resolveMapping('userale'), description: 'logs' });
  assert.deepEqual(one.describe(), {
    id: 'd',
    kind: 'files',
    schema: 'userale',
    capabilities: { filter: false, sort: false, aggregate: false },
    description: 'logs',
    details: { paths: ['.', 'logs', 'a.ndjson', '../elsewhere/x.json', 'logs/c.json'] },
  });
  assert.deepEqual([one.id, one.kind, one.capabilities], ['d', 'files', { filter: false, sort: false, aggregate: false }]);
});

test('a file reached twice is read once and the duplicate reported as path_skipped, naming where it is read', async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-files-dup-'));
  try {
    await writeFile(path.join(d, 'a.ndjson'), `${JSON.stringify(raw(1, 'click'))}\n`);
    await symlink(path.join(d, 'a.ndjson'), path.join(d, 'link.ndjson'));
    const ctx = context();
    const one = createFileSource({ id: 'd', paths: ['link.ndjson', 'a.ndjson'], baseDir: d, mapping: resolveMapping('userale') });
    assert.deepEqual((await collect(one.read({ query: {} }, ctx).batches)).map((e) => e.id), ['a.ndjson#1']);
    assert.deepEqual(ctx.warnings.toArray().map((w) => [w.code, w.file, w.message]), [
      ['path_skipped', 'link.ndjson', 'Skipped: the same file reached again through a symbolic link or another pattern: read once (read as a.ndjson).'],
    ]);
    const fifo = context();
    await mkdir(path.join(d, 'sub'));
    await symlink(path.join(d, 'gone.json'), path.join(d, 'sub', 'broken.json'));
    await collect(createFileSource({ id: 'd', paths: ['sub'], baseDir: d, mapping: resolveMapping('userale') }).read({ query: {} }, fifo).batches);
    assert.deepEqual(fifo.warnings.toArray().map((w) => [w.code, w.file, w.message]), [['path_skipped', 'sub/broken.json', 'Skipped: a broken symbolic link.']]);
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});

for (const needs of [undefined, ['type']]) test(`strict mode: exact messages and details for a bad line, a document without a time and damaged gzip; lenient: a damaged_gzip warning (${needs === undefined ? 'whole documents' : 'scanner'})`, async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-files-strict-'));
  try {
    await writeFile(path.join(d, 'bad.ndjson'), `${JSON.stringify(raw(1, 'click'))}\n{oops\n`);
    await writeFile(path.join(d, 'untimed.ndjson'), `${JSON.stringify(raw(1, 'click'))}\n${JSON.stringify({ type: 'x' })}\n`);
    const whole = gzipSync(`${JSON.stringify(raw(1, 'click'))}\n`.repeat(200));
    await writeFile(path.join(d, 'cut.ndjson.gz'), whole.subarray(0, whole.length - 8));
    const read = (file: string, strict: boolean, requireTime = false) => {
      const ctx = context(strict);
      const mapping = requireTime ? resolveMapping({ ...USERALE_MAPPING, requireTime: true }) : resolveMapping('userale');
      return { ctx, run: collect(createFileSource({ id: 's', paths: [file], baseDir: d, mapping, threads: 1 }).read({ query: {}, needs }, ctx).batches) };
    };
    const fails = async (run: Promise<unknown>, message: string, details: unknown) =>
      assert.rejects(run, (e: Error & { code?: string; details?: unknown }) => {
        assert.deepEqual([e.code, e.message, e.details], ['malformed_input', message, details]);
        return true;
      });
    await fails(read('bad.ndjson', true).run, 'bad.ndjson:2: not valid JSON (an unfinished value at the end of the file); the line was skipped.', { file: 'bad.ndjson', line: 2 });
    await fails(read('untimed.ndjson', true, true).run, 'untimed.ndjson:2: Documents with no usable time (clientTime, startTime) were skipped because the "inline" mapping sets requireTime.', { file: 'untimed.ndjson', line: 2 });
    await fails(read('cut.ndjson.gz', true).run, 'cut.ndjson.gz: the gzip data is cut or damaged (unexpected end of file); every complete document before the damage was read', { file: 'cut.ndjson.gz' });
    const lenient = read('cut.ndjson.gz', false);
    assert.equal((await lenient.run).length, 200);
    assert.deepEqual(lenient.ctx.warnings.toArray().map((w) => [w.code, w.file, w.message]), [['damaged_gzip', 'cut.ndjson.gz', 'The gzip data is cut or damaged; every complete document before the damage was read.']]);
    const untimed = read('untimed.ndjson', false, true);
    assert.equal((await untimed.run).length, 1);
    assert.deepEqual([untimed.ctx.stats, untimed.ctx.warnings.toArray().map((w) => [w.code, w.lines])], [{ scanned: 2, skipped: 1, matched: 1, pushedDown: [] }, [['missing_time', [2]]]]);
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});

test('an abort while reading (here at the first progress report) stops the read and the count with AbortedError', async () => {
  const aborting = () => {
    const controller = new AbortController();
    return { ...context(), signal: controller.signal, onProgress: () => controller.abort() };
  };
  await assert.rejects(collect(source().read({ query: {} }, aborting()).batches), { code: 'aborted' });
  const step = { op: 'count-by', params: { by: ['type'], explode: false, missing: 'include', sort: 'key', share: false } };
  await assert.rejects(collectFrame(source().pushdown!({ query: {}, step }, aborting())!), { code: 'aborted' });
});

test('the count plan is made per step, query and strictness: a changed query or a strict run is not counted while reading', async () => {
  const one = source();
  const step = { op: 'count-by', params: { by: ['type'], explode: false, missing: 'include', sort: 'count', share: false } };
  const query = {};
  assert.notEqual(one.pushdown!({ query, step }, context()), undefined);
  assert.equal(one.pushdown!({ query: parseQuery({ where: { field: 'type', op: 'eq', value: 'click' } }), step }, context()), undefined);
  assert.equal(one.pushdown!({ query, step }, context(true)), undefined);
  const again = one.pushdown!({ query, step }, context());
  assert.deepEqual(await collectFrame(again!), {
    kind: 'table',
    columns: [{ name: 'type', type: 'string' }, { name: 'count', type: 'integer' }],
    count: 5,
    rows: [
      { type: 'click', count: 3 },
      { type: 'blur', count: 1 },
      { type: 'focus', count: 1 },
      { type: 'input', count: 1 },
      { type: 'x', count: 1 },
    ],
  });
  assert.equal(one.pushdown!({ query: {}, step: { op: 'stats', params: {} } }, context()), undefined);
});

test('batches: at least 256 events each while a file is read, the rest at its end, never an empty one', async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-files-batches-'));
  try {
    // 4096-byte lines: each 1 MiB read holds exactly 256 documents; 10 KiB lines: about 102 per read.
    const line = (size: number, i: number) => {
      const doc = JSON.stringify({ ...raw(i, 'click'), pad: '' });
      return `${doc.slice(0, -2)}${'x'.repeat(size - doc.length - 1)}"}\n`;
    };
    await writeFile(path.join(d, 'a.ndjson'), Array.from({ length: 600 }, (_, i) => line(4096, i)).join(''));
    await writeFile(path.join(d, 'b.ndjson'), Array.from({ length: 500 }, (_, i) => line(10240, i)).join(''));
    await writeFile(path.join(d, 'c.ndjson'), `${JSON.stringify(raw(1, 'focus'))}\n`);
    const sizes = async (file: string, query = {}) => {
      const out: number[] = [];
      for await (const batch of createFileSource({ id: 'b', paths: [file], baseDir: d, mapping: resolveMapping('userale') }).read({ query }, context()).batches) out.push(batch.length);
      return out;
    };
    assert.deepEqual(await sizes('a.ndjson'), [256, 256, 88]);
    const b = await sizes('b.ndjson');
    assert.deepEqual([b.length, b.reduce((x, y) => x + y, 0), b.slice(0, -1).every((n) => n >= 256)], [2, 500, true]);
    assert.deepEqual(await sizes('c.ndjson', parseQuery({ where: { field: 'type', op: 'eq', value: 'click' } })), []);
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});

test('the scanner and the count while reading skip documents over maxDocumentLength too, and report progress', async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-files-max-'));
  try {
    await writeFile(path.join(d, 'a.ndjson'), `${JSON.stringify(raw(1, 'click'))}\n${JSON.stringify(raw(2, 'x'.repeat(2000)))}\n${JSON.stringify(raw(3, 'focus'))}\n`);
    for (const threads of [1, 3]) {
      const one = createFileSource({ id: 'm', paths: ['a.ndjson'], baseDir: d, mapping: resolveMapping('userale'), maxDocumentLength: 1024, threads, parallel: { minBytes: 0, pieceBytes: 40 } });
      const seen: number[] = [];
      const ctx = { ...context(), onProgress: (p: { done: number; total?: number | undefined }) => seen.push(p.done / (p.total ?? 1)) };
      assert.deepEqual((await collect(one.read({ query: {}, needs: ['type'] }, ctx).batches)).map((e) => e.type), ['click', 'focus']);
      assert.deepEqual([ctx.warnings.toArray().map((w) => [w.code, w.lines]), seen.at(-1)], [[['document_too_large', [2]]], 1]);
      const counted: number[] = [];
      const count = { ...context(), onProgress: (p: { done: number; total?: number | undefined }) => counted.push(p.done / (p.total ?? 1)) };
      const step = { op: 'count-by', params: { by: ['type'], explode: false, missing: 'include', sort: 'key', share: false } };
      assert.deepEqual(((await collectFrame(one.pushdown!({ query: {}, step }, count)!)) as unknown as { rows: unknown[] }).rows, [{ type: 'click', count: 1 }, { type: 'focus', count: 1 }]);
      assert.deepEqual([count.warnings.toArray().map((w) => [w.code, w.lines]), counted.at(-1)], [[['document_too_large', [2]]], 1]);
    }
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});

for (const threads of [1, 3]) test(`unusedRoles naming every string role: the scanner leaves them all unset, ids and times as whole documents give (${threads} thread(s))`, async () => {
  const one = createFileSource({ id: 'u', paths: ['logs/a.ndjson'], baseDir: dir, mapping: resolveMapping('userale'), threads, parallel: { minBytes: 0, pieceBytes: 40 } });
  const roles = ['user', 'session', 'type', 'target', 'path', 'page', 'kind'] as const;
  const events = await collect(one.read({ query: {}, needs: [], unusedRoles: [...roles] }, context()).batches);
  assert.deepEqual(events.map((e) => [e.id, e.time, ...roles.map((r) => e[r])]), [
    ['logs/a.ndjson#1', 1.25, ...roles.map(() => undefined)],
    ['logs/a.ndjson#2', 2.25, ...roles.map(() => undefined)],
    ['logs/a.ndjson#3', undefined, ...roles.map(() => undefined)],
  ]);
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

for (const mode of MODES) test(`a condition the workers apply (kind eq raw): the same events, ids, statistics and warnings as whole documents give (${mode.name})`, async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-files-drop-'));
  try {
    // Lines 1–12: raw and custom logs with and without a time, a text time, and two bad lines (7 is a bare number:
    // not a document of an NDJSON file, so it takes no id).
    const docs: unknown[] = [
      raw(1, 'click'),
      { ...raw(2, 'load'), logType: 'custom' },
      { ...raw(3, 'focus'), logType: 'custom' },
      raw(4, 'blur'),
      { logType: 'custom', type: 'note' },
      { ...raw(0, 'x'), clientTime: '1970-01-01T00:00:00.006Z', logType: 'custom' },
      7,
      { ...raw(8, 'y'), logType: 'interval' },
      raw(9, 'input'),
    ];
    await writeFile(path.join(d, 'a.ndjson'), docs.map((x) => JSON.stringify(x)).join('\n') + '\n{oops\n' + JSON.stringify({ ...raw(11, 'z'), logType: 'custom' }) + '\n' + JSON.stringify(raw(12, 'change')) + '\n');
    const ctx = context();
    const one = createFileSource({ id: 'd', paths: ['a.ndjson'], baseDir: d, mapping: resolveMapping('userale'), threads: mode.threads, parallel: { minBytes: 0, pieceBytes: 40 } });
    const query = parseQuery({ where: { field: 'kind', op: 'eq', value: 'raw' } });
    const events = await collect(one.read({ query, needs: mode.needs }, ctx).batches);
    assert.deepEqual(events.map((e) => [e.id, e.type, e.time]), [
      ['a.ndjson#1', 'click', 1.25],
      ['a.ndjson#4', 'blur', 4.25],
      ['a.ndjson#8', 'input', 9.25],
      ['a.ndjson#10', 'change', 12.25],
    ]);
    assert.deepEqual(ctx.stats, { scanned: 12, skipped: 2, matched: 4, pushedDown: [] });
    assert.deepEqual(
      ctx.warnings.toArray().map((w) => [w.code, w.lines]),
      [
        ['malformed_json', [7, 10]],
        ['missing_time', [5]],
      ],
    );
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});
