import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { SegmentParams, segmentColumns, segmentOperator } from '../../../src/core/operators/segment.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf, runOp } from './run-op.js';
import { run } from './sequence-run.js';

const events = [
  ev('a', 0, { session: 's', type: 'click' }),
  ev('b', 1000, { session: 's', type: 'scroll' }),
  ev('c', 2000, { session: 's', type: 'scroll' }),
  ev('d', 70_000, { session: 's', type: 'click' }),
  ev('e', 10, { session: 't', type: 'dblclick' }),
];

test('segment: idle gaps per session as table rows with event ids', async () => {
  const { out } = await run('segment', { segments: [{ mode: 'idle', limit: '1m' }] }, events);
  assert.deepEqual(out, [{ session: 's', name: 'idle0', kind: 'idle', start: 2000, end: 70_000, duration: 68_000, count: 1, eventIds: ['c'] }]);
});

test('segment: anchored windows match exactly (dblclick is not a click); combine and filters', async () => {
  const { out } = await run(
    'segment',
    {
      segments: [{ mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, after: '5s', label: 'c' }, { mode: 'idle', limit: 60_000, label: 'idle', }],
      closed: 'both',
      combine: [{ op: 'union', name: 'all', left: 'c', right: 'idle' }],
      minCount: 2,
    },
    events,
  );
  assert.deepEqual(
    (out as { session: string; name: string; eventIds: string[] }[]).map((r) => [r.session, r.name, r.eventIds]),
    [
      ['s', 'c0', ['a', 'b', 'c']],
      ['s', 'idle0', ['c', 'd']],
      ['s', 'all', ['a', 'b', 'c', 'd']],
    ],
  );
});

test('segment: fixed windows by user; labels and names are checked', async () => {
  const { out } = await run('segment', { segments: [{ mode: 'fixed', size: '1m', keepEmpty: false }], partitionBy: 'user' }, events, 1);
  assert.deepEqual((out as { user: unknown; name: string; count: number }[]).map((r) => [r.user, r.name, r.count]), [[null, 'fixed0', 4], [null, 'fixed1', 1]]);
  await assert.rejects(run('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x' }, { mode: 'idle', limit: 2, label: 'x' }] }, events), { code: 'invalid_pipeline' });
  await assert.rejects(run('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x' }], combine: [{ op: 'union', name: 'x0', left: 'x', right: 'x' }] }, events), { code: 'invalid_pipeline' });
  await assert.rejects(run('segment', { segments: [{ mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' } }] }, events), { code: 'invalid_pipeline' });
  await assert.rejects(run('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x1' }] }, events), { code: 'invalid_pipeline' });
});

// ---- Exact tests of src/core/operators/segment.ts (columns, plan, name checks, published definition) ----

const SEGMENT_COLUMNS = [
  { name: 'name', type: 'string', description: 'Unique within the partition: `<label><n>` or the set operation’s name.' },
  { name: 'kind', type: 'string' },
  { name: 'start', type: 'time' },
  { name: 'end', type: 'time' },
  { name: 'duration', type: 'number', description: 'end − start in ms.' },
  { name: 'count', type: 'integer' },
  { name: 'eventIds', type: 'json', description: 'Ids of the events in the segment, in time order.' },
];

test('segment: the table columns are the partition keys (in order), then name, kind, start, end, duration, count, eventIds', () => {
  const frame = runOp('segment', { segments: [{ mode: 'idle', limit: 1 }], partitionBy: ['user', 'session'] }, events);
  assert.equal(frame.kind, 'table');
  assert.deepEqual(frame.kind === 'table' ? frame.columns : undefined, [
    { name: 'user', type: 'any', description: 'Partition key.' },
    { name: 'session', type: 'any', description: 'Partition key.' },
    ...SEGMENT_COLUMNS,
  ]);
  assert.deepEqual(segmentColumns([]), SEGMENT_COLUMNS);
});

