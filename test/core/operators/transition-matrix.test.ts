import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { transitionMatrixOperator } from '../../../src/core/operators/transition-matrix.js';
import { DistillError } from '../../../src/core/errors.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf, runOp } from './run-op.js';

// Three sessions, targets by time (ms): s1 b a b a, s2 b c, s3 c (one step).
// Transitions: b→a twice, a→b once, b→c once; b leaves 3 times, a once.
const events = [
  ev('1', 0, { session: 's1', target: 'b' }),
  ev('2', 1000, { session: 's1', target: 'a' }),
  ev('3', 2000, { session: 's1', target: 'b' }),
  ev('4', 4000, { session: 's1', target: 'a' }),
  ev('5', 10000, { session: 's2', target: 'b' }),
  ev('6', 13000, { session: 's2', target: 'c' }),
  ev('7', 20000, { session: 's3', target: 'c' }),
];

const COLUMNS = [
  { name: 'from', type: 'string', description: 'Source label.' },
  { name: 'to', type: 'string', description: 'Next label.' },
  { name: 'count', type: 'integer', description: 'Times `to` directly followed `from`.' },
  { name: 'probability', type: 'number', description: 'count / transitions leaving `from` (row-normalised).' },
];

test('long-form Markov matrix sorted by from then to, with its columns', async () => {
  const frame = runOp('transition-matrix', {}, events);
  assert.equal(frame.kind, 'table');
  assert.deepStrictEqual(frame.kind === 'table' ? frame.columns : undefined, COLUMNS);
  assert.deepStrictEqual(await rowsOf(frame), [
    { from: 'a', to: 'b', count: 1, probability: 1 },
    { from: 'b', to: 'a', count: 2, probability: 2 / 3 },
    { from: 'b', to: 'c', count: 1, probability: 1 / 3 },
  ]);
});

test('start and end states: an absorbing chain', async () => {
  // [start]: b twice (s1, s2), c once (s3); ends: a (s1), c (s2, s3)
  assert.deepStrictEqual(await rowsOf(runOp('transition-matrix', { startEnd: true }, events)), [
    { from: '[start]', to: 'b', count: 2, probability: 2 / 3 },
    { from: '[start]', to: 'c', count: 1, probability: 1 / 3 },
    { from: 'a', to: '[end]', count: 1, probability: 0.5 },
    { from: 'a', to: 'b', count: 1, probability: 0.5 },
    { from: 'b', to: 'a', count: 2, probability: 2 / 3 },
    { from: 'b', to: 'c', count: 1, probability: 1 / 3 },
    { from: 'c', to: '[end]', count: 2, probability: 1 },
  ]);
});

test('minCount and topK prune rows; probabilities stay those of the full data', async () => {
  assert.deepStrictEqual(await rowsOf(runOp('transition-matrix', { minCount: 2 }, events)), [{ from: 'b', to: 'a', count: 2, probability: 2 / 3 }]);
  // topK 2: b→a (2), then a→b and b→c tie at 1: source a before b
  assert.deepStrictEqual(await rowsOf(runOp('transition-matrix', { topK: 2 }, events)), [
    { from: 'a', to: 'b', count: 1, probability: 1 },
    { from: 'b', to: 'a', count: 2, probability: 2 / 3 },
  ]);
});

test('metrics is not a parameter of the matrix: invalid_pipeline', () => {
  assert.throws(
    () => parsePipeline({ steps: [{ op: 'transition-matrix', metrics: [] }] }, { registry: createRegistry(), defaultSource: 'logs' }),
    (e: unknown) => {
      assert.ok(e instanceof DistillError);
      assert.equal(e.code, 'invalid_pipeline');
      assert.deepStrictEqual(e.issues.map((i) => [i.path.join('.'), i.message]), [['steps.0.metrics', 'Unknown key "metrics". Remove it or check its spelling.']]);
      return true;
    },
  );
});

test('run accepts only events (the runner checks accepts first): a table is a programming error', () => {
  const table = { kind: 'table' as const, columns: [], batches: batches([]) };
  assert.throws(() => transitionMatrixOperator.run(table, transitionMatrixOperator.params.parse({}), opContext()), {
    name: 'Error',
    message: 'unreachable: transition-matrix accepts events',
  });
});

test('docs/operators.md documents transition-matrix as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(transitionMatrixOperator);
  assert.equal(rendered, committed);
});
