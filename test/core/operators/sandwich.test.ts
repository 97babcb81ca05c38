import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Row } from '../../../src/core/frame.js';
import { InvalidQueryError } from '../../../src/core/errors.js';
import { SandwichParams, sandwichOperator } from '../../../src/core/operators/sandwich.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { recordingSource, runRecorded } from './recording-source.js';
import { runOp } from './run-op.js';

// `sandwich` alone: its rows and columns, its parameters, what it asks of the source, its published definition.
// Partition order (session, then time), as the runner delivers it to the operator:
//   s1: 1 focus A @0, 2 input A @100 (details.key x), 3 input B @200, 4 scroll A @250, 5 blur A @300,
//       6 focus B @400, 7 blur B @500
//   s2: 8 focus A @1000, 9 mousemove A @1100 (no closing blur)
const events: CanonicalEvent[] = [
  ev('1', 0, { session: 's1', type: 'focus', target: 'A' }),
  ev('2', 100, { session: 's1', type: 'input', target: 'A' }, { details: { key: 'x' } }),
  ev('3', 200, { session: 's1', type: 'input', target: 'B' }),
  ev('4', 250, { session: 's1', type: 'scroll', target: 'A' }),
  ev('5', 300, { session: 's1', type: 'blur', target: 'A' }),
  ev('6', 400, { session: 's1', type: 'focus', target: 'B' }),
  ev('7', 500, { session: 's1', type: 'blur', target: 'B' }),
  ev('8', 1000, { session: 's2', type: 'focus', target: 'A' }),
  ev('9', 1100, { session: 's2', type: 'mousemove', target: 'A' }),
];
/** The columns after the partition key columns. */
const COLUMNS_AFTER_KEYS = [
  { name: 'startId', type: 'string' },
  { name: 'endId', type: 'string' },
  { name: 'start', type: 'time' },
  { name: 'end', type: 'time' },
  { name: 'span', type: 'number', description: 'end − start in ms.' },
  { name: 'innerCount', type: 'integer' },
  { name: 'innerIds', type: 'json' },
  { name: 'counts', type: 'json' },
];
const focus = { field: 'type', op: 'eq', value: 'focus' };
const blur = { field: 'type', op: 'eq', value: 'blur' };

/** The row batches the operator yields (one per partition with a sandwich). */
async function batchesOf(params: Record<string, unknown>, input: readonly CanonicalEvent[] = events): Promise<Row[][]> {
  const out: Row[][] = [];
  for await (const batch of runOp('sandwich', { start: focus, end: blur, ...params }, input).batches as AsyncIterable<Row[]>) out.push(batch);
  return out;
}

test('bookends paired by target per session: the filling, its count and counts by type, ordered by the closing event', async () => {
  // s2 has no closing blur: no sandwich, and no (empty) batch
  assert.deepEqual(await batchesOf({ match: 'target' }), [
    [
      { session: 's1', startId: '1', endId: '5', start: 0, end: 300, span: 300, innerCount: 3, innerIds: ['2', '3', '4'], counts: { input: 2, scroll: 1 } },
      { session: 's1', startId: '6', endId: '7', start: 400, end: 500, span: 100, innerCount: 0, innerIds: [], counts: {} },
    ],
  ]);
});

test('inner filters the filling, countBy counts by a document path (missing under "null"), minInner drops the short ones', async () => {
  const params = { match: ['target'], inner: { field: 'target', op: 'eq', value: 'A' }, countBy: 'details.key', minInner: 1 };
  assert.deepEqual(await batchesOf(params), [
    [{ session: 's1', startId: '1', endId: '5', start: 0, end: 300, span: 300, innerCount: 2, innerIds: ['2', '4'], counts: { x: 1, null: 1 } }],
  ]);
  assert.deepEqual(await batchesOf({ ...params, minInner: 3 }), []);
});