test('segment: explicit windows with ISO times, unnamed ones <label><k> by position, empty windows kept; from/to resolve their times', async () => {
  // s: a@0 b@1000 c@2000 d@70000; t: e@10. Windows are half-open [start, end).
  const segments = [
    {
      mode: 'explicit',
      label: 'w',
      windows: [
        { start: 0, end: 2000 },
        { name: 'late', start: '1970-01-01T00:00:01Z', end: 5000 },
        { start: 9000, end: '1970-01-01T00:00:12Z' },
      ],
    },
  ];
  assert.deepEqual(await rowsOf(runOp('segment', { segments }, events)), [
    { session: 's', name: 'w0', kind: 'explicit', start: 0, end: 2000, duration: 2000, count: 2, eventIds: ['a', 'b'] },
    { session: 's', name: 'late', kind: 'explicit', start: 1000, end: 5000, duration: 4000, count: 2, eventIds: ['b', 'c'] },
    { session: 's', name: 'w2', kind: 'explicit', start: 9000, end: 12_000, duration: 3000, count: 0, eventIds: [] },
    { session: 't', name: 'w0', kind: 'explicit', start: 0, end: 2000, duration: 2000, count: 1, eventIds: ['e'] },
    { session: 't', name: 'late', kind: 'explicit', start: 1000, end: 5000, duration: 4000, count: 0, eventIds: [] },
    { session: 't', name: 'w2', kind: 'explicit', start: 9000, end: 12_000, duration: 3000, count: 0, eventIds: [] },
  ]);
  // from 1000 (ISO) drops w0 (starts at 0); to 5000 (ISO) drops w2 (ends at 12000): only `late` stays.
  assert.deepEqual(await rowsOf(runOp('segment', { segments, from: '1970-01-01T00:00:01Z', to: '1970-01-01T00:00:05Z' }, events)), [
    { session: 's', name: 'late', kind: 'explicit', start: 1000, end: 5000, duration: 4000, count: 2, eventIds: ['b', 'c'] },
    { session: 't', name: 'late', kind: 'explicit', start: 1000, end: 5000, duration: 4000, count: 0, eventIds: [] },
  ]);
});

test('segment: a partition without segments yields no batch (not an empty one)', async () => {
  // Partition-ordered input (as the runner gives it): s has one idle gap (2000 → 70000), t has a single event.
  const frame = runOp('segment', { segments: [{ mode: 'idle', limit: 1000 }] }, events);
  const seen: unknown[][] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly unknown[]>) seen.push([...batch]);
  assert.deepEqual(seen, [[{ session: 's', name: 'idle0', kind: 'idle', start: 2000, end: 70_000, duration: 68_000, count: 1, eventIds: ['c'] }]]);
});

test('segment: the source is asked for the fields of anchored and collapsing conditions only, in definition order', () => {
  const params = SegmentParams.parse({
    segments: [
      { mode: 'fixed', size: 1000 },
      { mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, after: 1 },
      { mode: 'idle', limit: 1 },
      { mode: 'collapsing', where: { field: 'details.k', op: 'exists' } },
      { mode: 'explicit', windows: [{ start: 0, end: 1 }] },
    ],
  });
  assert.deepEqual(segmentOperator.fields?.(params), ['type', 'details.k']);
  assert.deepEqual(segmentOperator.fields?.(SegmentParams.parse({ segments: [{ mode: 'idle', limit: 1 }] })), []);
});

test('segment: a label ending in a digit is invalid_pipeline with the label rule', async () => {
  const message = 'Letters, digits and _ . : - only, not ending in a digit (names are <label><n>).';
  await assert.rejects(run('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x1' }] }, events), {
    name: 'InvalidPipelineError',
    code: 'invalid_pipeline',
    message: `Invalid pipeline at steps[0].segments[0].label: ${message}`,
    issues: [{ code: 'invalid_format', path: ['steps', 0, 'segments', 0, 'label'], message }],
  });
});

test('segment: two definitions with one label are duplicate_label at the second', () => {
  assert.throws(() => runOp('segment', { segments: [{ mode: 'idle', limit: 1, label: 'x' }, { mode: 'fixed', size: 2, label: 'x' }] }, events), {
    name: 'InvalidPipelineError',
    code: 'invalid_pipeline',
    message: 'Two segment definitions share the label "x": give each its own label.',
    issues: [{ code: 'duplicate_label', path: ['segments', 1, 'label'], message: 'Label "x" is used twice.' }],
  });
});

test('segment: an anchored window of zero length is empty_window only when half-open', async () => {
  const click = { field: 'type', op: 'eq', value: 'click' };
  assert.throws(() => runOp('segment', { segments: [{ mode: 'idle', limit: 1 }, { mode: 'anchored', where: click }] }, events), {
    name: 'InvalidPipelineError',
    code: 'invalid_pipeline',
    message: 'An anchored window of zero length holds nothing when windows are half-open: set `after` (or `before`), or `closed: both`.',
    issues: [{ code: 'empty_window', path: ['segments', 1, 'after'], message: 'before + after is 0 with half-open windows.' }],
  });
  // before 1000 + after 1000: a 2-second window [t − 1000, t + 1000) around each click (clip: d@70000 opens its own).
  assert.deepEqual(await rowsOf(runOp('segment', { segments: [{ mode: 'anchored', where: click, before: 1000, after: 1000 }] }, events)), [
    { session: 's', name: 'anchor0', kind: 'anchored', start: -1000, end: 1000, duration: 2000, count: 1, eventIds: ['a'] },
    { session: 's', name: 'anchor1', kind: 'anchored', start: 69_000, end: 71_000, duration: 2000, count: 1, eventIds: ['d'] },
  ]);
  // closed: both — the zero-length window [t, t] holds the anchor itself.
  assert.deepEqual(await rowsOf(runOp('segment', { segments: [{ mode: 'anchored', where: click }], closed: 'both' }, events)), [
    { session: 's', name: 'anchor0', kind: 'anchored', start: 0, end: 0, duration: 0, count: 1, eventIds: ['a'] },
    { session: 's', name: 'anchor1', kind: 'anchored', start: 70_000, end: 70_000, duration: 0, count: 1, eventIds: ['d'] },
  ]);
});

