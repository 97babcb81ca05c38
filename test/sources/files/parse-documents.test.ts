import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocuments, type ParseProblem } from '../../../src/sources/files/parse-documents.js';

/** Feed text in chunks of `size` characters (1 splits everywhere: inside strings, escapes, numbers). */
async function parse(text: string, size = 1e9): Promise<{ docs: [unknown, number][]; problems: ParseProblem[] }> {
  const problems: ParseProblem[] = [];
  const chunks = (async function* () {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  })();
  const docs: [unknown, number][] = [];
  for await (const batch of parseDocuments(chunks, (p) => problems.push(p))) for (const d of batch) docs.push([d.doc, d.line]);
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
