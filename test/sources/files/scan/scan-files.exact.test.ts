import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { descriptorsOn } from '../../../helpers/descriptors.js';
import { AbortedError } from '../../../../src/core/errors.js';
import { openByteChunks } from '../../../../src/sources/files/open-chunks.js';
import { defaultThreads, isCounted, PARALLEL_MIN_BYTES, scanFiles, type ScanFilesOptions } from '../../../../src/sources/files/scan/scan-files.js';
import { readFileDocuments } from '../../../../src/sources/files/scan/read-file-documents.js';
import { WorkerFailure } from '../../../../src/sources/files/scan/worker-pool.js';
import type { RangeTask } from '../../../../src/sources/files/scan/range-worker.js';

/**
 * scanFiles and readFileDocuments on small hand-built files with tiny pieces (pieceBytes 1: a boundary after nearly
 * every line), so every path of the main thread's side runs in a few milliseconds: the thresholds that choose
 * workers, the tasks the workers get, line numbers across pieces, the hand-over to this thread at a line the workers
 * may not read (and back), the reference's 1 MiB batches, counting, failures before and after anything was handed
 * on, aborts and closing. Every expected value is worked out by hand from the files' bytes (the byte offsets are
 * spelled out next to each file).
 */

const MiB = 1 << 20;
let dir = '';
const files: Record<string, string> = {};

/** name → contents; written in `before`. */
const CONTENTS: Record<string, string | Buffer> = {
  // 4 lines of 8 bytes: pieces of 1 byte cut after each line → [0,8) [8,16) [16,24) [24,32).
  small: '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n',
  two: '{"a":5}\n{"a":6}\n',
  one: '{"a":7}\n',
  six: '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n{"a":5}\n{"a":6}\n',
  gz: gzipSync('{"a":7}\n{"a":8}\n'),
  // Lines: 1 [0,8), 2 blank [8], 3 [9,17), 4 "nope" [17,22), 5 [22,30), 6 [30,38). Bounds: 8, 17 (from 9), 22, 30, 38.
  broken: '{"a":1}\n\n{"a":3}\nnope\n{"a":5}\n{"a":6}\n',
  // Lines: 1 [0,8), 2 `{"a":` [8,14), 3 `2}` [14,17), 4 [17,25), 5 [25,33). Bounds: 8, 14, 17, 25, 33.
  spanning: '{"a":1}\n{"a":\n2}\n{"a":3}\n{"a":4}\n',
  // Lines: 1 [0,8), 2 `{"b":` [8,14), 3 `  2` [14,19) and the end. Bounds: 8, 14, 19.
  unfinished: '{"a":1}\n{"b":\n  2\n',
  unfinishedAlone: '{"b":\n  2\n',
  // A BOM, then a pretty-printed array: line 1 [0,5) (BOM + `[`), 2 [5,14), 3 [14,22), 4 `]` [22,24).
  bom: '\uFEFF[\n{"a":1},\n{"a":2}\n]\n',
  // Line 2 [8,13) is not JSON; 21 bytes.
  grows: '{"a":1}\nnope\n{"a":2}\n',
  // No final newline: bounds 8, then no newline after 9: [0,8) [8,12).
  brokenLast: '{"a":1}\nnope',
  openLast: '{"a":1}\n{"a":2}',
  nope: 'nope\n',
  blank: '\n\n\n',
  // Line 2 is 18 characters.
  long: '{"a":1}\n{"a":"xxxxxxxxxx"}\n{"a":3}\n',
  // 13-byte lines: [0,13) [13,26) [26,39).
  typed: '{"type":"x"}\n{"type":"y"}\n{"type":"x"}\n',
  typedBroken: '{"type":"x"}\nnope\n{"type":"y"}\n',
  // Line 1 "nope" [0,5), 2 [5,13), 3 [13,21).
  nopeFirst: 'nope\n{"a":1}\n{"a":2}\n',
  // Blank lines [0,2), then [2,10).
  blankFirst: '\n\n{"a":1}\n',
  // One line, no newline: its only batch is the reference's last-line chunk (-1).
  lone: '{"a":1}',
  // Line 2 [8,18) starts with a byte-order mark (EF BB BF) that is not at the file's start.
  bomLater: '{"a":1}\n\uFEFF{"a":2}\n{"a":3}\n',
  bomSplit: '{"a":1}\n\uFEFF{"a":\n2}\n{"a":3}\n',
  // Line 1 `{"a":` [0,6), line 2 a string of 1.5 MiB, line 3 `}`, then `{"a":2}`: the value spans the 1 MiB boundary.
  wide: `{"a":\n"${'x'.repeat(1.5 * (1 << 20))}"\n}\n{"a":2}\n`,
};

