import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathProbabilitiesOperator } from '../../../src/core/operators/path-probabilities.js';
import { DistillError } from '../../../src/core/errors.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf, runOp } from './run-op.js';

// Actions by default: clicks that are not interval summaries.
//   s1: click #buy, click #buy, click #nav, focus #q, interval click #buy  → actions #buy 2, #nav 1
//   s2: click #nav                                                          → #nav 1
//   s3: focus #q                                                            → none (not an acting partition)
//   s4: click without a target                                              → no label: none
// Overall: 4 actions in 2 acting sessions: #buy 2 (s1), #nav 2 (s1, s2).
const events = [
  ev('1', 1, { session: 's1', type: 'click', kind: 'raw', target: '#buy' }),
  ev('2', 2, { session: 's1', type: 'click', kind: 'raw', target: '#buy' }),
  ev('3', 3, { session: 's1', type: 'click', kind: 'raw', target: '#nav' }),
  ev('4', 4, { session: 's1', type: 'focus', kind: 'raw', target: '#q' }),
  ev('5', 5, { session: 's1', type: 'click', kind: 'interval', target: '#buy' }),
  ev('6', 6, { session: 's2', type: 'click', kind: 'raw', target: '#nav' }),
  ev('7', 7, { session: 's3', type: 'focus', kind: 'raw', target: '#q' }),
  ev('8', 8, { session: 's4', type: 'click', kind: 'raw' }),
];

const COLUMNS = [
  { name: 'partition', type: 'string', description: 'Partition id (key values joined by |); null on overall rows.' },
  { name: 'label', type: 'string' },
  { name: 'count', type: 'integer' },
  { name: 'denominator', type: 'integer', description: 'All actions in scope (overall or in the partition).' },
  { name: 'probability', type: 'number', description: 'count / denominator.' },
  { name: 'partitions', type: 'integer', description: 'Partitions acting on the label at least once (overall rows).' },
  { name: 'partition_share', type: 'number', description: 'partitions / partitions with any action.' },
];

const OVERALL = [
  { partition: null, label: '#buy', count: 2, denominator: 4, probability: 0.5, partitions: 1, partition_share: 0.5 },
  { partition: null, label: '#nav', count: 2, denominator: 4, probability: 0.5, partitions: 2, partition_share: 1 },
];

test('default action: overall rows by descending count, ties by label, with their columns', async () => {
  const frame = runOp('path-probabilities', {}, events);
  assert.deepStrictEqual(frame.kind === 'table' ? frame.columns : frame.kind, COLUMNS);
  assert.deepStrictEqual(await rowsOf(frame), OVERALL);
});

test('perPartition adds one row per partition and label with the partition’s own denominator', async () => {
  assert.deepStrictEqual(await rowsOf(runOp('path-probabilities', { perPartition: true }, events)), [
    ...OVERALL,
    { partition: 's1', label: '#buy', count: 2, denominator: 3, probability: 2 / 3, partitions: 1, partition_share: 1 },
    { partition: 's1', label: '#nav', count: 1, denominator: 3, probability: 1 / 3, partitions: 1, partition_share: 1 },
    { partition: 's2', label: '#nav', count: 1, denominator: 1, probability: 1, partitions: 1, partition_share: 1 },
  ]);
});

test('a custom action condition (focus events count, clicks do not)', async () => {
  assert.deepStrictEqual(await rowsOf(runOp('path-probabilities', { action: { field: 'type', op: 'eq', value: 'focus' } }, events)), [
    { partition: null, label: '#q', count: 2, denominator: 2, probability: 1, partitions: 2, partition_share: 1 },
  ]);
});

test('a bad time in the action condition is invalid_query naming the path under action', async () => {
  const frame = runOp('path-probabilities', { action: { field: 'time', op: 'gt', value: 'soon' } }, events);
  await assert.rejects(rowsOf(frame), (e: unknown) => {
    assert.ok(e instanceof DistillError);
    assert.equal(e.code, 'invalid_query');
    assert.equal(e.message, 'Invalid time "soon" at action.value.');
    assert.deepStrictEqual(e.issues, [
      {
        code: 'invalid_time',
        path: ['action', 'value'],
        message: '"soon" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).',
      },
    ]);
    return true;
  });
});

test('docs/operators.md documents path-probabilities as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(pathProbabilitiesOperator);
  assert.equal(rendered, committed);
});
