import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Row } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { resampleOperator } from '../../../src/core/operators/resample.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { untimed } from '../sequence/seq-helpers.js';
import { docSections } from './operator-doc-section.js';

const MIN = 60_000;
const events = [
  ev('1', 0, { session: 's1', target: 'a' }, { n: 2 }),
  ev('2', 30_000, { session: 's1', target: 'b' }, { n: '4' }),
  untimed('3', { session: 's1', target: 'a' }, { n: 100 }),
  ev('4', 2 * MIN + 1, { session: 's1', target: 'a' }, { n: 'x' }),
  untimed('5', { session: 's2' }),
  untimed('6', { session: 's2' }),
  ev('7', 5 * MIN, { session: 's3' }, { n: 1 }),
];

/** Run resample directly over events in partition order: its columns, its batches as they are (empty ones too) and the warnings. */
async function runDirect(params: Record<string, unknown>, input: readonly ReturnType<typeof ev>[]): Promise<{ columns: unknown; batches: Row[][]; warnings: unknown[] }> {
  const op = createRegistry().get('resample');
  const context = opContext();
  const frame: Frame = op.run({ kind: 'events', batches: batches(input, 2) }, op.params.parse(params), context);
  const out: Row[][] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly Row[]>) out.push([...batch]);
  return { columns: frame.kind === 'table' ? frame.columns : frame.kind, batches: out, warnings: context.warnings.toArray() };
}

test('one batch of bucket rows per partition with timed events, key first; empty buckets filled; untimed events reported', async () => {
  const r = await runDirect({ every: '1m' }, events);
  assert.deepEqual(r.columns, [
    { name: 'session', type: 'any', description: 'Partition key.' },
    { name: 'bucket', type: 'time' },
    { name: 'end', type: 'time' },
    { name: 'count', type: 'integer' },
  ]);
  // s2 has only untimed events: no rows and no (empty) batch
  assert.deepEqual(r.batches, [
    [
      { session: 's1', bucket: 0, end: MIN, count: 2 },
      { session: 's1', bucket: MIN, end: 2 * MIN, count: 0 },
      { session: 's1', bucket: 2 * MIN, end: 3 * MIN, count: 1 },
    ],
    [{ session: 's3', bucket: 5 * MIN, end: 6 * MIN, count: 1 }],
  ]);
  // one group: 1 untimed event in s1, 2 in s2
  assert.deepEqual(r.warnings, [{ code: 'untimed_excluded', message: 'resample left out events without a time.', count: 3 }]);
});

test('no untimed events: no warning; fill false lists only non-empty buckets', async () => {
  const timed = events.filter((e) => e.time !== undefined);
  const r = await runDirect({ every: '1m', fill: false }, timed);
  assert.deepEqual(r.batches, [
    [
      { session: 's1', bucket: 0, end: MIN, count: 2 },
      { session: 's1', bucket: 2 * MIN, end: 3 * MIN, count: 1 },
    ],
    [{ session: 's3', bucket: 5 * MIN, end: 6 * MIN, count: 1 }],
  ]);
  assert.deepEqual(r.warnings, []);
});

test('aggregates: columns typed integer for count and distinct, number for the others; values as pandas', async () => {
  const aggregates = [
    { name: 'c', op: 'count', field: 'doc.n' },
    { name: 'd', op: 'distinct', field: 'target' },
    { name: 's', op: 'sum', field: 'doc.n' },
    { name: 'm', op: 'mean', field: 'doc.n' },
    { name: 'lo', op: 'min', field: 'doc.n' },
    { name: 'hi', op: 'max', field: 'doc.n' },
  ];
  const r = await runDirect({ every: '10m', aggregates, partitionBy: [] }, events);
  assert.deepEqual(r.columns, [
    { name: 'bucket', type: 'time' },
    { name: 'end', type: 'time' },
    { name: 'count', type: 'integer' },
    { name: 'c', type: 'integer' },
    { name: 'd', type: 'integer' },
    { name: 's', type: 'number' },
    { name: 'm', type: 'number' },
    { name: 'lo', type: 'number' },
    { name: 'hi', type: 'number' },
  ]);
  // timed: n = 2, '4', 'x', 1 (the string 'x' is a value for count, not a number); targets a, b, a, missing
  assert.deepEqual(r.batches, [[{ bucket: 0, end: 10 * MIN, count: 4, c: 4, d: 2, s: 7, m: 7 / 3, lo: 1, hi: 4 }]]);
});

test('partitionBy several fields: one key column each, in order', async () => {
  const list = [ev('1', 0, { user: 'u', session: 's' }), ev('2', 1, { user: 'u' })];
  const r = await runDirect({ every: '1s', partitionBy: ['user', 'session'] }, list);
  assert.deepEqual(r.columns, [
    { name: 'user', type: 'any', description: 'Partition key.' },
    { name: 'session', type: 'any', description: 'Partition key.' },
    { name: 'bucket', type: 'time' },
    { name: 'end', type: 'time' },
    { name: 'count', type: 'integer' },
  ]);
  assert.deepEqual(r.batches, [[{ user: 'u', session: 's', bucket: 0, end: 1000, count: 1 }], [{ user: 'u', session: null, bucket: 0, end: 1000, count: 1 }]]);
});

test('an aggregate named like a column (bucket, end, count or a partition field) is refused with duplicate_column', () => {
  const op = createRegistry().get('resample');
  const run = (params: Record<string, unknown>) => () => op.run({ kind: 'events', batches: batches([]) }, op.params.parse(params), opContext());
  for (const name of ['bucket', 'end', 'count', 'session']) {
    assert.throws(run({ every: '1m', aggregates: [{ name: 'ok', op: 'count' }, { name, op: 'sum', field: 'doc.n' }] }), {
      name: 'InvalidPipelineError',
      code: 'invalid_pipeline',
      message: `Aggregate name ${JSON.stringify(name)} clashes with a column.`,
      issues: [{ code: 'duplicate_column', path: ['aggregates'], message: `${name} is already a column.` }],
    });
  }
  assert.throws(run({ every: '1m', partitionBy: 'user', aggregates: [{ name: 'user', op: 'count' }] }), {
    code: 'invalid_pipeline',
    message: 'Aggregate name "user" clashes with a column.',
    issues: [{ code: 'duplicate_column', path: ['aggregates'], message: 'user is already a column.' }],
  });
  // `session` is free when the partition is another field; other names are free
  assert.doesNotThrow(run({ every: '1m', partitionBy: 'user', aggregates: [{ name: 'session', op: 'count' }, { name: 'buckets', op: 'count' }] }));
});

test('fields read: the aggregates’ fields, in order (an aggregate without one reads none); partition by the session by default', () => {
  const params = resampleOperator.params.parse({ every: '1m', aggregates: [{ name: 'a', op: 'sum', field: 'doc.n' }, { name: 'b', op: 'count' }, { name: 'c', op: 'distinct', field: 'target' }] });
  assert.deepEqual(resampleOperator.fields!(params), ['doc.n', 'target']);
  assert.deepEqual(resampleOperator.fields!(resampleOperator.params.parse({ every: '1m' })), []);
  assert.deepEqual(resampleOperator.partition!(params), { by: ['session'] });
});

test('docs/operators.md documents resample as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(resampleOperator);
  assert.equal(rendered, committed);
});
