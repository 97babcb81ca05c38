import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { descriptorsOn } from '../../../helpers/descriptors.js';
import { lineAlignedBounds } from '../../../../src/sources/files/scan/line-aligned-bounds.js';

/**
 * Exact piece boundaries of small hand-built files, each worked out by hand from the rule: start at 0; from each
 * multiple of the piece size past the last boundary, move to just after the next newline; stop when there is none
 * before the end; end with the size.
 */

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-bounds-'));
});
after(() => rm(dir, { recursive: true, force: true }));

let n = 0;
async function fileOf(text: string): Promise<string> {
  const file = path.join(dir, `f${n++}.ndjson`);
  await writeFile(file, text);
  return file;
}

async function bounds(text: string, piece: number, size = Buffer.byteLength(text)): Promise<number[]> {
  return lineAlignedBounds(await fileOf(text), size, piece);
}

// "aa\nbb\ncc\n": newlines at 2, 5, 8; size 9.
const THREE = 'aa\nbb\ncc\n';

test('pieces of 1 byte: every line its own piece; the last newline (at size-1) adds no boundary', async () => {
  // at 1 → newline 2 → 3; at 4 → newline 5 → 6; at 7 → newline 8 → 9 = size: stop.
  assert.deepEqual(await bounds(THREE, 1), [0, 3, 6, 9]);
});

test('a piece edge on a newline: the boundary is just after it', async () => {
  // at 2 is the newline itself → 3; at 5 → 6; at 8 → 9 = size: stop.
  assert.deepEqual(await bounds(THREE, 2), [0, 3, 6, 9]);
});

test('a piece edge on a line start still moves to the end of that line', async () => {
  // at 3 ("bb") → newline 5 → 6; at 9 = size: stop.
  assert.deepEqual(await bounds(THREE, 3), [0, 6, 9]);
  // at 4 → newline 5 → 6; at 10 > size: stop.
  assert.deepEqual(await bounds(THREE, 4), [0, 6, 9]);
});

test('the next piece starts a whole piece after the last boundary, not at the next multiple', async () => {
  // "a\nb\nc\nd\ne\n" (size 10): at 4 → newline 5 → 6; at 10 = size: stop.
  assert.deepEqual(await bounds('a\nb\nc\nd\ne\n', 4), [0, 6, 10]);
  // at 3 → 4; at 7 → 8; at 11: stop.
  assert.deepEqual(await bounds('a\nb\nc\nd\ne\n', 3), [0, 4, 8, 10]);
});

test('a piece as large as the file or larger, and an empty file: one piece', async () => {
  assert.deepEqual(await bounds(THREE, 8), [0, 9]);
  assert.deepEqual(await bounds(THREE, 9), [0, 9]);
  assert.deepEqual(await bounds(THREE, 100), [0, 9]);
  assert.deepEqual(await bounds('', 1), [0, 0]);
});

test('no newline at the end: the last line is the last piece', async () => {
  // "aa\nbb\ncc" (size 8): at 1 → 3; at 4 → 6; at 7 → no newline before 8: stop.
  assert.deepEqual(await bounds('aa\nbb\ncc', 1), [0, 3, 6, 8]);
  // One line without any newline.
  assert.deepEqual(await bounds('abcdef', 2), [0, 6]);
});

test('a line longer than one 4 KiB read: the search reads on until its newline', async () => {
  // 5000 x, newline at 5000, then "y\n": at 1 reads [1, 4097), then [4097, 5003) where the newline is at index 903.
  const text = 'x'.repeat(5000) + '\ny\n';
  assert.deepEqual(await bounds(text, 1), [0, 5001, 5003]);
  // Two long lines: at 100 → 5001; at 5101 → newline at 10001 (after a read of [5101, 9197) without one) → 10002.
  const two = 'x'.repeat(5000) + '\n' + 'y'.repeat(5000) + '\n' + 'z\n';
  assert.deepEqual(await bounds(two, 100), [0, 5001, 10002, 10004]);
  // The newline right after a 4 KiB read: the 4097th byte read from 1 is at 4097.
  const edge = 'x'.repeat(4097) + '\nq\n';
  assert.deepEqual(await bounds(edge, 1), [0, 4098, 4100]);
});

test('a long last line without a newline: no boundary inside it', async () => {
  const text = 'a\n' + 'x'.repeat(9000);
  // at 1 → newline 1 → 2; at 3 → reads to the end without a newline: stop.
  assert.deepEqual(await bounds(text, 1), [0, 2, 9002]);
});

test('a size larger than the file (it shrank): the search stops at its end instead of reading forever', async () => {
  // "aaaa" is 4 bytes; at 1 reads 3 bytes, then nothing: no newline, stop.
  assert.deepEqual(await bounds('aaaa', 1, 10), [0, 10]);
  // "a\nbbbb": at 1 → 2; at 3 reads "bbb", then nothing.
  assert.deepEqual(await bounds('a\nbbbb', 1, 10), [0, 2, 10]);
});

test('a size smaller than the file: boundaries only below the size', async () => {
  // "aa\nbb\ncc\n" with size 6: at 1 → 3; at 4 → newline 5 → 6 = size: stop.
  assert.deepEqual(await bounds(THREE, 1, 6), [0, 3, 6]);
  // size 5: at 4 → 6 ≥ 5: stop.
  assert.deepEqual(await bounds(THREE, 1, 5), [0, 3, 5]);
});

test('the file is closed afterwards', async () => {
  const file = await fileOf(THREE);
  assert.deepEqual(await lineAlignedBounds(file, 9, 1), [0, 3, 6, 9]);
  assert.equal(descriptorsOn(file), 0);
});

test('a missing file is an error (ENOENT)', async () => {
  await assert.rejects(lineAlignedBounds(path.join(dir, 'missing'), 10, 1), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
});
