import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../../../src/core/pipeline/format-path.js';

test('formatPath: dots between identifier keys, brackets for indices, quoted brackets for other keys, (root) for none', () => {
  assert.equal(formatPath([]), '(root)');
  assert.equal(formatPath(['steps']), 'steps');
  assert.equal(formatPath(['steps', 1, 'by']), 'steps[1].by');
  assert.equal(formatPath(['outputs', 'graph', 0, 'op']), 'outputs.graph[0].op');
  assert.equal(formatPath(['query', 'where', 'any', 2, 'a b']), 'query.where.any[2]["a b"]');
  assert.equal(formatPath([0]), '[0]');
  assert.equal(formatPath([0, 'x']), '[0].x');
  assert.equal(formatPath(['a b']), '["a b"]');
  assert.equal(formatPath(['a b', 'c']), '["a b"].c');
});

test('formatPath: what counts as an identifier key (letters, _, $ first; then also digits and -)', () => {
  assert.equal(formatPath(['_a', '$b', 'Z9', 'x-y']), '_a.$b.Z9.x-y');
  assert.equal(formatPath(['9a']), '["9a"]');
  assert.equal(formatPath(['-a']), '["-a"]');
  assert.equal(formatPath(['a.b']), '["a.b"]');
  assert.equal(formatPath(['']), '[""]');
  assert.equal(formatPath(['x', 'a\nb']), 'x["a\\nb"]');
  assert.equal(formatPath(['x', 'ab ']), 'x["ab "]');
  assert.equal(formatPath(['x', ' ab']), 'x[" ab"]');
  assert.equal(formatPath(['é']), '["é"]');
  assert.equal(formatPath(['say "hi"']), '["say \\"hi\\""]');
});
