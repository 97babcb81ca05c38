import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Frame } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { dropDanglingOperator } from '../../../src/core/operators/drop-dangling.js';
import { startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import type { EventSource } from '../../../src/core/source.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { orderSeenAfter } from './partition-order-probe.js';

const focus = { field: 'type', op: 'eq', value: 'focus' };
const blur = { field: 'type', op: 'eq', value: 'blur' };

// Session s1: focus a (1) … blur a (3) pair; focus b (2) never blurred; blur c (4) with no focus; click (5) passes.
// Session s2: one pair. Session s3: only a blur with no focus (the whole partition is dangling).
const events = [
  ev('1', 1, { session: 's1', type: 'focus', target: 'a' }),
  ev('2', 2, { session: 's1', type: 'focus', target: 'b' }),
  ev('3', 3, { session: 's1', type: 'blur', target: 'a' }),
  ev('4', 4, { session: 's1', type: 'blur', target: 'c' }),
  ev('5', 5, { session: 's1', type: 'click', target: 'a' }),
  ev('6', 6, { session: 's2', type: 'focus', target: 'a' }),
  ev('7', 7, { session: 's2', type: 'blur', target: 'a' }),
  ev('8', 8, { session: 's3', type: 'blur', target: 'a' }),
];

/** Run the operator directly over events in partition order; return its batches as they are (empty ones too) and the warnings. */
async function runDirect(params: Record<string, unknown>, input: readonly CanonicalEvent[], size = 3): Promise<{ batches: string[][]; warnings: unknown[]; frame: Frame }> {
  const op = createRegistry().get('drop-dangling');
  const context = opContext();
  const frame = op.run({ kind: 'events', batches: batches(input, size) }, op.params.parse(params), context);
  const out: string[][] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly CanonicalEvent[]>) out.push(batch.map((e) => e.id));
  return { batches: out, warnings: context.warnings.toArray(), frame };
}

test('drop: one batch per partition with kept events, in their order; dangling starts and ends counted in one warning', async () => {
  const r = await runDirect({ start: focus, end: blur, match: 'target' }, events);
  // s1 keeps the pair and the click; s2 keeps its pair; s3 keeps nothing and yields no (empty) batch
  assert.deepEqual(r.batches, [['1', '3', '5'], ['6', '7']]);
  assert.deepEqual(r.warnings, [{ code: 'dangling_dropped', message: 'Dropped starts without an end and ends without a start.', count: 3 }]);
  assert.equal(r.frame.kind, 'events');
  assert.equal((r.frame as { order?: unknown }).order, undefined);
});

test('drop: without anything dangling no warning at all (not one with count 0) and every event kept', async () => {
  const r = await runDirect({ start: focus, end: blur, match: 'target' }, events.slice(5, 7));
  assert.deepEqual(r.batches, [['6', '7']]);
  assert.deepEqual(r.warnings, []);
});

test('drop: without match, starts and ends pair first in first out whatever their target', async () => {
  const r = await runDirect({ start: focus, end: blur }, events);
  // s1: focus 1 – blur 3, focus 2 – blur 4; s3's blur dangles
  assert.deepEqual(r.batches, [['1', '2', '3', '4', '5'], ['6', '7']]);
  assert.deepEqual(r.warnings, [{ code: 'dangling_dropped', message: 'Dropped starts without an end and ends without a start.', count: 1 }]);
});

test('report: every event kept and marked start, end or null; no warning; the document and roles untouched', async () => {
  const op = createRegistry().get('drop-dangling');
  const context = opContext();
  const input = [...events.slice(0, 5), { ...events[7]!, attrs: { seen: 1 } }];
  const frame = op.run({ kind: 'events', batches: batches(input, 2) }, op.params.parse({ start: focus, end: blur, match: ['target'], action: 'report' }), context);
  const out: unknown[][] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly CanonicalEvent[]>) out.push(batch.map((e) => [e.id, e.session, e.type, e.attrs]));
  assert.deepEqual(out, [
    [
      ['1', 's1', 'focus', { dangling: null }],
      ['2', 's1', 'focus', { dangling: 'start' }],
      ['3', 's1', 'blur', { dangling: null }],
      ['4', 's1', 'blur', { dangling: 'end' }],
      ['5', 's1', 'click', { dangling: null }],
    ],
    [['8', 's3', 'blur', { seen: 1, dangling: 'end' }]],
  ]);
  assert.deepEqual(context.warnings.toArray(), []);
});

