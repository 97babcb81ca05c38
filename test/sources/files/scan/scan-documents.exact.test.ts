// Exact batches, line numbers and problems of the projection-aware reader (scan-documents.ts): the hand-over from the
// NDJSON line reader to the reference state machine and back, the state passed across (line numbers, line-oriented
// evidence, the file's byte-order mark, a character cut by a chunk's end), the batches per chunk and the end's
// feeds. Expected logs are worked out by hand; each scanDocuments case is also checked against parseDocuments on the
// same chunks (the reader it must equal), as an oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTextChunks } from '../../../../src/sources/files/open-chunks.js';
import { parseDocuments, type ParseProblem } from '../../../../src/sources/files/parse-documents.js';
import { HybridReader, scanDocuments, type ScanStart } from '../../../../src/sources/files/scan/scan-documents.js';
import { scanModules } from '../../../../src/sources/files/scan/scan-modules.js';

const { tree } = scanModules();
const ROOT = tree.compileNeeds(['a', 'b', 'c']);

const OUTSIDE = 'text outside any JSON value; the rest of the line was skipped';
const TRUNCATED = 'the file ends inside a JSON value (truncated while being written?); the incomplete document was skipped';
const UNFINISHED_AT_END = 'not valid JSON (an unfinished value at the end of the file); the line was skipped';
const NEXT_LINE = 'an unfinished JSON value: the next line starts a new document; the broken line was skipped';
const BREAK_IN_STRING = 'a line break inside a JSON string: the document is broken and was skipped';
const NOT_VALID = 'not valid JSON; the document was skipped';
const tooLarge = (n: number): string => `a document longer than ${n} characters (the maxDocumentLength limit) was skipped`;

type Entry = ['problem', string, number, string] | ['batch', [unknown, number][]];
type Log = Entry[];

const b = (text: string): Buffer => Buffer.from(text, 'utf8');
const cat = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? b(p) : Buffer.from(p))));
const problem = (p: ParseProblem): Entry => ['problem', p.code, p.line, p.message];

/** scanDocuments over the chunks: problems and batches in the order a consumer sees them. */
async function scan(chunks: Buffer[], maxLength?: number): Promise<Log> {
  const log: Log = [];
  const source = (async function* () {
    yield* chunks;
  })();
  for await (const batch of scanDocuments(source, ROOT, (p) => log.push(problem(p)), maxLength)) log.push(['batch', batch.map((d) => [d.doc, d.line])]);
  return log;
}

/** The reference on the same chunks: decoded as openTextChunks does (the file's BOM dropped), projected. */
async function reference(chunks: Buffer[], maxLength?: number): Promise<Log> {
  const log: Log = [];
  const text = decodeTextChunks(chunks);
  const options = maxLength === undefined ? {} : { maxDocumentLength: maxLength };
  for await (const batch of parseDocuments(text, (p) => log.push(problem(p)), options)) {
    log.push(['batch', batch.map((d) => [d.doc === null || typeof d.doc !== 'object' || Array.isArray(d.doc) ? null : tree.projectParsed(d.doc, ROOT), d.line])]);
  }
  return log;
}

/** Assert the scanner's log, and that the reference gives the same. */
async function expectLog(chunks: Buffer[], expected: Log, maxLength?: number, label?: string): Promise<void> {
  assert.deepEqual(await scan(chunks, maxLength), expected, label);
  assert.deepEqual(await reference(chunks, maxLength), expected, `${label ?? ''} (reference)`);
}

/** A HybridReader driven directly: what push and end return, problems in between, in order. */
function hybrid(start: ScanStart, maxLength = 1e9): { reader: HybridReader; log: unknown[]; push(chunk: Buffer): void; end(): void } {
  const log: unknown[] = [];
  const reader = new HybridReader(ROOT, (p) => log.push(problem(p)), maxLength, start);
  return {
    reader,
    log,
    push: (chunk) => void log.push(['push', reader.push(chunk).map((d) => [d.doc, d.line])]),
    end: () => {
      for (const out of reader.end()) log.push(['end', out.map((d) => [d.doc, d.line])]);
    },
  };
}

test('NDJSON in one chunk: one batch, arrays yield their elements (non-objects as null), fields projected', async () => {
  await expectLog([b('{"a":1,"x":2}\n[{"b":2},3]\n\n \t\r\n{"c":"é"}\r\n')], [['batch', [[{ a: 1 }, 1], [{ b: 2 }, 2], [null, 2], [{ c: 'é' }, 5]]]]);
});

test('one batch per chunk that completes a line; chunks completing nothing yield nothing; the last line without newline at the end', async () => {
  await expectLog(
    [b('{"a":1}\n{"b"'), b(':2'), b('}\n{"c":3}')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['batch', [[{ b: 2 }, 2]]],
      ['batch', [[{ c: 3 }, 3]]],
    ],
  );
  await expectLog([b('{"a"'), b(':1}\n')], [['batch', [[{ a: 1 }, 1]]]]);
  await expectLog([], []);
  await expectLog([b('\n\n  \n')], []);
});

