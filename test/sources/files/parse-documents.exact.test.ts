// Exact documents, lines and problems for the edge cases of the document scanner that mutation testing
// (reports/mutation/files-parse.json) showed unpinned: what proves a file line-oriented (it decides between
// malformed_json and truncated_json at the end of a file), trimming (spaces, tabs, CR, U+FEFF, no-break space),
// chunk boundaries inside an open value, the 1 Mi-character fast-path wait, the maxDocumentLength boundary, the
// scalar-element rules of arrays and the hand-back of the projection-aware reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentScanner, type ParseProblem } from '../../../src/sources/files/parse-documents.js';
import { parseBothWays as parse } from '../../helpers/parse-both-ways.js';

// A file with no line-oriented evidence that ends inside a value reports truncated_json; once a line proved the
// file line-oriented, the same end is one bad line (malformed_json). These pin exactly what counts as evidence.
test('evidence: a complete one-line object or array proves the file line-oriented; empty containers and scanned values do not', async () => {
  const cut = '{"b":\n';
  const end = async (first: string) => (await parse(`${first}\n${cut}`)).problems;
  assert.deepEqual(await end('{"a":1}'), [['malformed_json', 2]]);
  assert.deepEqual(await end('[{"a":1}]'), [['malformed_json', 2]], 'a line holding an array is evidence');
  assert.deepEqual(await end('[1]'), [['malformed_json', 2]], 'a non-empty array of scalars is evidence');
  assert.deepEqual(await end('{}'), [['truncated_json', 2]], 'an empty object is not');
  assert.deepEqual(await end('[]'), [['truncated_json', 2]], 'an empty array is not');
  assert.deepEqual(await end('{\n"a":1\n}'), [['truncated_json', 4]], 'a pretty-printed object is not');
});

test('evidence: lines are trimmed of spaces, tabs, CR and U+FEFF before the one-line test', async () => {
  for (const [first, label] of [
    ['  {"a":1}', 'leading spaces'],
    ['\t{"a":1}', 'a leading tab'],
    ['\r{"a":1}', 'a leading CR'],
    ['\ufeff{"a":1}', 'a leading byte-order mark'],
  ] as const) {
    const { docs, problems } = await parse(`${first}\n{"b":\n`);
    assert.deepEqual(docs, [[{ a: 1 }, 1]], label);
    assert.deepEqual(problems, [['malformed_json', 2]], label);
  }
});

test('a byte-order mark at the start of a later line, or alone on a line, is white space', async () => {
  const { docs, problems } = await parse('{"a":1}\n\ufeff{"b":2}\n\ufeff\n{"c":3}\n\ufeff{"d":4}');
  assert.deepEqual(docs, [
    [{ a: 1 }, 1],
    [{ b: 2 }, 2],
    [{ c: 3 }, 4],
    [{ d: 4 }, 5],
  ]);
  assert.deepEqual(problems, []);
});

test('a one-line value exactly maxDocumentLength long takes the fast path (trailing CR and spaces trimmed); one more character is too large', async () => {
  // '{"a":1}' is 7 characters.
  for (const text of ['\n{"a":1}\n{"b":', '\n{"a":1}\r\n{"b":', '\n{"a":1}  \n{"b":']) {
    const { docs, problems } = await parse(text, 1e9, 7);
    assert.deepEqual(docs, [[{ a: 1 }, 2]], JSON.stringify(text));
    assert.deepEqual(problems, [['malformed_json', 3]], `${JSON.stringify(text)}: line 2 proved the file line-oriented`);
  }
  const over = await parse('{"a":12}\n{"b":2}\n', 1e9, 7);
  assert.deepEqual(over.docs, [[{ b: 2 }, 2]]);
  assert.deepEqual(over.full, [{ code: 'document_too_large', line: 1, message: 'a document longer than 7 characters (the maxDocumentLength limit) was skipped' }]);
});

test('maxDocumentLength holds for scanned elements too: exactly the limit is read, one character more is skipped', async () => {
  // Inside a pretty-printed array every element goes through the character scanner: '{"a":1}' is 7 characters,
  // '{"a":12}' 8, '"abcdef"' 8, '1234567' 7, '12345678' 8.
  for (const size of [1, 3, 1e9]) {
    const { docs, problems } = await parse('[\n{"a":1},\n{"a":12},\n"abcdef",\n"abcde",\n1234567,\n12345678\n]\n', size, 7);
    assert.deepEqual(docs, [[{ a: 1 }, 2], ['abcde', 5], [1234567, 6]], `chunks of ${size}`);
    assert.deepEqual(problems, [['document_too_large', 3], ['document_too_large', 4], ['document_too_large', 7]], `chunks of ${size}`);
  }
  const pretty = await parse('{\n"a":1}\n{"b":2}\n', 1e9, 7);
  assert.deepEqual(pretty.docs, [[{ b: 2 }, 3]], 'a pretty-printed object of 8 characters is too large');
  assert.deepEqual(pretty.problems, [['document_too_large', 1]]);
});