test('segment: bad times and conditions are invalid_query at their path in the step', () => {
  const notATime = '"nope" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).';
  const bad = { field: 'time', op: 'gte', value: 'nope' };
  const cases: [Record<string, unknown>, string, (string | number)[]][] = [
    [{ segments: [{ mode: 'explicit', windows: [{ start: 0, end: 5 }, { start: 'nope', end: 5 }] }] }, 'segments[0].windows[1].start', ['segments', 0, 'windows', 1, 'start']],
    [{ segments: [{ mode: 'explicit', windows: [{ start: 0, end: 5 }, { start: 0, end: 'nope' }] }] }, 'segments[0].windows[1].end', ['segments', 0, 'windows', 1, 'end']],
    [{ segments: [{ mode: 'idle', limit: 1 }, { mode: 'anchored', where: bad, after: 1 }] }, 'segments[1].where.value', ['segments', 1, 'where', 'value']],
    [{ segments: [{ mode: 'idle', limit: 1 }, { mode: 'collapsing', where: bad }] }, 'segments[1].where.value', ['segments', 1, 'where', 'value']],
    [{ segments: [{ mode: 'idle', limit: 1 }], from: 'nope' }, 'from', ['from']],
    [{ segments: [{ mode: 'idle', limit: 1 }], to: 'nope' }, 'to', ['to']],
  ];
  for (const [params, at, path] of cases) {
    assert.throws(() => runOp('segment', params, events), {
      name: 'InvalidQueryError',
      code: 'invalid_query',
      message: `Invalid time "nope" at ${at}.`,
      issues: [{ code: 'invalid_time', path, message: notATime }],
    });
  }
});

test('segment: names given by hand must be unique and never <label><digits> of a definition', async () => {
  const clash = (name: string, path: (string | number)[]) => ({
    name: 'InvalidPipelineError',
    code: 'invalid_pipeline',
    message: `Segment name ${JSON.stringify(name)} is not unique: choose a name that is not used twice and is not <label><n>.`,
    issues: [{ code: 'duplicate_segment_name', path, message: `${JSON.stringify(name)} clashes with another segment name.` }],
  });
  const idle = (label: string) => ({ mode: 'idle', limit: 1000, label });
  const union = (name: string) => ({ op: 'union', name, left: 'x', right: 'y' });
  // Two explicit windows with one name (an unnamed window between them is not a given name).
  const windows = [{ name: 'a', start: 0, end: 1 }, { start: 0, end: 1 }, { name: 'a', start: 0, end: 1 }];
  assert.throws(() => runOp('segment', { segments: [idle('x'), { mode: 'explicit', label: 'w', windows }] }, events), clash('a', ['segments', 1, 'windows', 2, 'name']));
  // A set operation named like an explicit window: the operation is the second use.
  assert.throws(() => runOp('segment', { segments: [{ mode: 'explicit', label: 'w', windows: [{ name: 'a', start: 0, end: 1 }] }], combine: [union('b'), union('a')] }, events), clash('a', ['combine', 1, 'name']));
  // A name of the form <label><digits> of any definition (here the second label, more than one digit).
  assert.throws(() => runOp('segment', { segments: [idle('x'), idle('y')], combine: [union('y12')] }, events), clash('y12', ['combine', 0, 'name']));
  // Not generated: digits not directly after the label, not only digits after it, or a label that is not a prefix.
  for (const name of ['xa1', 'x1a', '123', 'x']) {
    assert.deepEqual(await rowsOf(runOp('segment', { segments: [idle('x'), idle('ab')], combine: [{ op: 'union', name, left: 'x', right: 'ab' }], kinds: ['union'] }, events)), [
      { session: 's', name, kind: 'union', start: 2000, end: 70_000, duration: 68_000, count: 1, eventIds: ['c'] },
      { session: 't', name, kind: 'union', start: null, end: null, duration: null, count: 0, eventIds: [] },
    ]);
  }
});

test('segment: the published definition (summary, description, kinds, examples) and its docs/operators.md section', () => {
  // Kinds and origin here; the prose and the examples are pinned once, by the docs section (as for every operator).
  const { name, accepts, produces, origin, params } = createRegistry().describe('segment');
  assert.equal(typeof params, 'object');
  assert.deepEqual({ name, accepts, produces, origin }, { name: 'segment', accepts: ['events'], produces: { events: 'table' }, origin: 'builtin' });
  const { committed, rendered } = docSections(segmentOperator);
  assert.equal(rendered, committed);
});
