import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { descriptorsOn } from '../../../helpers/descriptors.js';
import { readFileDocuments } from '../../../../src/sources/files/scan/read-file-documents.js';
import { lineAlignedBounds } from '../../../../src/sources/files/scan/line-aligned-bounds.js';
import type { ParseProblem } from '../../../../src/sources/files/parse-documents.js';

let dir = '';
let file = '';
const NEEDS = ['type', 'n'];

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-parallel-'));
  file = path.join(dir, 'big.ndjson');
  const lines: string[] = [];
  for (let i = 1; i <= 5000; i++) {
    if (i % 777 === 0) lines.push('{broken');
    else if (i % 101 === 0) lines.push('');
    else lines.push(JSON.stringify({ type: `t${i % 13}`, n: i, pad: 'x'.repeat(i % 50), path: ['a', 'b'] }));
  }
  await writeFile(file, lines.join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function read(options: Parameters<typeof readFileDocuments>[3], stopAfter = Infinity) {
  const problems: ParseProblem[] = [];
  const batches: [unknown, number][][] = [];
  for await (const batch of readFileDocuments(file, NEEDS, (p) => problems.push(p), options)) {
    batches.push(batch.map((d) => [d.doc, d.line]));
    if (batches.length >= stopAfter) break;
  }
  return { batches, problems };
}

test('piece bounds fall just after a newline, cover the file and end at its size', async () => {
  const bounds = await lineAlignedBounds(file, (await import('node:fs')).statSync(file).size, 10_000);
  const text = (await import('node:fs')).readFileSync(file);
  assert.equal(bounds[0], 0);
  assert.equal(bounds.at(-1), text.length);
  for (const b of bounds.slice(1, -1)) assert.equal(text[b - 1], 10);
  assert.ok(bounds.length > 20);
});

test('4 workers over small pieces give the single-threaded batches, lines and problems exactly', async () => {
  const one = await read({ threads: 1 });
  const many = await read({ threads: 4, parallelMinBytes: 0, pieceBytes: 7_000 });
  assert.deepEqual(many, one);
  assert.equal(one.problems.length, 6);
  assert.deepEqual(one.problems.map((p) => p.line), [777, 1554, 2331, 3108, 3885, 4662]);
  assert.deepEqual(one.batches[0]![0], [{ type: 't1', n: 1 }, 1]);
});

test('stopping early terminates the workers and closes the file', async () => {
  const exited: number[] = [];
  const createWorker = (text: string): Worker => {
    const w = new Worker(text, { eval: true });
    w.on('exit', (code) => exited.push(code));
    return w;
  };
  const { batches } = await read({ threads: 3, parallelMinBytes: 0, pieceBytes: 5_000, createWorker }, 2);
  assert.equal(batches.length, 2);
  assert.equal(exited.length, 3);
  assert.equal(descriptorsOn(file), 0);
});

test('workers that cannot be created: the same result on this thread', async () => {
  const one = await read({ threads: 1 });
  const failing = await read({
    threads: 3,
    parallelMinBytes: 0,
    pieceBytes: 5_000,
    createWorker: () => {
      throw new Error('ERR_WORKER_INIT_FAILED (injected)');
    },
  });
  assert.deepEqual(failing, one);
});

test('workers that crash before producing anything: the same result on this thread', async () => {
  const one = await read({ threads: 1 });
  const crashing = await read({
    threads: 2,
    parallelMinBytes: 0,
    pieceBytes: 5_000,
    createWorker: () => new Worker('throw new Error("injected crash")', { eval: true }),
  });
  assert.deepEqual(crashing, one);
  assert.equal(descriptorsOn(file), 0);
});

test('workers that die part-way through a file: the read ends with source_unavailable naming the file, never a silent gap or a repeat', async () => {
  // Over 1 MiB, so documents are handed on (one batch per 1 MiB reference chunk) before the workers are killed.
  const big = path.join(dir, 'dies.ndjson');
  const lines: string[] = [];
  for (let i = 1; i <= 30_000; i++) lines.push(JSON.stringify({ type: `t${i % 13}`, n: i, pad: 'x'.repeat(40) }));
  await writeFile(big, lines.join('\n') + '\n');
  const workers: Worker[] = [];
  let delivered = 0;
  await assert.rejects(
    (async () => {
      const createWorker = (text: string): Worker => {
        const worker = new Worker(text, { eval: true });
        workers.push(worker);
        return worker;
      };
      const options = { threads: 2, parallelMinBytes: 0, pieceBytes: 5_000, createWorker };
      for await (const batch of readFileDocuments(big, NEEDS, () => undefined, options)) {
        delivered += batch.length;
        if (workers.length > 0) await Promise.all(workers.splice(0).map((w) => w.terminate()));
      }
    })(),
    (error: Error & { code?: string; details?: { file?: string } }) => {
      assert.equal(error.code, 'source_unavailable');
      assert.equal(error.details?.file, big);
      assert.match(error.message, /a worker thread failed part-way through the file/);
      return true;
    },
  );
  assert.ok(delivered > 0 && delivered < 30_000, `delivered ${delivered}`);
});

test('an abort during a parallel read of the file source stops it with AbortedError and releases the file', async () => {
  const { createFileSource } = await import('../../../../src/sources/files/file-source.js');
  const { resolveMapping } = await import('../../../../src/core/schema/resolve-mapping.js');
  const { WarningCollector } = await import('../../../../src/core/warnings.js');
  const source = createFileSource({ id: 'f', paths: [file], baseDir: dir, mapping: resolveMapping('userale'), threads: 3, parallel: { minBytes: 0, pieceBytes: 5_000 } });
  const controller = new AbortController();
  const context = { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: 0, signal: controller.signal };
  let seen = 0;
  await assert.rejects(
    (async () => {
      for await (const batch of source.read({ query: {}, needs: ['type'] }, context).batches) {
        seen += batch.length;
        controller.abort();
      }
    })(),
    (error: Error & { code?: string }) => error.code === 'aborted',
  );
  assert.ok(seen > 0 && seen < 5000);
  assert.equal(descriptorsOn(file), 0);
});

test('a count-by counted while reading: exact rows and warnings on 3 workers, and an abort part-way stops it with AbortedError, terminates the workers and releases the file', async () => {
  const { createFileSource } = await import('../../../../src/sources/files/file-source.js');
  const { resolveMapping } = await import('../../../../src/core/schema/resolve-mapping.js');
  const { WarningCollector } = await import('../../../../src/core/warnings.js');
  const { collectFrame } = await import('../../../../src/core/frame-kinds.js');
  const step = { op: 'count-by', params: { by: ['type'], explode: false, missing: 'include', sort: 'key', share: false } };
  const source = createFileSource({ id: 'f', paths: [file], baseDir: dir, mapping: resolveMapping('userale'), threads: 3, parallel: { minBytes: 0, pieceBytes: 5_000 } });
  const context = (signal?: AbortSignal, onProgress?: () => void) => ({
    warnings: new WarningCollector(),
    stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] as string[] },
    strict: false,
    now: 0,
    signal,
    onProgress,
  });
  const full = context();
  const pushed = (c: ReturnType<typeof context>) => {
    const frame = source.pushdown!({ query: {}, step }, c);
    assert.ok(frame !== undefined, 'counted while reading');
    return collectFrame(frame);
  };
  const table = await pushed(full);
  // 5000 lines: 6 broken ('{broken' every 777th), 49 blank; the rest t0..t12, none with a time.
  const expected = new Map<string, number>();
  for (let i = 1; i <= 5000; i++) if (i % 777 !== 0 && i % 101 !== 0) expected.set(`t${i % 13}`, (expected.get(`t${i % 13}`) ?? 0) + 1);
  assert.deepEqual(
    table,
    { kind: 'table', columns: [{ name: 'type', type: 'string' }, { name: 'count', type: 'integer' }], count: 13, rows: [...expected].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([type, count]) => ({ type, count })) },
  );
  assert.deepEqual(full.stats, { scanned: 5000 - 49, skipped: 6, matched: 5000 - 49 - 6, pushedDown: [] });
  const warnings = full.warnings.toArray();
  // As the reference reader reports them: a chunk's problems before its documents (the file is one 1 MiB chunk).
  assert.deepEqual(warnings.map((w) => [w.code, w.count, w.lines?.slice(0, 3)]), [
    ['malformed_json', 6, [777, 1554, 2331]],
    ['missing_time', 5000 - 49 - 6, [1, 2, 3]],
  ]);
  const read = context();
  let events = 0;
  for await (const batch of source.read({ query: {}, needs: ['type'] }, read).batches) events += batch.length;
  assert.equal(events, 5000 - 49 - 6);
  assert.deepEqual([read.stats, read.warnings.toArray()], [full.stats, warnings]);
  // Abort at the first progress report: the read stops, the workers end, the file is closed.
  const controller = new AbortController();
  const aborting = context(controller.signal, () => controller.abort());
  await assert.rejects(pushed(aborting), (error: Error & { code?: string }) => error.code === 'aborted');
  assert.ok(aborting.stats.scanned < 5000 - 49);
  assert.equal(descriptorsOn(file), 0);
});