/** 16,000 lines of 100 bytes: line i is {"n":i,"p":"x…"}, line 9990 is "nope" padded (when `broken`). */
function hundreds(broken: boolean): string {
  const lines: string[] = [];
  for (let i = 1; i <= 16_000; i++) {
    if (broken && i === 9990) lines.push('nope'.padEnd(99, ' '));
    else {
      const head = `{"n":${i},"p":"`;
      lines.push(head + 'x'.repeat(99 - head.length - 2) + '"}');
    }
  }
  return lines.join('\n') + '\n';
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-scan-exact-'));
  for (const [name, text] of Object.entries(CONTENTS)) {
    files[name] = path.join(dir, `${name}.ndjson`);
    await writeFile(files[name]!, text);
  }
  for (const broken of [false, true]) {
    const name = broken ? 'bigBroken' : 'big';
    files[name] = path.join(dir, `${name}.ndjson`);
    await writeFile(files[name]!, hundreds(broken));
  }
  files.dir = path.join(dir, 'a-directory');
  await mkdir(files.dir);
});
after(() => rm(dir, { recursive: true, force: true }));

/** A createWorker that records the workers made, the tasks posted to them and their exits. */
function recorder(rewrite: (task: RangeTask) => RangeTask = (t) => t) {
  const log = { created: 0, posted: [] as RangeTask[], exits: [] as number[], done: new Set<number>() };
  const createWorker = (text: string): Worker => {
    log.created++;
    const worker = new Worker(text, { eval: true });
    worker.on('message', (message: { id: number; done?: boolean }) => {
      if (message.done === true) log.done.add(message.id);
    });
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (task: RangeTask) => {
      log.posted.push(task);
      post(rewrite(task));
    };
    worker.on('exit', (code) => log.exits.push(code));
    return worker;
  };
  return { log, createWorker };
}

type Event = readonly unknown[];

/** Read `names` in order with one scanFiles; a log of batches (items as [doc, line] or counted items) and problems. */
async function scan(names: string[], needs: string[], options: ScanFilesOptions, openAs: Record<number, string> = {}): Promise<Event[]> {
  const events: Event[] = [];
  const list = names.map((n) => files[n] ?? n);
  const reader = scanFiles(list, needs, options);
  try {
    for (let i = 0; i < list.length; i++) {
      const onProblem = (p: { code: string; line: number }) => events.push(['problem', i, p.code, p.line]);
      for await (const items of reader.documents(i, onProblem, () => openByteChunks(openAs[i] ?? list[i]!))) {
        events.push(['batch', i, items.map((item) => (isCounted(item) ? item : [item.doc, item.line]))]);
      }
    }
  } finally {
    await reader.close();
  }
  return events;
}

const fast = { threads: 2, parallelMinBytes: 0, pieceBytes: 1 } as const;
const A = (...ns: number[]) => ns.map((n, i) => [{ a: n }, i + 1]);
const SMALL = [['batch', 0, A(1, 2, 3, 4)]];

function tasksOf(name: string, bounds: number[], idFrom = 0, extra: Partial<RangeTask> = {}): RangeTask[] {
  const out: RangeTask[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    out.push({ id: idFrom + i, file: files[name]!, start: bounds[i]!, end: bounds[i + 1]!, needs: ['a'], maxLength: 16 * MiB, chunk: MiB, count: undefined, drop: undefined, ...extra });
  }
  return out;
}

test('the defaults: 8 MiB before workers pay, every core up to 8', () => {
  assert.equal(PARALLEL_MIN_BYTES, 8_388_608);
  assert.equal(defaultThreads(), Math.min(8, availableParallelism()));
});

test('isCounted tells a worker’s group counts from a document', () => {
  assert.equal(isCounted({ doc: { a: 1 }, line: 1 }), false);
  assert.equal(isCounted({ summary: { keys: [], counts: [], counted: 0, noteLines: [], noteKinds: [], deferred: [] }, lineBase: 0 }), true);
});

test('one thread: no worker even for an input over the threshold', async () => {
  const { log, createWorker } = recorder();
  assert.deepEqual(await scan(['small'], ['a'], { threads: 1, parallelMinBytes: 0, pieceBytes: 1, createWorker }), SMALL);
  assert.equal(log.created, 0);
});