test('a pretty-printed array is read by the reference; the NDJSON lines after it are read fast again', async () => {
  await expectLog([b('[\n  {"a": 1},\n  {"b": 2}\n]\n')], [['batch', [[{ a: 1 }, 2], [{ b: 2 }, 3]]]]);
  await expectLog(
    [b('[\n  {"a": 1},\n  {"b": 2}\n]\n{"c":3}\n{"c":4}')],
    [
      ['batch', [[{ a: 1 }, 2], [{ b: 2 }, 3], [{ c: 3 }, 5]]],
      ['batch', [[{ c: 4 }, 6]]],
    ],
  );
  // An element that is an array yields its elements (one level, as an NDJSON line does); elements that are not
  // objects (a number, an array inside that one, null, a string) are null; an object is projected.
  await expectLog(
    [b('[\n1,\n[{"a":1}],\n[[2]],\nnull,\n"s",\n{"a":1,"x":2}\n]\n')],
    [['batch', [[null, 2], [{ a: 1 }, 3], [null, 4], [null, 5], [null, 6], [{ a: 1 }, 7]]]],
  );
});

test('a pretty-printed object, then NDJSON: line numbers continue across the hand-back', async () => {
  await expectLog([b('{\n"a":1\n}\n{"b":2}\n\n{"c":3}\n')], [['batch', [[{ a: 1 }, 1], [{ b: 2 }, 4], [{ c: 3 }, 6]]]]);
});

test('problems come before the batch of their chunk, each at its line', async () => {
  await expectLog(
    [b('{"a":1}\nnot json\n{"b":2}\n')],
    [
      ['problem', 'malformed_json', 2, OUTSIDE],
      ['batch', [[{ a: 1 }, 1], [{ b: 2 }, 3]]],
    ],
  );
  await expectLog(
    [b('{"a":1}\n'), b('{"a":1,\n{"b":2}\n{"c":3}\n')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['problem', 'malformed_json', 2, NEXT_LINE],
      ['batch', [[{ b: 2 }, 3], [{ c: 3 }, 4]]],
    ],
  );
  await expectLog(
    [b('{"a":"x\n{"b":2}\n')],
    [
      ['problem', 'malformed_json', 1, BREAK_IN_STRING],
      ['batch', [[{ b: 2 }, 2]]],
    ],
  );
});

test('maxDocumentLength: a line over the limit is skipped by the reference; a line within it in characters but not in bytes is read there', async () => {
  await expectLog(
    [b('{"a":1}\n{"a":12}\n{"b":2}\n')],
    [
      ['problem', 'document_too_large', 2, tooLarge(7)],
      ['batch', [[{ a: 1 }, 1], [{ b: 2 }, 3]]],
    ],
    7,
  );
  // '{"a":"é"}' is 9 characters, 10 bytes: the reference reads it through its own fast path, which proves the file
  // line-oriented, so the cut line at the end is one bad line (malformed_json), not a truncated file.
  await expectLog(
    [b('{"a":"é"}\n{"b":')],
    [
      ['batch', [[{ a: 'é' }, 1]]],
      ['problem', 'malformed_json', 2, UNFINISHED_AT_END],
    ],
    9,
  );
});

test('line-oriented evidence from the fast lines decides how the end of a cut file is reported', async () => {
  await expectLog(
    [b('{"a":1}\n{"b":')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['problem', 'malformed_json', 2, UNFINISHED_AT_END],
    ],
  );
  await expectLog(
    [b('{}\n{"b":')],
    [
      ['batch', [[{}, 1]]],
      ['problem', 'truncated_json', 2, TRUNCATED],
    ],
  );
  await expectLog([b('{\n"a":1,\n"b":')], [['problem', 'truncated_json', 1, TRUNCATED]]);
});