test('a drop test: workers send the documents it rejects as undefined, in place (same lines, batches and problems); this thread drops none', async () => {
  const drop = { time: [{ field: 'n', format: 'auto' }], tests: [{ fields: ['type'], values: ['t1', 't2'] }] };
  const one = await read({ threads: 1 });
  const alone = await read({ threads: 1, drop });
  assert.deepEqual(alone, one, 'one thread reads every line itself: nothing dropped');
  const many = await read({ threads: 4, parallelMinBytes: 0, pieceBytes: 7_000, drop });
  assert.deepEqual(many.problems, one.problems);
  assert.deepEqual(
    many.batches.map((b) => b.map(([, line]) => line)),
    one.batches.map((b) => b.map(([, line]) => line)),
  );
  let dropped = 0;
  many.batches.forEach((batch, i) =>
    batch.forEach(([doc], j) => {
      const whole = one.batches[i]![j]![0] as { type: string };
      if (doc === undefined) {
        dropped++;
        assert.ok(!['t1', 't2'].includes(whole.type), `line ${one.batches[i]![j]![1]} was dropped though its type passes`);
      } else assert.deepEqual(doc, whole);
    }),
  );
  // 11 of 13 types fail the test; only lines this thread read after a broken one (to the next piece) are kept.
  assert.ok(dropped > 3500, `dropped ${dropped}`);
});
