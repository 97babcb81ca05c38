import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocuments, type ParseProblem } from '../../../src/sources/files/parse-documents.js';
import { scanDocuments } from '../../../src/sources/files/scan/scan-documents.js';
import { scanModules } from '../../../src/sources/files/scan/scan-modules.js';

/** Every top-level key these tests use: the projection-aware reader keeps them all (whole values). */
const KEYS = ['a', 'b', 'c', 'd', 'n', 'q', 't', 'x'];

/**
 * Feed text in chunks of `size` characters (1 splits everywhere: inside strings, escapes, numbers) to the reference
 * reader — and the same text as bytes in chunks of `size` bytes to the projection-aware reader, which must give the
 * same batches, lines and problems (objects projected onto {@link KEYS}, other values as null).
 */
async function parse(text: string, size = 1e9, maxDocumentLength?: number): Promise<{ docs: [unknown, number][]; problems: ParseProblem[] }> {
  const problems: ParseProblem[] = [];
  const log: unknown[] = [];
  const chunks = (async function* () {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  })();
  const docs: [unknown, number][] = [];
  const options = maxDocumentLength === undefined ? {} : { maxDocumentLength };
  const { tree } = scanModules();
  const root = tree.compileNeeds(KEYS);
  for await (const batch of parseDocuments(chunks, (p) => (problems.push(p), log.push(p)), options)) {
    for (const d of batch) docs.push([d.doc, d.line]);
    log.push(batch.map((d) => [d.doc === null || typeof d.doc !== 'object' || Array.isArray(d.doc) ? null : tree.projectParsed(d.doc, root), d.line]));
  }
  const bytes = Buffer.from(text);
  const byteChunks = (async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })();
  const scanned: unknown[] = [];
  for await (const batch of scanDocuments(byteChunks, root, (p) => scanned.push(p), maxDocumentLength)) scanned.push(batch.map((d) => [d.doc, d.line]));
  assert.deepEqual(scanned, log, 'the projection-aware reader reads as the reference');
  return { docs, problems };
}