test('the default threshold (8 MiB): a small input is read on this thread', async () => {
  const { log, createWorker } = recorder();
  assert.deepEqual(await scan(['small'], ['a'], { threads: 2, pieceBytes: 1, createWorker }), SMALL);
  assert.equal(log.created, 0);
});

test('workers over tiny pieces: the tasks posted, the bytes reported per piece, documents in one reference batch', async () => {
  const { log, createWorker } = recorder();
  const bytes: number[] = [];
  assert.deepEqual(await scan(['small'], ['a'], { ...fast, createWorker, onBytes: (n) => bytes.push(n) }), SMALL);
  assert.equal(log.created, 2);
  assert.deepEqual(log.posted, tasksOf('small', [0, 8, 16, 24, 32]));
  assert.deepEqual(bytes, [8, 8, 8, 8]);
  // close() ended both workers.
  assert.deepEqual(log.exits, [1, 1]);
});

test('default piece size (2 MiB) and default threads: one piece for a small file', async () => {
  const { log, createWorker } = recorder();
  assert.deepEqual(await scan(['small'], ['a'], { parallelMinBytes: 0, createWorker }), SMALL);
  const threads = Math.min(8, availableParallelism());
  assert.equal(log.created, threads <= 1 ? 0 : 1);
  if (threads > 1) assert.deepEqual(log.posted, tasksOf('small', [0, 32]));
});

test('default threads with more pieces than cores: one worker per core (at most 8)', async () => {
  const { log, createWorker } = recorder();
  await scan(['six'], ['a'], { parallelMinBytes: 0, pieceBytes: 1, createWorker });
  const threads = Math.min(8, availableParallelism());
  assert.equal(log.created, threads <= 1 ? 0 : Math.min(threads, 6));
});

test('the threshold compares the total size: equal is enough', async () => {
  // small (32) + two (16) = 48 bytes.
  for (const [min, created] of [[48, 2], [49, 0]] as const) {
    const { log, createWorker } = recorder();
    const events = await scan(['small', 'two'], ['a'], { threads: 2, parallelMinBytes: min, pieceBytes: 1, createWorker });
    assert.deepEqual(events, [...SMALL, ['batch', 1, A(5, 6)]]);
    assert.equal(log.created, created, `min ${min}`);
  }
});

test('gzip files are read on this thread and do not count towards the threshold', async () => {
  const { log, createWorker } = recorder();
  const events = await scan(['gz', 'small'], ['a'], { ...fast, createWorker });
  assert.deepEqual(events, [['batch', 0, A(7, 8)], ['batch', 1, A(1, 2, 3, 4)]]);
  // Pieces of the plain file only, numbered from 0.
  assert.deepEqual(log.posted, tasksOf('small', [0, 8, 16, 24, 32]));
  // gz is about 36 bytes: with it the total passes 33, without it (32) it does not.
  const second = recorder();
  assert.deepEqual(await scan(['gz', 'small'], ['a'], { threads: 2, parallelMinBytes: 33, pieceBytes: 1, createWorker: second.createWorker }), [['batch', 0, A(7, 8)], ['batch', 1, A(1, 2, 3, 4)]]);
  assert.equal(second.log.created, 0);
});

test('an input small by its sizes is not even opened to sniff gzip (a directory read through openBytes)', async () => {
  assert.deepEqual(await scan(['dir'], ['a'], { threads: 2 }, { 0: files.small! }), SMALL);
});

test('a missing file with threads: source_unavailable naming it, and close() still resolves', async () => {
  const missing = path.join(dir, 'missing.ndjson');
  const reader = scanFiles([missing], ['a'], { threads: 2 });
  await assert.rejects(
    (async () => {
      for await (const _ of reader.documents(0, () => undefined, () => openByteChunks(missing))) void _;
    })(),
    (error: Error & { code?: string; details?: unknown }) => {
      assert.equal(error.code, 'source_unavailable');
      assert.deepEqual(error.details, { file: missing, errno: 'ENOENT' });
      return true;
    },
  );
  await reader.close();
  await reader.close();
  // Never asked for documents: nothing to close.
  await scanFiles([missing], ['a'], { threads: 2 }).close();
});

