import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Frame } from '../../../src/core/frame.js';
import {
  accumulatedTable,
  DEFAULT_ACTION,
  eventCondition,
  LabelParam,
  partitionFields,
  PartitionParam,
  SelfLoopsParam,
  stepFields,
} from '../../../src/core/operators/analytics-params.js';
import { batches, ev } from '../../helpers/events.js';

// The parameter pieces every analytics operator shares: one meaning (and one description) everywhere.

test('partition: one field or a non-empty list of non-empty fields, session by default', () => {
  assert.equal(PartitionParam.parse(undefined), 'session');
  assert.equal(PartitionParam.parse('user'), 'user');
  assert.deepEqual(PartitionParam.parse(['user', 'session', 'attrs.segment']), ['user', 'session', 'attrs.segment']);
  // zod reports the union member that came closest: the string for a string, the list for a list
  const tooShortText = (path: (string | number)[]) => ({ origin: 'string', code: 'too_small', minimum: 1, inclusive: true, path, message: 'Too small: expected string to have >=1 characters' });
  assert.deepEqual(PartitionParam.safeParse('').error?.issues, [tooShortText([])]);
  assert.deepEqual(PartitionParam.safeParse([]).error?.issues, [
    { origin: 'array', code: 'too_small', minimum: 1, inclusive: true, path: [], message: 'Too small: expected array to have >=1 items' },
  ]);
  assert.deepEqual(PartitionParam.safeParse(['user', '']).error?.issues, [tooShortText([1])]);
});

test('partitionFields: the fields as a new list; stepFields: partition fields, then the extras in order', () => {
  assert.deepEqual(partitionFields('user'), ['user']);
  const list = ['user', 'session'];
  const fields = partitionFields(list);
  assert.deepEqual(fields, ['user', 'session']);
  assert.notEqual(fields, list);
  assert.deepEqual(stepFields(['user', 'session'], ['page'], [], ['type', 'kind']), ['user', 'session', 'page', 'type', 'kind']);
});

test('descriptions: partition, label and selfLoops say the same everywhere', () => {
  assert.equal(
    PartitionParam.description,
    'Field(s) whose values delimit one sequence: `session` (default), `user`, `[user, session]`, a derived attribute (`attrs.segment`) or any document path. Events arrive ordered by (partition, time, source order).',
  );
  assert.equal(
    LabelParam('page').description,
    'What a node is: a field (`target`, `page`, `type`, `path`, `attrs.segment`, `details.id`) or a template with fields in braces (`{type}:{target}`). Events missing a field of the label are left out of sequences.',
  );
  assert.equal(SelfLoopsParam('keep').description, 'Repeated labels: `keep` (a→a edges), `drop` (no a→a edge), `collapse` (consecutive repeats become one step).');
  assert.equal(LabelParam('target').parse(undefined), 'target');
  assert.equal(SelfLoopsParam('drop').parse(undefined), 'drop');
});

test('the default action: a click that is not an interval summary (every click without a kind)', () => {
  assert.deepEqual(DEFAULT_ACTION, {
    all: [
      { field: 'type', op: 'eq', value: 'click' },
      { field: 'kind', op: 'ne', value: 'interval' },
    ],
  });
  const isAction = eventCondition(DEFAULT_ACTION, 0, ['action']);
  const events: CanonicalEvent[] = [
    ev('raw click', 1, { type: 'click', kind: 'raw' }),
    ev('interval click', 2, { type: 'click', kind: 'interval' }),
    ev('click without kind', 3, { type: 'click' }),
    ev('custom click', 4, { type: 'click', kind: 'custom' }),
    ev('raw focus', 5, { type: 'focus', kind: 'raw' }),
    ev('no type', 6, { kind: 'raw' }),
  ];
  assert.deepEqual(events.filter(isAction).map((e) => e.id), ['raw click', 'click without kind', 'custom click']);
});

test('accumulatedTable takes only events (the operators using it accept only events)', () => {
  const table: Frame = { kind: 'table', columns: [], batches: batches([]) };
  assert.throws(() => accumulatedTable(table, 'session', [], () => ({ add: () => undefined, rows: () => [] })), {
    name: 'Error',
    message: 'unreachable: analytics operators accept events',
  });
});