for (const size of [1, 7, 1e9]) {
  test(`NDJSON with blank lines, CRLF and a malformed line (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{"a":1}\r\n\n{"b":"x\\ny"}\nnot json\n  {"c":[1,2]}  \n{"d":', size);
    assert.deepEqual(docs, [
      [{ a: 1 }, 1],
      [{ b: 'x\ny' }, 3],
      [{ c: [1, 2] }, 5],
    ]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.line]),
      [
        ['malformed_json', 4],
        ['malformed_json', 6],
      ],
    );
  });

  test(`a pretty-printed JSON array with strings holding brackets and escaped quotes (chunks of ${size})`, async () => {
    const text = '[\n  {\n    "t": "a ] } [ {",\n    "q": "say \\"hi\\"",\n    "n": [1, {"x": 2}]\n  },\n  {"t": "second"}\n]\n';
    const { docs, problems } = await parse(text, size);
    assert.deepEqual(docs, [
      [{ t: 'a ] } [ {', q: 'say "hi"', n: [1, { x: 2 }] }, 2],
      [{ t: 'second' }, 7],
    ]);
    assert.deepEqual(problems, []);
  });

  test(`a truncated array keeps every complete document and reports the tail (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('[{"a":1},\n{"a":2},\n{"a":3, "b": "unfinish', size);
    assert.deepEqual(docs, [
      [{ a: 1 }, 1],
      [{ a: 2 }, 2],
    ]);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['truncated_json', 3]]);
  });

  test(`concatenated one-line arrays then pretty-printed objects, as batch-appending log servers write (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('[{"a":1},{"a":2}]\n[{"a":3}]\n{"a":4}\n{\n"a":5\n}', size);
    assert.deepEqual(docs.map(([d]) => (d as { a: number }).a), [1, 2, 3, 4, 5]);
    assert.deepEqual(problems, []);
  });
}

test('NDJSON lines holding arrays yield their elements; scalar elements are passed on for the mapper to reject', async () => {
  const { docs } = await parse('[{"a":1},{"a":2}]\n[3]\n');
  assert.deepEqual(docs, [
    [{ a: 1 }, 1],
    [{ a: 2 }, 1],
    [3, 2],
  ]);
});

test('a broken element inside an array is skipped with its line; the rest is read', async () => {
  const { docs, problems } = await parse('[\n{"a":1},\n{"a":tru},\n{"a":3}\n]');
  assert.deepEqual(docs.map(([d]) => d), [{ a: 1 }, { a: 3 }]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 3]]);
});

test('garbage between top-level values is skipped to the end of its line', async () => {
  const { docs, problems } = await parse('{\n"a":1\n}\ngarbage here\n{\n"a":2\n}');
  assert.deepEqual(docs.map(([d]) => d), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 4]]);
});

test('empty and whitespace-only input yield nothing', async () => {
  assert.deepEqual(await parse(''), { docs: [], problems: [] });
  assert.deepEqual(await parse('\n \n'), { docs: [], problems: [] });
});

// Issue 14, defect 1: a broken line must never swallow the rest of a line-oriented file.
for (const size of [1, 5, 1e9]) {
  test(`a first line cut in half (outside a string) loses only that line (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{"a":1,"b":{"c":\n{"a":2}\n{"a":3}\n', size);
    assert.deepEqual(docs, [
      [{ a: 2 }, 2],
      [{ a: 3 }, 3],
    ]);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 1]]);
  });

  test(`a first line cut inside a string loses only that line (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{"a":1,"b":"hal\n{"a":2}\n{"a":3}', size);
    assert.deepEqual(docs.map(([d, l]) => [(d as { a: number }).a, l]), [[2, 2], [3, 3]]);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 1]]);
  });

  test(`a lone "{" line between records is one bad line (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{"a":1}\n{\n{"a":2}\n{"a":3}\n', size);
    assert.deepEqual(docs.map(([d, l]) => [(d as { a: number }).a, l]), [[1, 1], [2, 3], [3, 4]]);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 2]]);
  });

  test(`consecutive cut lines and garbage lines are each reported once; good lines kept (chunks of ${size})`, async () => {
    const text = '{"a":1,\n{"b":2,"c\n{"a":\nnot json\n{"a":2}\n{\nhello\n{"a":3}\n{"a":';
    const { docs, problems } = await parse(text, size);
    assert.deepEqual(docs.map(([d, l]) => [(d as { a: number }).a, l]), [[2, 5], [3, 8]]);
    assert.deepEqual(
      problems.map((p) => [p.code, p.line]),
      [
        ['malformed_json', 1],
        ['malformed_json', 2],
        ['malformed_json', 3],
        ['malformed_json', 4],
        ['malformed_json', 6],
        ['malformed_json', 7],
        ['malformed_json', 9],
      ],
    );
  });

  test(`a lone "[" line before records: the records are kept, the "[" reported (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{"a":1}\n[\n{"a":2}\n{"a":3}\n', size);
    assert.deepEqual(docs.map(([d, l]) => [(d as { a: number }).a, l]), [[1, 1], [2, 3], [3, 4]]);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 2]]);
  });

  test(`a document over maxDocumentLength is skipped unbuffered; the next line is read (chunks of ${size})`, async () => {
    const big = `{"x":"${'y'.repeat(200)}","n":[1,2,{"z":"]}"}]}`;
    const text = `{"a":1}\n${big}\n{"a":2}\n[{"a":3},${big},{"a":4}]\n`;
    const { docs, problems } = await parse(text, size, 100);
    assert.deepEqual(docs, [[{ a: 1 }, 1], [{ a: 2 }, 3], [{ a: 3 }, 4], [{ a: 4 }, 4]]);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['document_too_large', 2], ['document_too_large', 4]]);
  });
}

test('a truncated pretty-printed array reports the cut document once, not each of its lines', async () => {
  const { docs, problems } = await parse('[\n  {\n    "a": 1\n  },\n  {\n    "a": 2,\n    "b": "unf');
  assert.deepEqual(docs, [[{ a: 1 }, 2]]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['truncated_json', 5]]);
});

test('an array cut right after a plain value reports the value as cut (it may be 23 of 230), not as a document', async () => {
  const { docs, problems } = await parse('[{"a": 1}, 23');
  assert.deepEqual(docs, [[{ a: 1 }, 1]]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['truncated_json', 1]]);
  const pretty = await parse('[\n  {"a": 1},\n  "x",\n  23');
  assert.deepEqual(pretty.docs, [[{ a: 1 }, 2], ['x', 3]]);
  assert.deepEqual(pretty.problems.map((p) => [p.code, p.line]), [['truncated_json', 4]]);
});

test('a pretty-printed array cut between elements is reported at its "["', async () => {
  const { docs, problems } = await parse('\n[\n  {\n    "a": 1\n  },\n');
  assert.deepEqual(docs, [[{ a: 1 }, 3]]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['truncated_json', 2]]);
});

test('pretty-printed documents with nested arrays of objects (indent 0, as json.dumps(indent=0) writes) stay whole', async () => {
  const doc = { a: [{ b: 1 }, { c: [] }, {}], d: { e: 'x' } };
  const text = `${JSON.stringify(doc, null, 0)}\n`.replace(/,/g, ',\n').replace(/\{/g, '{\n');
  const { docs, problems } = await parse(`[\n${text},\n${text}]`);
  assert.deepEqual(docs.map(([d]) => d), [doc, doc]);
  assert.deepEqual(problems, []);
});

// Mutation testing (reports/mutation/files-parse.json) found these paths of the character scanner untested.
test('a pretty-printed array of scalars: each element at its line, strings may hold commas and brackets, CRLF ends a number', async () => {
  const { docs, problems } = await parse('[\n  1,\n  "a,]b",\n  true,\n  null\n]\n');
  assert.deepEqual(docs, [[1, 2], ['a,]b', 3], [true, 4], [null, 5]]);
  assert.deepEqual(problems, []);
  const crlf = await parse('[\r\n1,\r\n2\r\n]\r\n');
  assert.deepEqual(crlf.docs, [[1, 2], [2, 3]]);
  assert.deepEqual(crlf.problems, []);
});

test('a line-oriented file ending inside an array: the cut element and the open "[" are reported, each once', async () => {
  const a = await parse('{"a":1}\n[\n{"a":2,\n');
  assert.deepEqual(a.docs, [[{ a: 1 }, 1]]);
  assert.deepEqual(a.problems.map((p) => [p.code, p.line]), [['malformed_json', 3], ['truncated_json', 2]]);
  const b = await parse('{"a":1}\n[{"a":2,\n');
  assert.deepEqual(b.docs, [[{ a: 1 }, 1]]);
  assert.deepEqual(b.problems.map((p) => [p.code, p.line]), [['malformed_json', 2]], 'the "[" is on the reported line: no second report');
});

test('inside an array, a column-0 record followed by its comma proves the open element broken', async () => {
  // Line 5 is indented, so only line 4 can prove the element of line 3 broken — once its trailing comma is dropped.
  const { docs, problems } = await parse('{"a":0}\n[\n{"a":1,\n{"b":2},\n  {"c":3}\n]\n');
  assert.deepEqual(docs, [[{ a: 0 }, 1], [{ b: 2 }, 4], [{ c: 3 }, 5]]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 3]]);
});

test('inside an array, absorbed lines are re-read without their trailing comma', async () => {
  // Line 4 (indented) is absorbed by the open element of line 3; line 5 in column 0 proves that element broken.
  const { docs, problems } = await parse('{"a":0}\n[\n{"a":1,\n  {"b":2},\n{"c":3}\n]\n');
  assert.deepEqual(docs, [[{ a: 0 }, 1], [{ b: 2 }, 4], [{ c: 3 }, 5]]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 3]]);
});

test('every problem with its exact message', async () => {
  const all = async (text: string, max?: number) => (await parse(text, 1e9, max)).problems;
  assert.deepEqual(await all('[\n{"a":tru},\n{"a":3}\n]'), [{ code: 'malformed_json', line: 2, message: 'not valid JSON; the document was skipped' }]);
  assert.deepEqual(await all('{"a":1,"b":"hal\n{"a":2}\n'), [{ code: 'malformed_json', line: 1, message: 'a line break inside a JSON string: the document is broken and was skipped' }]);
  assert.deepEqual(await all('{"a":1,"b":{"c":\n{"a":2}\n'), [
    { code: 'malformed_json', line: 1, message: 'an unfinished JSON value: the next line starts a new document; the broken line was skipped' },
  ]);
  assert.deepEqual(await all(`{"x":"${'y'.repeat(50)}"}\n`, 20), [
    { code: 'document_too_large', line: 1, message: 'a document longer than 20 characters (the maxDocumentLength limit) was skipped' },
  ]);
  assert.deepEqual(await all('[{"a":1}\n{"a":2}]\n'), [
    { code: 'malformed_json', line: 1, message: 'a "[" whose elements are not separated by commas; the elements are read as separate values' },
    { code: 'malformed_json', line: 2, message: 'text outside any JSON value; the rest of the line was skipped' },
  ]);
  assert.deepEqual(await all('{"a":1}\n{"a":\n'), [{ code: 'malformed_json', line: 2, message: 'not valid JSON (an unfinished value at the end of the file); the line was skipped' }]);
  assert.deepEqual(await all('{\n"a":'), [
    { code: 'truncated_json', line: 1, message: 'the file ends inside a JSON value (truncated while being written?); the incomplete document was skipped' },
  ]);
  assert.deepEqual(await all('[\n{"a":1},\n'), [
    { code: 'truncated_json', line: 1, message: 'the file ends inside a JSON array without its closing "]"; every complete document before it was read' },
  ]);
});

test('at most one problem per line and code: a missing comma and the stray "]" after it on one line are one report', async () => {
  const { docs, problems } = await parse('[{"a":1} {"a":2}]\n{"a":3}\n');
  assert.deepEqual(docs, [[{ a: 1 }, 1], [{ a: 2 }, 1], [{ a: 3 }, 2]]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 1]]);
});

test('a first line holding a record after an unclosed "{" is one broken value: the record on the next line is read, not the one inside', async () => {
  const { docs, problems } = await parse('{{"a":1}\n{"b":2}\n');
  assert.deepEqual(docs, [[{ b: 2 }, 2]]);
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 1]]);
});