test('many files share one pool: pieces numbered across files, lines from 1 in each file, the given thread count', async () => {
  const { log, createWorker } = recorder();
  const events = await scan(['small', 'two', 'one'], ['a'], { ...fast, threads: 3, createWorker });
  assert.deepEqual(events, [...SMALL, ['batch', 1, A(5, 6)], ['batch', 2, A(7)]]);
  assert.equal(log.created, 3);
  assert.deepEqual(log.posted, [...tasksOf('small', [0, 8, 16, 24, 32]), ...tasksOf('two', [0, 8, 16], 4), ...tasksOf('one', [0, 8], 6)]);
});

test('a line the workers may not read: this thread reads on to a piece boundary, then the workers go on', async () => {
  const expected = [
    ['problem', 0, 'malformed_json', 4],
    ['batch', 0, [[{ a: 1 }, 1], [{ a: 3 }, 3], [{ a: 5 }, 5], [{ a: 6 }, 6]]],
  ];
  assert.deepEqual(await scan(['broken'], ['a'], { threads: 1 }), expected);
  const { log, createWorker } = recorder();
  const bytes: number[] = [];
  assert.deepEqual(await scan(['broken'], ['a'], { ...fast, createWorker, onBytes: (n) => bytes.push(n) }), expected);
  assert.deepEqual(bytes, [8, 9, 5, 8, 8]);
  // This thread reads lines 4 and 5 (back on the fast lines after a whole line of its own), so pieces 2 and 3
  // (dropped); every piece went to a worker all the same (piece 3 with the first four, before the consumer moved).
  assert.deepEqual(log.posted.map((t) => t.id), [0, 1, 2, 3, 4]);
});

test('a value across piece boundaries: this thread reads the next pieces too, then hands back', async () => {
  const expected = [['batch', 0, [[{ a: 1 }, 1], [{ a: 2 }, 2], [{ a: 3 }, 4], [{ a: 4 }, 5]]]];
  assert.deepEqual(await scan(['spanning'], ['a'], { threads: 1 }), expected);
  const bytes: number[] = [];
  assert.deepEqual(await scan(['spanning'], ['a'], { ...fast, onBytes: (n) => bytes.push(n) }), expected);
  assert.deepEqual(bytes, [8, 6, 3, 8, 8]);
});

test('the line-orientation evidence of the workers’ pieces reaches this thread’s reader', async () => {
  // Oriented by line 1: the unfinished value at the end is malformed and its lines are read again one by one
  // (line 3, `  2`, is a scalar: null); the reference's final feed is a batch of its own.
  const oriented = [
    ['batch', 0, A(1)],
    ['problem', 0, 'malformed_json', 2],
    ['batch', 0, [[null, 3]]],
  ];
  assert.deepEqual(await scan(['unfinished'], ['a'], { threads: 1 }), oriented);
  assert.deepEqual(await scan(['unfinished'], ['a'], fast), oriented);
  // Without evidence: a truncated document.
  const truncated = [['problem', 0, 'truncated_json', 1]];
  assert.deepEqual(await scan(['unfinishedAlone'], ['a'], { threads: 1 }), truncated);
  assert.deepEqual(await scan(['unfinishedAlone'], ['a'], fast), truncated);
});

test('a hand-over at the file’s first byte drops a byte-order mark there, as the reference does', async () => {
  const expected = [['batch', 0, [[{ a: 1 }, 2], [{ a: 2 }, 3]]]];
  assert.deepEqual(await scan(['bom'], ['a'], { threads: 1 }), expected);
  const bytes: number[] = [];
  assert.deepEqual(await scan(['bom'], ['a'], { ...fast, onBytes: (n) => bytes.push(n) }), expected);
  assert.deepEqual(bytes, [5, 9, 8, 2]);
});

test('a hand-over in the last piece reads on to the end of the file as it is now', async () => {
  const grows = path.join(dir, 'grows-now.ndjson');
  await writeFile(grows, CONTENTS.grows!);
  const { createWorker } = recorder();
  let appended = false;
  const appending = (text: string): Worker => {
    // The pieces are planned (21 bytes); the file grows before the read.
    if (!appended) appendFileSync(grows, '{"a":9}\n');
    appended = true;
    return createWorker(text);
  };
  const bytes: number[] = [];
  assert.deepEqual(await scan([grows], ['a'], { threads: 2, parallelMinBytes: 0, pieceBytes: 100, createWorker: appending, onBytes: (n) => bytes.push(n) }), [
    ['problem', 0, 'malformed_json', 2],
    ['batch', 0, [[{ a: 1 }, 1], [{ a: 2 }, 3], [{ a: 9 }, 4]]],
  ]);
  assert.deepEqual(bytes, [21]);
});