test('a line that parses but is not an object or array is not a fast-path document', async () => {
  const { docs, problems } = await parse('{"a":1}\n42\n"x"\ntrue\n{"b":2}\n');
  assert.deepEqual(docs, [
    [{ a: 1 }, 1],
    [{ b: 2 }, 5],
  ]);
  assert.deepEqual(problems, [
    ['malformed_json', 2],
    ['malformed_json', 3],
    ['malformed_json', 4],
  ]);
});

test('text outside any value skips the rest of its line, even a record on it; an array is opened only by "["', async () => {
  const { docs, problems } = await parse('{"a":0}\nx {"a":1}\nx, {"a":2}\n{"b":3}\n');
  assert.deepEqual(docs, [
    [{ a: 0 }, 1],
    [{ b: 3 }, 4],
  ]);
  assert.deepEqual(problems, [
    ['malformed_json', 2],
    ['malformed_json', 3],
  ]);
});

test('a closed array ends: the records after it are top-level documents again', async () => {
  const { docs, problems } = await parse('[\n{"a":1}\n]\n{"b":2}\n{"c":3}\n');
  assert.deepEqual(docs, [
    [{ a: 1 }, 2],
    [{ b: 2 }, 4],
    [{ c: 3 }, 5],
  ]);
  assert.deepEqual(problems, []);
});

test('between elements, tabs and CRs are white space', async () => {
  const { docs, problems } = await parse('[\n\t{"a":1},\t\n\t{"a":2}\r\n]\r\n');
  assert.deepEqual(docs, [
    [{ a: 1 }, 2],
    [{ a: 2 }, 3],
  ]);
  assert.deepEqual(problems, []);
});

test('elements that are arrays are pretty-printed too: their items become documents at the element line', async () => {
  const { docs, problems } = await parse('[\n[1, 2],\n[{"a":3}]\n]\n');
  assert.deepEqual(docs, [
    [1, 2],
    [2, 2],
    [{ a: 3 }, 3],
  ]);
  assert.deepEqual(problems, []);
});