test('without match, first in first out; partitionBy [] over one stream has no key column', async () => {
  // focus 1 pairs with blur 5 (the first open start), focus 6 with blur 7; the s2 focus stays open
  assert.deepEqual(await batchesOf({ partitionBy: [] }), [
    [
      { startId: '1', endId: '5', start: 0, end: 300, span: 300, innerCount: 3, innerIds: ['2', '3', '4'], counts: { input: 2, scroll: 1 } },
      { startId: '6', endId: '7', start: 400, end: 500, span: 100, innerCount: 0, innerIds: [], counts: {} },
    ],
  ]);
});

test('columns: the partition keys, then the bookends, span, count, ids and counts with their types', () => {
  const columnsOf = (params: Record<string, unknown>) => {
    const frame = runOp('sandwich', { start: focus, end: blur, ...params }, events);
    return frame.kind === 'table' ? frame.columns : undefined;
  };
  const rest = COLUMNS_AFTER_KEYS;
  assert.deepEqual(columnsOf({}), [{ name: 'session', type: 'any', description: 'Partition key.' }, ...rest]);
  assert.deepEqual(columnsOf({ partitionBy: ['user', 'details.page'] }), [
    { name: 'user', type: 'any', description: 'Partition key.' },
    { name: 'details.page', type: 'any', description: 'Partition key.' },
    ...rest,
  ]);
  assert.deepEqual(columnsOf({ partitionBy: [] }), rest);
});

test('params: the defaults, and a negative minInner refused', () => {
  assert.deepEqual(SandwichParams.parse({ start: focus, end: blur }), { start: focus, end: blur, match: [], countBy: 'type', minInner: 0, partitionBy: ['session'] });
  const r = SandwichParams.safeParse({ start: focus, end: blur, minInner: -1 });
  assert.deepEqual(r.success ? r.data : r.error.issues, [
    { origin: 'number', code: 'too_small', minimum: 0, inclusive: true, path: ['minInner'], message: 'Too small: expected number to be >=0' },
  ]);
});

test('a time value that is no time is invalid_query naming its path under start, end or inner', () => {
  const bad = { field: 'time', op: 'gte', value: 'yesterday' };
  for (const at of ['start', 'end', 'inner']) {
    assert.throws(() => runOp('sandwich', { start: focus, end: blur, [at]: bad }, events), (error: unknown) => {
      assert.ok(error instanceof InvalidQueryError);
      assert.equal(error.code, 'invalid_query');
      assert.equal(error.message, `Invalid time "yesterday" at ${at}.value.`);
      assert.deepEqual(error.issues, [
        {
          code: 'invalid_time',
          path: [at, 'value'],
          message: '"yesterday" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).',
        },
      ]);
      return true;
    });
  }
});

test('through the runner: the source is asked for the bookend, filling, match, countBy and partition fields', async () => {
  const d = (id: string, time: number, details: Record<string, unknown>) => ev(id, time, {}, { details: { f: 'p', ...details } });
  const list = [d('1', 0, { a: 1 }), d('2', 10, { c: 1, e: 'k' }), d('3', 20, { c: 0, e: 'k' }), d('4', 30, { b: 1 })];
  const { source, reads } = recordingSource([...list].reverse());
  const env = await runRecorded(source, {
    steps: [
      {
        op: 'sandwich',
        start: { field: 'details.a', op: 'eq', value: 1 },
        end: { field: 'details.b', op: 'eq', value: 1 },
        inner: { field: 'details.c', op: 'eq', value: 1 },
        match: 'details.d',
        countBy: 'details.e',
        partitionBy: 'details.f',
      },
    ],
  });
  assert.deepEqual(reads, [{ query: {}, needs: ['details.a', 'details.b', 'details.c', 'details.d', 'details.e', 'details.f'], unusedRoles: ['path'] }]);
  assert.deepEqual(env.result, {
    kind: 'table',
    columns: [{ name: 'details.f', type: 'any', description: 'Partition key.' }, ...COLUMNS_AFTER_KEYS],
    count: 1,
    rows: [{ 'details.f': 'p', startId: '1', endId: '4', start: 0, end: 30, span: 30, innerCount: 1, innerIds: ['2'], counts: { k: 1 } }],
  });
});

test('docs/operators.md documents sandwich as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(sandwichOperator);
  assert.equal(rendered, committed);
});
