import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell } from '../../../src/core/output/csv-cell.js';

test('csvCell: RFC 4180 cells — empty for missing and non-finite, booleans and numbers as JSON, quoting only when needed', () => {
  assert.deepEqual(
    [null, undefined, true, false, 0, -1.5, Number.NaN, Infinity, 'plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', { k: 'v,w' }, ['x']].map(csvCell),
    ['', '', 'true', 'false', '0', '-1.5', '', '', 'plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\r"', '"{""k"":""v,w""}"', '"[""x""]"'],
  );
});