for (const size of [1, 3, 1e9]) {
  test(`plain elements: several on a line, ended by ",", "]", CR or the line's end, trimmed of any white space (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('[\n1, 2]\n[\n"a", 3\r\n,4\u00a0,\n5\u00a0\n]\n', size);
    assert.deepEqual(docs, [
      [1, 2],
      [2, 2],
      ['a', 4],
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
    assert.deepEqual(problems, []);
  });

  test(`plain elements without commas between them: the array is reported at its "[" and the rest read as top-level text (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('[\n1\n2\n]\n{"a":1}\n', size);
    assert.deepEqual(docs, [
      [1, 2],
      [{ a: 1 }, 5],
    ]);
    assert.deepEqual(problems, [
      ['malformed_json', 1],
      ['malformed_json', 3],
      ['malformed_json', 4],
    ]);
    const crlf = await parse('[\r\n1\r\n2\r\n]\r\n', size);
    assert.deepEqual(crlf.docs, [[1, 2]]);
    assert.deepEqual(crlf.problems, [
      ['malformed_json', 1],
      ['malformed_json', 3],
      ['malformed_json', 4],
    ]);
  });

  test(`a quote inside a plain element opens a string: its "]" does not close the array (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('[\n1 "a]b",\n2\n]\n', size);
    assert.deepEqual(docs, [[2, 3]]);
    assert.deepEqual(problems, [['malformed_json', 2]]);
  });

  test(`escapes in pretty-printed strings: an escaped quote does not end the string, an escaped n is not a line break (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{\n"t": "x\\" } y",\n"a": "l1\\nl2 \\\\"\n}\n[\n"",\n"\\"]"\n]\n', size);
    assert.deepEqual(docs, [
      [{ t: 'x" } y', a: 'l1\nl2 \\' }, 1],
      ['', 6],
      ['"]', 7],
    ]);
    assert.deepEqual(problems, []);
  });

  test(`an empty first key or string is a complete string (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{\n"": 1\n}\n', size);
    assert.deepEqual(docs, [[{ '': 1 }, 1]]);
    assert.deepEqual(problems, []);
  });

  test(`a file ending right after a complete column-0 record proves the open value before it broken (chunks of ${size})`, async () => {
    const { docs, problems } = await parse('{"a":1,\n{"b":2}', size);
    assert.deepEqual(docs, [[{ b: 2 }, 2]]);
    assert.deepEqual(problems, [['malformed_json', 1]]);
    const array = await parse('{"a":0}\n[\n{"a":1,\n{"b":2}', size);
    assert.deepEqual(array.docs, [[{ a: 0 }, 1], [{ b: 2 }, 4]]);
    assert.deepEqual(array.problems, [['malformed_json', 3], ['truncated_json', 2]]);
  });
}

test('a column-0 record without a comma inside an array still proves the open element broken', async () => {
  const { docs, problems } = await parse('{"a":0}\n[\n{"a":1,\n{"b":2}\n]\n');
  assert.deepEqual(docs, [
    [{ a: 0 }, 1],
    [{ b: 2 }, 4],
  ]);
  assert.deepEqual(problems, [['malformed_json', 3]]);
});

test('a column-0 line proves an open value broken only if it is a complete object or array', async () => {
  // '1' in column 0 is the value of "a"; '[{"b":2}]' in column 0 is a record.
  const scalar = await parse('{\n"a":\n1\n}\n');
  assert.deepEqual(scalar.docs, [[{ a: 1 }, 1]]);
  assert.deepEqual(scalar.problems, []);
  const array = await parse('{"a":1,\n[{"b":2}]\n');
  assert.deepEqual(array.docs, [[{ b: 2 }, 2]]);
  assert.deepEqual(array.problems, [['malformed_json', 1]]);
});

test('the proof inside an array makes the file line-oriented even when no line took the fast path', async () => {
  const { docs, problems } = await parse('[\n{"a":1,\n{"b":2},\n{"c":');
  assert.deepEqual(docs, [[{ b: 2 }, 3]]);
  assert.deepEqual(problems, [
    ['malformed_json', 2],
    ['malformed_json', 4],
    ['truncated_json', 1],
  ]);
});

test('the lines an abandoned value absorbed are re-read one by one: blank ones skipped, a trailing comma kept outside arrays', async () => {
  const { docs, problems } = await parse('{"a":1}\n{"x":\n  {"b":2}\n\n  {"c":3},\n  {"d":4}\n{"z":5}\n');
  assert.deepEqual(docs, [
    [{ a: 1 }, 1],
    [{ b: 2 }, 3],
    [{ d: 4 }, 6],
    [{ z: 5 }, 7],
  ]);
  assert.deepEqual(problems, [
    ['malformed_json', 2],
    ['malformed_json', 5],
  ]);
});

test('at the end of a line-oriented file, the lines of the unfinished value are re-read up to the last one without a line break', async () => {
  const { docs, problems } = await parse('{"a":1}\n{"x":\n  {"b":2}\n  {"c":3}');
  assert.deepEqual(docs, [
    [{ a: 1 }, 1],
    [{ b: 2 }, 3],
    [{ c: 3 }, 4],
  ]);
  assert.deepEqual(problems, [['malformed_json', 2]]);
});

test('after a line break inside a string, the next value starts outside any string', async () => {
  const { docs, problems } = await parse('{"a":"hal\n{\n"b":2\n}\n');
  assert.deepEqual(docs, [[{ b: 2 }, 2]]);
  assert.deepEqual(problems, [['malformed_json', 1]]);
});

test('an unclosed "{" holding a complete array on its first line: the array is not read on its own', async () => {
  const { docs, problems } = await parse('{[1]\n{"a":2}\n');
  assert.deepEqual(docs, [[{ a: 2 }, 2]]);
  assert.deepEqual(problems, [['malformed_json', 1]]);
});

test('a candidate line cut by a chunk boundary: its position survives the buffer being compacted', async () => {
  // Chunks of 18 end after '{"b"' of line 3, while the value of line 2 (which started in the same chunk) is open.
  for (const size of [18, 1e9]) {
    const { docs, problems } = await parse('{"x":1}\n{"a":\n{"b":2}\n}\n', size);
    assert.deepEqual(docs, [
      [{ x: 1 }, 1],
      [{ b: 2 }, 3],
    ], `chunks of ${size}`);
    assert.deepEqual(problems, [
      ['malformed_json', 2],
      ['malformed_json', 4],
    ], `chunks of ${size}`);
  }
});

test('a too-large value is skipped whole: column-0 records inside it do not end it, nor re-read its lines', async () => {
  const y = 'y'.repeat(30);
  const open = await parse(`{{"a":"${y}"}\n{"c":1}\n}\n{"b":1}\n`, 1e9, 10);
  assert.deepEqual(open.docs, [[{ b: 1 }, 4]]);
  assert.deepEqual(open.problems, [['document_too_large', 1]]);
  const string = await parse(`{"a":0}\n{"x":"${y}\n{"b":1}\n`, 1e9, 10);
  assert.deepEqual(string.docs, [
    [{ a: 0 }, 1],
    [{ b: 1 }, 3],
  ]);
  assert.deepEqual(string.problems, [
    ['document_too_large', 2],
    ['malformed_json', 2],
  ]);
  const scalars = await parse(`[\n"${y}"\n,"${y}", 1\n]\n`, 1e9, 10);
  assert.deepEqual(scalars.docs, [[1, 3]]);
  assert.deepEqual(scalars.problems, [
    ['document_too_large', 2],
    ['document_too_large', 3],
  ]);
});