test('evidence of line orientation found by this thread’s reader carries on to its next hand-over', async () => {
  // "nope\n{"a":1}\n\n{"b":\n  2\n" in pieces of 6: bounds 13 (from 6), 20 (from 19), then none: [0,13) [13,20)
  // [20,24). Line 1 hands over; this thread reads lines 1–2 (line 2 is the evidence) and hands back at 13; piece 1
  // (a blank line, no evidence of its own) hands over at line 4, whose value is unfinished at the end: malformed, as
  // in a line-oriented file, not truncated.
  const file = path.join(dir, 'evidence.ndjson');
  await writeFile(file, 'nope\n{"a":1}\n\n{"b":\n  2\n');
  const expected = [
    ['problem', 0, 'malformed_json', 1],
    ['batch', 0, [[{ a: 1 }, 2]]],
    ['problem', 0, 'malformed_json', 4],
    ['batch', 0, [[null, 5]]],
  ];
  assert.deepEqual(await scan([file], ['a'], { threads: 1 }), expected);
  const bytes: number[] = [];
  assert.deepEqual(await scan([file], ['a'], { ...fast, pieceBytes: 6, onBytes: (n) => bytes.push(n) }), expected);
  assert.deepEqual(bytes, [13, 7, 4]);
});

test('at the end of a file the pool may run ahead into the next file’s pieces', async () => {
  // six: pieces 0–5; small: pieces 6–9. Done with six, the consumer is at piece 6: 2 workers may run pieces up to 9.
  const { log, createWorker } = recorder();
  const reader = scanFiles([files.six!, files.small!], ['a'], { ...fast, createWorker });
  const events: Event[] = [];
  try {
    for await (const items of reader.documents(0, () => undefined, () => openByteChunks(files.six!))) events.push(['batch', 0, items]);
    // Pieces 6–8 may already run with the consumer at 5; once they are done, piece 9 is posted only if the pool knows
    // the consumer has moved on to 6.
    assert.equal(log.created, 2);
    for (let wait = 0; ![6, 7, 8].every((id) => log.done.has(id)); wait++) {
      assert.ok(wait < 4000, 'pieces 6–8 done');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log.posted.map((t) => t.id).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for await (const items of reader.documents(1, () => undefined, () => openByteChunks(files.small!))) events.push(['batch', 1, items]);
  } finally {
    await reader.close();
  }
  const docs = (...ns: number[]) => ns.map((n, i) => ({ doc: { a: n }, line: i + 1 }));
  assert.deepEqual(events, [['batch', 0, docs(1, 2, 3, 4, 5, 6)], ['batch', 1, docs(1, 2, 3, 4)]]);
});

test('the end of a file: a broken last line without a newline, a last line in its own batch, nothing at all', async () => {
  // The last line is read by the reference's final feed, after the batch before was handed on.
  const brokenLast = [['batch', 0, A(1)], ['problem', 0, 'malformed_json', 2]];
  assert.deepEqual(await scan(['brokenLast'], ['a'], { threads: 1 }), brokenLast);
  assert.deepEqual(await scan(['brokenLast'], ['a'], fast), brokenLast);
  const openLast = [['batch', 0, A(1)], ['batch', 0, [[{ a: 2 }, 2]]]];
  assert.deepEqual(await scan(['openLast'], ['a'], { threads: 1 }), openLast);
  assert.deepEqual(await scan(['openLast'], ['a'], fast), openLast);
  assert.deepEqual(await scan(['nope'], ['a'], { threads: 1 }), [['problem', 0, 'malformed_json', 1]]);
  assert.deepEqual(await scan(['nope'], ['a'], fast), [['problem', 0, 'malformed_json', 1]]);
  assert.deepEqual(await scan(['blank'], ['a'], { threads: 1 }), []);
  assert.deepEqual(await scan(['blank'], ['a'], fast), []);
});

test('maxDocumentLength: the workers hand a longer line over, which is skipped as too large', async () => {
  const expected = [['problem', 0, 'document_too_large', 2], ['batch', 0, [[{ a: 1 }, 1], [{ a: 3 }, 3]]]];
  assert.deepEqual(await scan(['long'], ['a'], { threads: 1, maxDocumentLength: 10 }), expected);
  const { log, createWorker } = recorder();
  assert.deepEqual(await scan(['long'], ['a'], { ...fast, maxDocumentLength: 10, createWorker }), expected);
  assert.deepEqual(log.posted, tasksOf('long', [0, 8, 27, 35], 0, { maxLength: 10 }));
});

test('count: the workers’ pieces come as group counts with the lines before them; lines read here as documents', async () => {
  const count = { time: [], by: [['type']], requireTime: false };
  const summary = (key: string) => ({ keys: [key], counts: [1], counted: 1, noteLines: [1], noteKinds: [2], deferred: [] });
  const { log, createWorker } = recorder();
  assert.deepEqual(await scan(['typed'], ['type'], { ...fast, count, createWorker }), [
    ['batch', 0, [{ summary: summary('x'), lineBase: 0 }, { summary: summary('y'), lineBase: 1 }, { summary: summary('x'), lineBase: 2 }]],
  ]);
  assert.deepEqual(log.posted, tasksOf('typed', [0, 13, 26, 39], 0, { needs: ['type'], count }));
  // Bounds 13, then from 19 the next newline ends the file: pieces [0,13) [13,31); line 2 hands over, and this
  // thread reads to the end of the last piece.
  assert.deepEqual(await scan(['typedBroken'], ['type'], { ...fast, count }), [
    ['problem', 0, 'malformed_json', 2],
    ['batch', 0, [{ summary: summary('x'), lineBase: 0 }, [{ type: 'y' }, 3]]],
  ]);
  // On this thread: documents.
  assert.deepEqual(await scan(['typed'], ['type'], { threads: 1, count }), [['batch', 0, [[{ type: 'x' }, 1], [{ type: 'y' }, 2], [{ type: 'x' }, 3]]]]);
});

test('drop: the workers send the documents the test rejects as undefined, in place; this thread drops none', async () => {
  // `a` is the time (a number) and the tested role: only the document whose `a` reads '2' passes.
  const drop = { time: [{ field: 'a', format: 'auto' }], tests: [{ fields: ['a'], values: ['2'] }] };
  const { log, createWorker } = recorder();
  assert.deepEqual(await scan(['small'], ['a'], { ...fast, drop, createWorker }), [['batch', 0, [[undefined, 1], [{ a: 2 }, 2], [undefined, 3], [undefined, 4]]]]);
  assert.deepEqual(log.posted, tasksOf('small', [0, 8, 16, 24, 32], 0, { drop }));
  assert.deepEqual(await scan(['small'], ['a'], { threads: 1, drop }), SMALL);
});

test('workers that cannot be created, or crash before anything was handed on: the same read on this thread', async () => {
  const expected = [['problem', 0, 'malformed_json', 4], ['batch', 0, [[{ a: 1 }, 1], [{ a: 3 }, 3], [{ a: 5 }, 5], [{ a: 6 }, 6]]]];
  const throwing = () => {
    throw new Error('ERR_WORKER_INIT_FAILED (injected)');
  };
  assert.deepEqual(await scan(['broken'], ['a'], { ...fast, createWorker: throwing }), expected);
  const crashing = () => new Worker('throw new Error("injected crash")', { eval: true });
  assert.deepEqual(await scan(['broken'], ['a'], { ...fast, createWorker: crashing }), expected);
});

test('workers failing on every piece of the first file: it is read here, the pool is closed, and so are the next files', async () => {
  const moved = path.join(dir, 'six-moved.ndjson');
  const six = path.join(dir, 'six-here.ndjson');
  await writeFile(six, CONTENTS.six!);
  const { log, createWorker } = recorder();
  const moving = (text: string): Worker => {
    // Planned with the file in place; the workers then cannot open it.
    if (log.created === 0) renameSync(six, moved);
    return createWorker(text);
  };
  const exitsAtFirstBatch: number[] = [];
  const events: Event[] = [];
  const reader = scanFiles([six, files.small!], ['a'], { ...fast, createWorker: moving });
  try {
    for await (const items of reader.documents(0, () => undefined, () => openByteChunks(moved))) {
      exitsAtFirstBatch.push(log.exits.length);
      events.push(['batch', 0, items.map((d) => (isCounted(d) ? d : [d.doc, d.line]))]);
    }
    for await (const items of reader.documents(1, () => undefined, () => openByteChunks(files.small!))) {
      events.push(['batch', 1, items.map((d) => (isCounted(d) ? d : [d.doc, d.line]))]);
    }
  } finally {
    await reader.close();
  }
  assert.deepEqual(events, [['batch', 0, A(1, 2, 3, 4, 5, 6)], ...SMALL.map((e) => ['batch', 1, e[2]])]);
  assert.deepEqual(exitsAtFirstBatch, [2]);
  // None of the second file's pieces (6–9) was ever posted (the first file's, to the closed workers, may be).
  assert.deepEqual(log.posted.map((t) => t.id).filter((id) => id >= 6), []);
});

/** Rewrite task `id` to read a file that does not exist (the worker reports ENOENT for that piece). */
const failing = (id: number) => (task: RangeTask) => (task.id === id ? { ...task, file: '/nonexistent/piece' } : task);

async function rejectsAsSource(names: string[], options: ScanFilesOptions, what: string, reason: (message: string) => void): Promise<void> {
  await assert.rejects(scan(names, ['a'], options), (error: Error & { code?: string; details?: unknown }) => {
    const file = files[names[0]!]!;
    assert.equal(error.code, 'source_unavailable');
    assert.equal(error.name, 'SourceUnavailableError');
    assert.deepEqual(error.details, { file });
    const head = `Could not finish reading ${file}: ${what} part-way through the file (`;
    assert.equal(error.message.slice(0, head.length), head);
    const tail = '). Run the request again.';
    assert.equal(error.message.slice(-tail.length), tail);
    reason(error.message.slice(head.length, -tail.length));
    return true;
  });
}

test('a worker failing after documents were handed on: source_unavailable naming the file and the worker’s error', async () => {
  const enoent = (reason: string) => assert.equal(reason.split('\n')[0], "Error: ENOENT: no such file or directory, open '/nonexistent/piece'");
  // Documents of piece 0 taken from the workers, then piece 1 fails.
  await rejectsAsSource(['small'], { ...fast, createWorker: recorder(failing(1)).createWorker }, 'a worker thread failed', enoent);
  // Line 1 handed over before the workers gave anything: this thread reads pieces 0 and 1 (its problem is handed
  // on), then piece 2 fails.
  await rejectsAsSource(['nopeFirst'], { ...fast, createWorker: recorder(failing(2)).createWorker }, 'a worker thread failed', enoent);
});

test('this thread’s own failures end the read as source_unavailable, Distill errors pass unchanged', async () => {
  // Piece 0 holds only blank lines: nothing handed on when onBytes fails.
  const thrower = (value: unknown) => () => {
    throw value;
  };
  await rejectsAsSource(['blankFirst'], { ...fast, onBytes: thrower(new Error('meter broke')) }, 'reading failed', (r) => assert.equal(r, 'meter broke'));
  await rejectsAsSource(['blankFirst'], { ...fast, onBytes: thrower('boom') }, 'reading failed', (r) => assert.equal(r, 'boom'));
  const aborted = new AbortedError();
  await assert.rejects(scan(['blankFirst'], ['a'], { ...fast, onBytes: thrower(aborted) }), (error) => error === aborted);
  // The file gone when this thread reads a handed-over line (removed at once: an asynchronous removal could lose the
  // race with that read on a loaded machine).
  const gone = path.join(dir, 'gone.ndjson');
  await writeFile(gone, CONTENTS.nopeFirst!);
  files.gone = gone;
  await rejectsAsSource(['gone'], { ...fast, onBytes: () => rmSync(gone, { force: true }) }, 'reading failed', (r) =>
    assert.equal(r, `ENOENT: no such file or directory, open '${gone}'`),
  );
});

test('an aborted signal stops this thread’s reading of a handed-over line with AbortedError', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(scan(['broken'], ['a'], { ...fast, signal: controller.signal }), (error: Error & { code?: string }) => error instanceof AbortedError && error.code === 'aborted');
});