test("the file's byte-order mark is dropped before the reference reads the first line; a later one is text", async () => {
  const bom = [0xef, 0xbb, 0xbf];
  await expectLog([cat(bom, '{"a":1}\n')], [['batch', [[{ a: 1 }, 1]]]]);
  await expectLog([cat(bom, '{\n"a":1\n}\n')], [['batch', [[{ a: 1 }, 1]]]]);
  await expectLog([Buffer.from([0xef]), Buffer.from([0xbb]), cat([0xbf], '{\n"a":1\n}\n')], [['batch', [[{ a: 1 }, 1]]]], undefined, 'the mark cut by chunks');
  await expectLog([cat(bom, '{"a":1')], [['problem', 'truncated_json', 1, TRUNCATED]], undefined, 'the last line, read at the end');
  await expectLog(
    [cat('{"a":1}\n', bom, '{"b":1')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['problem', 'malformed_json', 2, OUTSIDE],
    ],
    undefined,
    'a mark on the last line, read at the end',
  );
  await expectLog(
    [cat('{"a":1}\n', bom, '{\n"b":2\n}\n')],
    [
      ['problem', 'malformed_json', 2, OUTSIDE],
      ['problem', 'malformed_json', 3, OUTSIDE],
      ['problem', 'malformed_json', 4, OUTSIDE],
      ['batch', [[{ a: 1 }, 1]]],
    ],
    undefined,
    'a mark on line 2',
  );
  await expectLog(
    [cat('{\n}\n', bom, '{\n"a":1\n}\n')],
    [
      ['problem', 'malformed_json', 3, OUTSIDE],
      ['problem', 'malformed_json', 4, OUTSIDE],
      ['problem', 'malformed_json', 5, OUTSIDE],
      ['batch', [[{}, 1]]],
    ],
    undefined,
    'a mark at the first byte after a hand-back',
  );
});

test('fileStart: false keeps a byte-order mark at the first byte as text', () => {
  const bom = [0xef, 0xbb, 0xbf];
  const r = hybrid({ fileStart: false });
  r.push(cat(bom, '{\n"a":1\n}\n'));
  r.end();
  assert.deepEqual(r.log, [
    ['problem', 'malformed_json', 1, OUTSIDE],
    ['problem', 'malformed_json', 2, OUTSIDE],
    ['problem', 'malformed_json', 3, OUTSIDE],
    ['push', []],
    ['end', []],
  ]);
  const last = hybrid({ fileStart: false });
  last.push(cat(bom, '{"a":1'));
  last.end();
  assert.deepEqual(last.log, [['push', []], ['problem', 'malformed_json', 1, OUTSIDE], ['end', []]]);
  const first = hybrid({ fileStart: true });
  first.push(cat(bom, '{"a":1'));
  first.end();
  assert.deepEqual(first.log, [['push', []], ['problem', 'truncated_json', 1, TRUNCATED], ['end', []]]);
});

test('chunk ends inside CRLF while the reference reads: the same batches as the reference', async () => {
  await expectLog(
    [b('{\r'), b('\n"a":1\r\n}\r'), b('\n{"b":2}\r\n')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['batch', [[{ b: 2 }, 4]]],
    ],
  );
});

test('a character cut by the chunk end at the hand-back follows the rest of the line (1 of 2 bytes, 2 of 3 bytes)', async () => {
  await expectLog(
    [cat('{\n"a":1\n}\n{"b":"', [0xc3]), cat([0xa9], '"}\n')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['batch', [[{ b: 'é' }, 4]]],
    ],
  );
  await expectLog(
    [cat('{\n"a":1\n}\n{"b":"', [0xe2, 0x82]), cat([0xac], '"}\n')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['batch', [[{ b: '€' }, 4]]],
    ],
  );
  await expectLog(
    [cat('{\n"a":1\n}\n{"b":"', [0xf0]), cat([0x9f, 0x98]), cat([0x80], '"}\n')],
    [
      ['batch', [[{ a: 1 }, 1]]],
      ['batch', [[{ b: '😀' }, 4]]],
    ],
  );
});

test('the end: a decoder tail is its own feed (one batch), then the final feed (another)', async () => {
  const r = hybrid({});
  r.push(cat('{\n}\n', [0xc3]));
  r.end();
  assert.deepEqual(r.log, [['push', [[{}, 1]]], ['end', []], ['problem', 'malformed_json', 3, OUTSIDE], ['end', []]]);
  await expectLog(
    [cat('{\n}\n', [0xc3])],
    [
      ['batch', [[{}, 1]]],
      ['problem', 'malformed_json', 3, OUTSIDE],
    ],
  );
  // A tail while a value is open: the cut file is reported by the final feed, after the tail's batch.
  const open = hybrid({});
  open.push(cat('{\n"a":"', [0xc3]));
  open.end();
  assert.deepEqual(open.log, [['push', []], ['end', []], ['problem', 'truncated_json', 1, TRUNCATED], ['end', []]]);
  // No tail: one final batch only.
  const plain = hybrid({});
  plain.push(b('{\n}\n'));
  plain.end();
  assert.deepEqual(plain.log, [['push', [[{}, 1]]], ['end', []]]);
  const fast = hybrid({});
  fast.push(b('{"a":1}\n{"b":2}'));
  fast.end();
  assert.deepEqual(fast.log, [['push', [[{ a: 1 }, 1]]], ['end', [[{ b: 2 }, 2]]]]);
});