test('lines longer than the fast-path wait (1 Mi characters) are scanned as they stream, so they are no line-oriented evidence', async () => {
  const big = `{"a":"${'y'.repeat(1 << 20)}"}`;
  const chunk = 1 << 16;
  // Cut inside the big line: the scanner reads it as it streams; the cut last line is then a truncated document.
  const streamed = await parse(`${big}\n{"b":`, chunk);
  assert.deepEqual(streamed.docs.map(([d, l]) => [typeof (d as { a: string }).a === 'string' ? 'big' : d, l]), [['big', 1]]);
  assert.deepEqual(streamed.problems, [['truncated_json', 2]]);
  // A chunk ending right after the big value, before its line break (and with blanks after it): same lines.
  for (const tail of ['', ' ']) {
    const r = await parse(`${big}${tail}\n{"b":1}\n`, [big.length + tail.length, 1e9]);
    assert.deepEqual(r.docs.map(([d, l]) => [typeof (d as { a?: string }).a === 'string' ? 'big' : d, l]), [['big', 1], [{ b: 1 }, 2]], JSON.stringify(tail));
    assert.deepEqual(r.problems, []);
  }
});

test('the fast-path wait counts the characters of the unfinished line only', async () => {
  // 600 Ki blank lines then a line of 600 Ki characters cut by the chunk: less than 1 Mi unread, so the reader waits
  // for its end and reads it as one line (evidence), though the chunk is longer than 1 Mi.
  const blank = '\n'.repeat(600 * 1024);
  const line = `{"a":"${'y'.repeat(600 * 1024)}"}`;
  const half = blank.length + line.length / 2;
  const r = await parse(`${blank}${line}\n{"b":`, [half, 1e9]);
  assert.deepEqual(r.problems, [['malformed_json', blank.length + 2]]);
  // Exactly 1 Mi characters unread: no longer waiting.
  const exact = `{"a":"${'y'.repeat((1 << 20) + 100)}"}`;
  const e = await parse(`${exact}\n{"b":`, [1 << 20, 1e9]);
  assert.deepEqual(e.problems, [['truncated_json', 2]]);
});

test('a scanner started mid-file with handBack stops at the first clean line start after its first line', () => {
  const problems: ParseProblem[] = [];
  const a = new DocumentScanner((p) => problems.push(p), 1000, { line: 5, lineOriented: false, handBack: true });
  assert.deepEqual(a.handBack(), undefined);
  assert.deepEqual(a.feed('{\n"a":1\n}\n{"b":2}\n', false), [{ doc: { a: 1 }, line: 5 }]);
  assert.deepEqual(a.handBack(), { rest: '{"b":2}\n', line: 8, lineOriented: false });
  // After a proof: the scanner stops at the record that proved the value broken, with the evidence.
  const b = new DocumentScanner((p) => problems.push(p), 1000, { line: 1, lineOriented: false, handBack: true });
  assert.deepEqual(b.feed('{"a":1,\n{"b":2}\n{"c":3}\n', false), []);
  assert.deepEqual(b.handBack(), { rest: '{"b":2}\n{"c":3}\n', line: 2, lineOriented: true });
  assert.deepEqual(problems.map((p) => [p.code, p.line]), [['malformed_json', 1]]);
  // Without handBack the same text is read to its end.
  const c = new DocumentScanner(() => {}, 1000, { line: 1, lineOriented: false, handBack: false });
  assert.deepEqual(c.feed('{\n"a":1\n}\n{"b":2}\n', true), [{ doc: { a: 1 }, line: 1 }, { doc: { b: 2 }, line: 4 }]);
  assert.equal(c.handBack(), undefined);
});