/** Batches of the 100-byte-line files: line i ends at byte 100 i - 1, in reference chunk ⌊(100 i - 1) / 2^20⌋. */
function big(broken: boolean): Event[] {
  const chunk0: unknown[] = [];
  const chunk1: unknown[] = [];
  for (let i = 1; i <= 16_000; i++) {
    if (broken && i === 9990) continue;
    (Math.floor((100 * i - 1) / MiB) === 0 ? chunk0 : chunk1).push([{ n: i }, i]);
  }
  return [...(broken ? [['problem', 0, 'malformed_json', 9990]] : []), ['batch', 0, chunk0], ['batch', 0, chunk1]];
}

test('over 1 MiB: documents regrouped by the reference’s 1 MiB chunks across pieces, also where this thread reads', async () => {
  // Pieces of 400,000 bytes: bounds 400,100, 800,200, 1,200,300 (just after the next newline), size 1,600,000.
  const options = { threads: 2, parallelMinBytes: 0, pieceBytes: 400_000 };
  const expected = big(false);
  assert.equal((expected[0]![2] as unknown[]).length, 10_485);
  const bytes: number[] = [];
  assert.deepEqual(await scan(['big'], ['n'], { ...options, onBytes: (n) => bytes.push(n) }), expected);
  assert.deepEqual(bytes, [400_100, 400_100, 400_100, 399_700]);
  // Line 9990 (bytes 998,900–998,999) broken: this thread reads from it to 1,200,300, across the 1 MiB boundary.
  assert.deepEqual(await scan(['bigBroken'], ['n'], options), big(true));
});

