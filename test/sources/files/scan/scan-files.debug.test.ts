import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { openByteChunks } from '../../../../src/sources/files/open-chunks.js';
import { scanFiles, type ScanFilesOptions } from '../../../../src/sources/files/scan/scan-files.js';

/**
 * The scanner's debug log (`NODE_DEBUG=distill:scan`), line for line, from one child process that reads hand-built
 * files in tiny pieces: how many pieces on how many workers, which lines this thread read after a hand-over, how many
 * pieces the workers read, and why workers were not used. (The log is read once at start-up, hence the process.)
 * The same reads also run in this process, where the log is off: they give the same documents, and they make the
 * mutation tool see which code this file's child process runs (it records coverage in the test's own process only).
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
let dir = '';
const at = (name: string) => path.join(dir, name);

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-scan-debug-'));
  // Lines: 1 [0,8), 2 blank, 3 [9,17), 4 "nope" [17,22), 5, 6: pieces [0,8) [8,17) [17,22) [22,30) [30,38).
  await writeFile(at('broken.ndjson'), '{"a":1}\n\n{"a":3}\nnope\n{"a":5}\n{"a":6}\n');
  await writeFile(at('small.ndjson'), '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n');
  // Pieces [0,8) [8,12): line 2 has no newline and is not JSON.
  await writeFile(at('last.ndjson'), '{"a":1}\nnope');
  // Lines 2–3 are one value: pieces [0,8) [8,14) [14,17) [17,25) [25,33).
  await writeFile(at('spanning.ndjson'), '{"a":1}\n{"a":\n2}\n{"a":3}\n{"a":4}\n');
  const src = (file: string) => JSON.stringify(path.join(ROOT, 'src/sources/files', file));
  await writeFile(
    at('main.mts'),
    [
      `import { scanFiles } from ${src('scan/scan-files.ts')};`,
      `import { openByteChunks } from ${src('open-chunks.ts')};`,
      `import { Worker } from 'node:worker_threads';`,
      'const dir = process.argv[2];',
      'async function read(names, options) {',
      '  const files = names.map((n) => `${dir}/${n}.ndjson`);',
      "  const reader = scanFiles(files, ['a'], { threads: 2, parallelMinBytes: 0, pieceBytes: 1, ...options });",
      '  for (let i = 0; i < files.length; i++) for await (const _ of reader.documents(i, () => undefined, () => openByteChunks(files[i]))) void _;',
      '  await reader.close();',
      '}',
      "await read(['broken', 'small'], {});",
      "await read(['last'], {});",
      "await read(['spanning'], {});",
      "await read(['small'], { createWorker: () => { throw new Error('ERR_WORKER_INIT_FAILED (injected)'); } });",
      "await read(['small'], { createWorker: () => new Worker('throw new Error(\"injected crash\")', { eval: true }) });",
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test('the debug log says how the pieces were read', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', at('main.mts'), dir], { cwd: ROOT, env: { ...process.env, NODE_DEBUG: 'distill:scan' } });
  assert.equal(run.status, 0, run.stderr.toString());
  const lines = run.stderr
    .toString()
    .split('\n')
    .filter((line) => line.startsWith('DISTILL:SCAN '))
    .map((line) => line.replace(/^DISTILL:SCAN \d+: /, ''));
  assert.deepEqual(lines, [
    '2 files, 9 pieces on 2 workers',
    // After a line it reads itself, this thread's reader is back on the fast lines only after the next whole line.
    `${at('broken.ndjson')}: lines 4 to 5 read on this thread`,
    `${at('broken.ndjson')}: 5 pieces read by workers`,
    `${at('small.ndjson')}: 4 pieces read by workers`,
    '1 files, 2 pieces on 2 workers',
    `${at('last.ndjson')}: read on this thread from line 2 to the end`,
    '1 files, 5 pieces on 2 workers',
    `${at('spanning.ndjson')}: lines 2 to 4 read on this thread`,
    `${at('spanning.ndjson')}: 5 pieces read by workers`,
    'cannot start workers (ERR_WORKER_INIT_FAILED (injected)); reading on this thread',
    '1 files, 4 pieces on 2 workers',
    'workers failed before any output (injected crash); reading on this thread',
  ]);
});

test('the same reads in this process, with the log off: the documents and problems of every file', async () => {
  const log: unknown[] = [];
  async function read(names: string[], options: Partial<ScanFilesOptions>): Promise<void> {
    const list = names.map((n) => at(`${n}.ndjson`));
    const reader = scanFiles(list, ['a'], { threads: 2, parallelMinBytes: 0, pieceBytes: 1, ...options });
    try {
      for (let i = 0; i < list.length; i++) {
        const onProblem = (p: { code: string; line: number }) => log.push([names[i], p.code, p.line]);
        for await (const batch of reader.documents(i, onProblem, () => openByteChunks(list[i]!))) {
          log.push([names[i], batch.map((item) => ('doc' in item ? [item.doc, item.line] : item))]);
        }
      }
    } finally {
      await reader.close();
    }
  }
  await read(['broken', 'small'], {});
  await read(['last'], {});
  await read(['spanning'], {});
  await read(['small'], {
    createWorker: () => {
      throw new Error('ERR_WORKER_INIT_FAILED (injected)');
    },
  });
  await read(['small'], { createWorker: () => new Worker('throw new Error("injected crash")', { eval: true }) });
  const small = ['small', [[{ a: 1 }, 1], [{ a: 2 }, 2], [{ a: 3 }, 3], [{ a: 4 }, 4]]];
  assert.deepEqual(log, [
    ['broken', 'malformed_json', 4],
    ['broken', [[{ a: 1 }, 1], [{ a: 3 }, 3], [{ a: 5 }, 5], [{ a: 6 }, 6]]],
    small,
    ['last', [[{ a: 1 }, 1]]],
    ['last', 'malformed_json', 2],
    ['spanning', [[{ a: 1 }, 1], [{ a: 2 }, 2], [{ a: 3 }, 4], [{ a: 4 }, 5]]],
    small,
    small,
  ]);
});
