// Two more exact cases for the document scanner, from the survivors of the mutation run after
// parse-documents.exact.test.ts (reports/mutation/files-parse.json). A file of their own: Stryker's incremental
// mode re-runs only the survivors for a new test file, where a change to the exact file re-tests every mutant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBothWays as parse } from '../../helpers/parse-both-ways.js';


test('inside an array, an absorbed line without a trailing comma is re-read whole', async () => {
  // Line 4 (indented, no comma) is absorbed by the open element of line 3; line 5 in column 0 proves it broken.
  const { docs, problems } = await parse('{"a":0}\n[\n{"a":1,\n  {"b":2}\n{"c":3}\n]\n');
  assert.deepEqual(docs, [
    [{ a: 0 }, 1],
    [{ b: 2 }, 4],
    [{ c: 3 }, 5],
  ]);
  assert.deepEqual(problems, [['malformed_json', 3]]);
});

test('a lone CR (no LF) ends a plain element: the value after it on the same line needs a comma', async () => {
  const { docs, problems } = await parse('[\n1\r2,\n3\n]\n');
  assert.deepEqual(docs, [[1, 2]]);
  assert.deepEqual(problems, [
    ['malformed_json', 1],
    ['malformed_json', 2],
    ['malformed_json', 3],
    ['malformed_json', 4],
  ]);
});