test('readFileDocuments: one file; stopping early ends the workers and closes the file', async () => {
  const { log, createWorker } = recorder();
  const batches: number[] = [];
  for await (const batch of readFileDocuments(files.big!, ['n'], () => undefined, { threads: 2, parallelMinBytes: 0, pieceBytes: 400_000, createWorker })) {
    batches.push(batch.length);
    break;
  }
  assert.deepEqual(batches, [10_485]);
  assert.deepEqual(log.exits, [1, 1]);
  assert.equal(descriptorsOn(files.big!), 0);
});

test('readFileDocuments on this thread: problems, the bytes read and the signal go to the file’s reader', async () => {
  const problems: unknown[] = [];
  const bytes: number[] = [];
  const out: unknown[] = [];
  for await (const batch of readFileDocuments(files.broken!, ['a'], (p) => problems.push([p.code, p.line]), { threads: 1, onBytes: (n) => bytes.push(n) })) {
    out.push(batch.map((d) => [d.doc, d.line]));
  }
  assert.deepEqual(out, [[[{ a: 1 }, 1], [{ a: 3 }, 3], [{ a: 5 }, 5], [{ a: 6 }, 6]]]);
  assert.deepEqual(problems, [['malformed_json', 4]]);
  assert.deepEqual(bytes, [38]);
  // Defaults: a small file on this thread.
  const plain: unknown[] = [];
  for await (const batch of readFileDocuments(files.small!, ['a'], () => undefined)) plain.push(batch.map((d) => [d.doc, d.line]));
  assert.deepEqual(plain, [A(1, 2, 3, 4)]);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    (async () => {
      for await (const _ of readFileDocuments(files.small!, ['a'], () => undefined, { threads: 1, signal: controller.signal })) void _;
    })(),
    (error: Error) => error.name === 'AbortError',
  );
});

