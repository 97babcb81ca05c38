import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LINES, WarningCollector } from '../../src/core/warnings.js';

test('repeats group per code and file with a count and the first line numbers', () => {
  const w = new WarningCollector();
  for (let line = 1; line <= MAX_LINES + 50; line++) w.add({ code: 'malformed_json', message: 'Bad JSON.', file: 'a.ndjson', line });
  w.add({ code: 'malformed_json', message: 'Bad JSON.', file: 'b.ndjson', line: 7 });
  w.add({ code: 'residual_filter', message: 'Filtered in memory.' });
  w.add({ code: 'pushdown_fallback', message: 'From an aggregation.', count: 41 });
  w.add({ code: 'pushdown_fallback', message: 'From an aggregation.', count: 1 });
  const list = w.toArray();
  assert.equal(list.length, 4);
  assert.deepEqual(list[3], { code: 'pushdown_fallback', message: 'From an aggregation.', count: 42 });
  assert.equal(list[0]!.count, MAX_LINES + 50);
  assert.equal(list[0]!.lines!.length, MAX_LINES);
  assert.deepEqual(list[1], { code: 'malformed_json', message: 'Bad JSON.', count: 1, file: 'b.ndjson', lines: [7] });
  assert.deepEqual(list[2], { code: 'residual_filter', message: 'Filtered in memory.', count: 1 });
  assert.equal(w.count('malformed_json'), MAX_LINES + 51);
});

test('a warning naming a file, even an empty name, is never grouped with the file-less ones of its code', () => {
  const w = new WarningCollector();
  w.add({ code: 'malformed_json', message: 'Bad JSON.' });
  w.add({ code: 'malformed_json', message: 'Bad JSON.', file: '', line: 3 });
  w.add({ code: 'malformed_json', message: 'Bad JSON.', count: 2 });
  w.add({ code: 'malformed_json', message: 'Bad JSON.', file: '', line: 4 });
  w.add({ code: 'malformed_json', message: 'Bad JSON.', file: 'undefined', line: 5 });
  assert.deepEqual(w.toArray(), [
    { code: 'malformed_json', message: 'Bad JSON.', count: 3 },
    { code: 'malformed_json', message: 'Bad JSON.', count: 2, file: '', lines: [3, 4] },
    { code: 'malformed_json', message: 'Bad JSON.', count: 1, file: 'undefined', lines: [5] },
  ]);
  assert.equal(w.count('malformed_json'), 6);
});
