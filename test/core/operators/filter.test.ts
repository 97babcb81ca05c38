import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { InvalidQueryError } from '../../../src/core/errors.js';
import { filterOperator } from '../../../src/core/operators/filter.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { orderSeenAfter } from './partition-order-probe.js';
import { rowsOf, runOp } from './run-op.js';

const events = [
  ev('1', 1, { user: 'a', type: 'click' }),
  ev('2', 2, { user: 'b', type: 'focus' }),
  ev('3', 3, { user: 'a', type: 'click' }),
  ev('4', 4, { user: 'c', type: 'click' }),
  ev('5', 5, { user: 'b', type: 'blur' }),
];

test('on events: keeps the matching events in their order; on tables: the matching rows', async () => {
  assert.deepEqual(
    ((await rowsOf(runOp('filter', { where: { field: 'type', op: 'eq', value: 'click' } }, events))) as CanonicalEvent[]).map((e) => e.id),
    ['1', '3', '4'],
  );
  const rows = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'x' }];
  assert.deepEqual(await rowsOf(runOp('filter', { where: { field: 'b', op: 'eq', value: 'x' } }, { rows })), [{ a: 1, b: 'x' }, { a: 3, b: 'x' }]);
});

test('on events, a time value that is no time is invalid_query naming its path under where', () => {
  const where = { any: [{ field: 'user', op: 'eq', value: 'a' }, { field: 'time', op: 'gte', value: 'yesterday' }] };
  assert.throws(() => runOp('filter', { where }, events), (error: unknown) => {
    assert.ok(error instanceof InvalidQueryError);
    assert.equal(error.code, 'invalid_query');
    assert.equal(error.message, 'Invalid time "yesterday" at where.any[1].value.');
    assert.deepEqual(error.issues, [
      {
        code: 'invalid_time',
        path: ['where', 'any', 1, 'value'],
        message: '"yesterday" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).',
      },
    ]);
    return true;
  });
});

test('filter preserves the partition order of its input: the next partitioned step is not sorted again', async () => {
  // `reversing` partitions by user, then yields its partition-ordered input reversed while claiming to keep the
  // order: whether the step after the filter was sorted again shows in the order it receives.
  assert.deepEqual(await orderSeenAfter({ op: 'filter', where: { field: 'type', op: 'ne', value: 'blur' } }, events), [
    ['1', '3', '2', '5', '4'], // by user (a, b, c), then time
    ['4', '2', '3', '1'], // reversed, blur left out, not sorted again
  ]);
});

test('docs/operators.md documents filter as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(filterOperator);
  assert.equal(rendered, committed);
});
