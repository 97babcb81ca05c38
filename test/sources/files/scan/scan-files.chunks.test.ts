import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileDocuments } from '../../../../src/sources/files/scan/read-file-documents.js';
import { parseDocuments } from '../../../../src/sources/files/parse-documents.js';
import { openTextChunks } from '../../../../src/sources/files/open-chunks.js';
import { scanModules } from '../../../../src/sources/files/scan/scan-modules.js';

// The parallel reader against the whole-document reader on files of several 1 MiB chunks (the slow part of
// scan-files.test.ts, kept apart so the exact fast cases there run first).
let dir = '';
const NEEDS = ['type', 'n'];

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-parallel-chunks-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('files of several 1 MiB chunks with broken, untimed and pretty-printed lines near chunk and piece boundaries: the reference batches, problems and warning order on 1 and 3 threads', async () => {
  const { tree } = scanModules();
  const root = tree.compileNeeds(NEEDS);
  const CHUNK = 1 << 20;
  const specials = ['{broken', '{', '[', '  "type": "x"', '}', 'garbage', '{"type":"cut', '"str', '{}', '[{"type":"a"},{"type":"b"}]', '{"n":1}'];
  for (let seed = 1; seed <= 4; seed++) {
    let state = seed;
    const next = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const lines: string[] = [];
    let bytes = 0;
    // Specials cluster just before and after each 1 MiB boundary (and anywhere, rarely).
    while (bytes < 3.2 * CHUNK) {
      const near = Math.abs((bytes % CHUNK) - CHUNK / 2) > CHUNK / 2 - 3000;
      const line = (near ? next(3) === 0 : next(400) === 0) ? specials[next(specials.length)]! : JSON.stringify({ type: `t${next(9)}`, n: lines.length, pad: 'é'.repeat(next(120)) });
      lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    const data = path.join(dir, `chunks-${seed}.ndjson`);
    await writeFile(data, lines.join(next(2) === 0 ? '\n' : '\r\n'));
    const log: unknown[] = [];
    for await (const batch of parseDocuments(openTextChunks(data), (p) => log.push(['problem', p.code, p.line]))) {
      log.push(batch.map((d) => [d.doc === null || typeof d.doc !== 'object' || Array.isArray(d.doc) ? null : tree.projectParsed(d.doc, root), d.line]));
    }
    for (const threads of [1, 3]) {
      const got: unknown[] = [];
      const options = { threads, parallelMinBytes: 0, pieceBytes: 200_000 + seed * 77_777 };
      for await (const batch of readFileDocuments(data, NEEDS, (p) => got.push(['problem', p.code, p.line]), options)) got.push(batch.map((d) => [d.doc, d.line]));
      assert.deepEqual(got, log, `seed ${seed}, ${threads} threads`);
    }
    assert.ok(log.filter((e) => Array.isArray(e) && e[0] === 'problem').length > 10);
    assert.ok(log.filter((e) => Array.isArray(e) && e[0] !== 'problem').length >= 4, 'one batch per chunk at least');
  }
});