test('partitionBy: pairs across the sessions of a user', async () => {
  const list = [
    ev('1', 1, { user: 'u', session: 's1', type: 'focus', target: 'a' }),
    ev('2', 2, { user: 'u', session: 's2', type: 'blur', target: 'a' }),
    ev('3', 3, { user: 'v', session: 's3', type: 'blur', target: 'a' }),
  ];
  const r = await runDirect({ start: focus, end: blur, partitionBy: 'user' }, list);
  assert.deepEqual(r.batches, [['1', '2']]);
  assert.deepEqual(r.warnings, [{ code: 'dangling_dropped', message: 'Dropped starts without an end and ends without a start.', count: 1 }]);
});

test('a start or end condition with an invalid time: invalid_query at start.value or end.value', () => {
  const op = createRegistry().get('drop-dangling');
  const bad = { field: 'time', op: 'gte', value: 'nope' };
  const message = '"nope" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).';
  const run = (params: Record<string, unknown>) => () => op.run({ kind: 'events', batches: batches([]) }, op.params.parse(params), opContext());
  assert.throws(run({ start: bad, end: blur }), {
    name: 'InvalidQueryError',
    code: 'invalid_query',
    message: 'Invalid time "nope" at start.value.',
    issues: [{ code: 'invalid_time', path: ['start', 'value'], message }],
  });
  assert.throws(run({ start: focus, end: bad }), {
    name: 'InvalidQueryError',
    code: 'invalid_query',
    message: 'Invalid time "nope" at end.value.',
    issues: [{ code: 'invalid_time', path: ['end', 'value'], message }],
  });
});

test('fields read: both conditions’ fields, then the match fields; partition by the session unless partitionBy', () => {
  const params = dropDanglingOperator.params.parse({ start: { all: [focus, { field: 'doc.x', op: 'exists' }] }, end: blur, match: ['target', 'doc.y'] });
  assert.deepEqual(dropDanglingOperator.fields!(params), ['type', 'doc.x', 'type', 'target', 'doc.y']);
  assert.deepEqual(dropDanglingOperator.partition!(params), { by: ['session'] });
  assert.deepEqual(dropDanglingOperator.partition!(dropDanglingOperator.params.parse({ start: focus, end: blur, partitionBy: ['user', 'session'] })), { by: ['user', 'session'] });
});

test('derived attributes: `dangling` with report (written as a record column), none with drop', () => {
  const source: EventSource = {
    id: 'mem',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: source.capabilities, details: {} }),
    read: () => ({ sorted: false, limited: false, batches: batches(events) }),
    fields: async () => [],
  };
  const attrsOf = (action: string) =>
    startPipeline({ steps: [{ op: 'drop-dangling', start: focus, end: blur, action }] }, { registry: createRegistry(), defaultSource: 'mem', now: 0, resolveSource: () => source }).recordOptions().attrs;
  assert.deepEqual(attrsOf('report'), ['dangling']);
  assert.deepEqual(attrsOf('drop'), []);
});

test('drop-dangling preserves the partition order of its input: the next step partitioned alike is not sorted again', async () => {
  // `reversing` partitions by session, then yields its partition-ordered input reversed while claiming to keep the
  // order (sessions stay contiguous): whether the step after drop-dangling was sorted again shows in what it receives.
  const shuffled = [events[6]!, events[0]!, events[7]!, events[4]!, events[1]!, events[5]!, events[3]!, events[2]!];
  assert.deepEqual(await orderSeenAfter({ op: 'drop-dangling', start: blur, end: focus, match: 'target' }, shuffled, 'session'), [
    ['1', '2', '3', '4', '5', '6', '7', '8'], // by session, then time
    // reversed (s3, s2, s1), a blur now opening a pair and a focus closing it: 8, 4 and 2 dangle; not sorted again
    ['7', '6', '5', '3', '1'],
  ]);
});

test('docs/operators.md documents drop-dangling as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(dropDanglingOperator);
  assert.equal(rendered, committed);
});
