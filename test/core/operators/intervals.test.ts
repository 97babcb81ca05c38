import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { InvalidQueryError } from '../../../src/core/errors.js';
import type { Frame } from '../../../src/core/frame.js';
import { IntervalsParams, intervalsOperator } from '../../../src/core/operators/intervals.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';

const focus = { field: 'type', op: 'eq', value: 'focus' };
const blur = { field: 'type', op: 'eq', value: 'blur' };

// In partition order (session, then time), as the runner hands them to the operator.
const events = [
  ev('f1', 100, { session: 's1', type: 'focus', target: 'q' }),
  ev('k1', 120, { session: 's1', type: 'keydown', target: 'q' }),
  ev('b1', 150, { session: 's1', type: 'blur', target: 'q' }),
  ev('i1', 160, { session: 's1', kind: 'interval', type: 'mouseover', target: 'a' }, { startTime: 160, endTime: 150, duration: -10, count: 4 }),
  ev('i2', 170, { session: 's1', kind: 'interval', type: 'scroll', target: 'window' }, { startTime: 170, endTime: 168, duration: -2, count: 1 }),
  ev('f2', 200, { session: 's1', type: 'focus', target: 'r' }),
  ev('b2', 200, { session: 's1', type: 'blur', target: 'r' }), // closes at the same ms: duration 0, not negative
  ev('k2', 300, { session: 's2', type: 'keydown', target: 'q' }), // no interval in s2
  ev('i3', 400, { session: 's3', kind: 'interval', type: 'focus', target: 'q' }, { startTime: 400, endTime: 390, duration: -10, count: 1 }),
];

/** Run intervals directly over `input`; return its batches as they came, its columns and its warnings. */
async function run(params: Record<string, unknown>, input: readonly CanonicalEvent[] = events) {
  const context = opContext();
  const frame: Frame = intervalsOperator.run({ kind: 'events', batches: batches(input) }, IntervalsParams.parse(params), context);
  assert.equal(frame.kind, 'table');
  const got: unknown[][] = [];
  for await (const batch of frame.batches) got.push([...batch]);
  return { batches: got, columns: frame.kind === 'table' ? frame.columns : undefined, warnings: context.warnings.toArray() };
}

const negative = (count: number) => ({ code: 'negative_duration', message: 'Intervals with a negative duration (end before start), reported as logged.', count });

const pairRows = [
  { session: 's1', source: 'pair', start: 100, end: 150, duration: 50, count: 3, startId: 'f1', endId: 'b1', type: 'focus', target: 'q' },
  { session: 's1', source: 'pair', start: 200, end: 200, duration: 0, count: 2, startId: 'f2', endId: 'b2', type: 'focus', target: 'r' },
];
const loggedS1 = [
  { session: 's1', source: 'logged', start: 160, end: 150, duration: -10, count: 4, startId: 'i1', endId: 'i1', type: 'mouseover', target: 'a' },
  { session: 's1', source: 'logged', start: 170, end: 168, duration: -2, count: 1, startId: 'i2', endId: 'i2', type: 'scroll', target: 'window' },
];
const loggedS3 = [{ session: 's3', source: 'logged', start: 400, end: 390, duration: -10, count: 1, startId: 'i3', endId: 'i3', type: 'focus', target: 'q' }];

test('pairs (the default): only start/end pairs, never the interval logs; one batch per partition with rows; no warning for 0 ms', async () => {
  assert.deepEqual(await run({ start: focus, end: blur }), { batches: [pairRows], columns: COLUMNS, warnings: [] });
});

test('logged: the interval logs only, as logged; negative durations counted per partition into one warning', async () => {
  const { batches: got, warnings } = await run({ from: 'logged' });
  assert.deepEqual(got, [loggedS1, loggedS3]);
  assert.deepEqual(warnings, [negative(3)]);
});

test('both: per partition the logged intervals first, then the pairs in the order they close', async () => {
  const { batches: got, warnings } = await run({ from: 'both', start: focus, end: blur });
  assert.deepEqual(got, [[...loggedS1, ...pairRows], loggedS3]);
  assert.deepEqual(warnings, [negative(3)]);
});