test('WorkerFailure is what a dead worker raises', () => {
  assert.equal(new WorkerFailure('x').name, 'WorkerFailure');
});

test('no empty batches: a one-line file without a newline is one batch, whatever its chunk', async () => {
  const expected = [['batch', 0, A(1)]];
  assert.deepEqual(await scan(['lone'], ['a'], { threads: 1 }), expected);
  assert.deepEqual(await scan(['lone'], ['a'], fast), expected);
  assert.deepEqual(await scan(['lone', 'lone'], ['a'], fast), [...expected, ['batch', 1, A(1)]]);
});

test('a byte-order mark on a later line is white space, as in the reference, also where this thread reads on', async () => {
  const expected = [['batch', 0, A(1, 2, 3)]];
  assert.deepEqual(await scan(['bomLater'], ['a'], { threads: 1 }), expected);
  assert.deepEqual(await scan(['bomLater'], ['a'], fast), expected);
  // Line 2, after the mark, opens a value that line 3 closes: this thread reads from line 2 (offset 8), mark
  // included; line 1 made the file line-oriented, so lines 2 and 3 are malformed lines, as in the reference.
  const split = [
    ['problem', 0, 'malformed_json', 2],
    ['problem', 0, 'malformed_json', 3],
    ['batch', 0, [[{ a: 1 }, 1], [{ a: 3 }, 4]]],
  ];
  assert.deepEqual(await scan(['bomSplit'], ['a'], { threads: 1 }), split);
  assert.deepEqual(await scan(['bomSplit'], ['a'], fast), split);
});

test('a value read by this thread across the 1 MiB boundary: one batch, no empty batch for the chunk it started in', async () => {
  // This thread reads from byte 0 (line 1 is not a document by itself); nothing is complete in the first MiB.
  const expected = [['batch', 0, [[{ a: 'x'.repeat(1.5 * MiB) }, 1], [{ a: 2 }, 4]]]];
  assert.deepEqual(await scan(['wide'], ['a'], { threads: 1 }), expected);
  assert.deepEqual(await scan(['wide'], ['a'], fast), expected);
});