test('the final feed proves a value broken by the last line: the reference hands that line back, read at the end', async () => {
  await expectLog(
    [b('{"a":1,\n{"b":2}')],
    [
      ['problem', 'malformed_json', 1, NEXT_LINE],
      ['batch', [[{ b: 2 }, 2]]],
    ],
  );
  const r = hybrid({});
  r.push(b('{"a":1,\n{"b":2}'));
  r.end();
  assert.deepEqual(r.log, [['push', []], ['problem', 'malformed_json', 1, NEXT_LINE], ['end', [[{ b: 2 }, 2]]]]);
});

test('start.line numbers the lines; nextLine, atFastLineStart and oriented follow the reading', () => {
  const r = hybrid({ line: 10 });
  assert.deepEqual([r.reader.atFastLineStart(), r.reader.nextLine(), r.reader.oriented()], [true, 10, false]);
  r.push(b('{}\n'));
  assert.deepEqual([r.reader.atFastLineStart(), r.reader.nextLine(), r.reader.oriented()], [true, 11, false]);
  r.push(b('{"a":1}\n{"b"'));
  assert.deepEqual([r.reader.atFastLineStart(), r.reader.nextLine(), r.reader.oriented()], [false, 12, true]);
  r.push(b(':2}\nbad\n{"c":3}\n'));
  assert.deepEqual([r.reader.atFastLineStart(), r.reader.nextLine(), r.reader.oriented()], [true, 15, true]);
  r.push(b('{\n"a":'));
  assert.deepEqual([r.reader.atFastLineStart(), r.reader.oriented()], [false, true]);
  r.end();
  assert.deepEqual(r.log, [
    ['push', [[{}, 10]]],
    ['push', [[{ a: 1 }, 11]]],
    ['problem', 'malformed_json', 13, OUTSIDE],
    ['push', [[{ b: 2 }, 12], [{ c: 3 }, 14]]],
    ['push', []],
    ['problem', 'malformed_json', 15, UNFINISHED_AT_END],
    ['problem', 'malformed_json', 16, NOT_VALID],
    ['end', []],
  ]);
});

test('after a pretty-printed value the reader is back at a fast line start, the value not counted as evidence', () => {
  const r = hybrid({});
  r.push(b('{\n"a":1\n}\n'));
  assert.deepEqual([r.reader.atFastLineStart(), r.reader.oriented()], [false, false], 'the reference waits for the next line');
  r.push(b('{}\n'));
  assert.deepEqual([r.reader.atFastLineStart(), r.reader.nextLine(), r.reader.oriented()], [true, 5, false]);
  r.push(b('{"b":'));
  r.end();
  assert.deepEqual(r.log, [['push', [[{ a: 1 }, 1]]], ['push', [[{}, 4]]], ['push', []], ['problem', 'truncated_json', 5, TRUNCATED], ['end', []]]);
});

test('start.lineOriented: the lines before proved the file line-oriented', () => {
  for (const [lineOriented, expected] of [
    [true, ['problem', 'malformed_json', 3, UNFINISHED_AT_END]],
    [false, ['problem', 'truncated_json', 3, TRUNCATED]],
    [undefined, ['problem', 'truncated_json', 3, TRUNCATED]],
  ] as const) {
    const r = hybrid({ line: 3, lineOriented });
    assert.equal(r.reader.oriented(), lineOriented === true);
    r.push(b('{"b":'));
    r.end();
    assert.deepEqual(r.log, [['push', []], expected, ['end', []]], String(lineOriented));
  }
});

test('nothing needed: object documents are {} on the fast lines and where the reference reads, never null', async () => {
  const chunks = async function* () {
    yield b('{"a":1}\n{"a":\n2}\n[3]\n{"c":{"d":[4]}}\n');
  };
  const log: [unknown, number][] = [];
  for await (const batch of scanDocuments(chunks(), tree.compileNeeds([]), () => undefined)) log.push(...batch.map((d): [unknown, number] => [d.doc, d.line]));
  // Line 2 opens a value line 3 closes: the reference reads it. Line 4 is an array document: one element, not an
  // object (null).
  assert.deepStrictEqual(log, [
    [{}, 1],
    [{}, 2],
    [null, 4],
    [{}, 5],
  ]);
});

test('projectDocument: non-objects are null; an object is projected and stays an object', () => {
  const none = tree.compileNeeds([]);
  for (const v of [null, 1, 'x', true, [], [{ a: 1 }]]) assert.equal(tree.projectDocument(v, none), null);
  assert.deepStrictEqual(tree.projectDocument({ a: 1, b: { c: 2 } }, none), {});
  assert.deepStrictEqual(tree.projectDocument({ a: 1, b: { c: 2 }, z: 3 }, tree.compileNeeds(['a', 'b.c'])), { a: 1, b: { c: 2 } });
  const doc = { a: [1, { b: 2 }] };
  assert.equal(tree.projectDocument(doc, tree.compileNeeds([''])), doc);
});