test('no interval anywhere: no batch at all and no warning', async () => {
  assert.deepEqual(await run({ start: focus, end: blur }, events.filter((e) => e.type === 'keydown')), { batches: [], columns: COLUMNS, warnings: [] });
});

const COLUMNS = [
  { name: 'session', type: 'any', description: 'Partition key.' },
  { name: 'source', type: 'string', description: '`pair` or `logged` (a UserALE interval log).' },
  { name: 'start', type: 'time' },
  { name: 'end', type: 'time' },
  { name: 'duration', type: 'number', description: 'ms; logged durations as logged (may be negative).' },
  { name: 'count', type: 'integer' },
  { name: 'startId', type: 'string' },
  { name: 'endId', type: 'string' },
  { name: 'type', type: 'any' },
  { name: 'target', type: 'any' },
];

test('columns: partition keys, the record columns, then the copied fields (any)', async () => {
  const { columns } = await run({ from: 'logged', partitionBy: ['user', 'session'], fields: 'details.x' });
  assert.deepEqual(columns, [
    { name: 'user', type: 'any', description: 'Partition key.' },
    ...COLUMNS.slice(0, 8),
    { name: 'details.x', type: 'any' },
  ]);
});

test('params: pairs (given or by default) and both need start and end; logged needs neither', () => {
  const issue = [{ code: 'custom', path: ['start'], message: 'Intervals from pairs need both `start` and `end` conditions.' }];
  const issuesOf = (params: unknown) => {
    const r = IntervalsParams.safeParse(params);
    return r.success ? r.data : r.error.issues;
  };
  assert.deepEqual(issuesOf({ start: focus }), issue);
  assert.deepEqual(issuesOf({ from: 'pairs', end: blur }), issue);
  assert.deepEqual(issuesOf({ from: 'both', start: focus }), issue);
  assert.deepEqual(issuesOf({ from: 'both' }), issue);
  assert.deepEqual(issuesOf({ from: 'logged' }), { from: 'logged', match: [], fields: ['type', 'target'], partitionBy: ['session'] });
  assert.deepEqual(issuesOf({ start: focus, end: blur, match: 'target' }), { from: 'pairs', start: focus, end: blur, match: ['target'], fields: ['type', 'target'], partitionBy: ['session'] });
});

test('a condition that cannot compile is invalid_query at its path under start or end', () => {
  const bad = { field: 'time', op: 'gte', value: 'yesterday' };
  const expected = (where: string) => (error: unknown) => {
    assert.ok(error instanceof InvalidQueryError);
    assert.equal(error.code, 'invalid_query');
    assert.equal(error.message, `Invalid time "yesterday" at ${where}.value.`);
    assert.deepEqual(error.issues, [
      {
        code: 'invalid_time',
        path: [where, 'value'],
        message: '"yesterday" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).',
      },
    ]);
    return true;
  };
  const compile = (params: Record<string, unknown>) => intervalsOperator.run({ kind: 'events', batches: batches([]) }, IntervalsParams.parse(params), opContext());
  assert.throws(() => compile({ start: bad, end: blur }), expected('start'));
  assert.throws(() => compile({ from: 'both', start: focus, end: bad }), expected('end'));
});

test('fields: the conditions’ fields, match and copied fields; the interval log fields only when logs are read', () => {
  const fields = (params: Record<string, unknown>) => intervalsOperator.fields!(IntervalsParams.parse(params));
  const start = { all: [focus, { field: 'target', op: 'exists' }] };
  assert.deepEqual(fields({ start, end: blur, match: 'page', fields: ['user'] }), ['type', 'target', 'type', 'page', 'user']);
  assert.deepEqual(fields({ from: 'logged' }), ['type', 'target', 'startTime', 'endTime', 'duration', 'count']);
  assert.deepEqual(fields({ from: 'both', start: focus, end: blur, fields: [] }), ['type', 'type', 'startTime', 'endTime', 'duration', 'count']);
});

test('docs/operators.md documents intervals as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(intervalsOperator);
  assert.equal(rendered, committed);
});
