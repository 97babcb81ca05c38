import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { collapseRepeatsOperator } from '../../../src/core/operators/collapse-repeats.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { recordingSource, runRecorded } from './recording-source.js';
import { rowsOf, runOp } from './run-op.js';

// `collapse-repeats` alone: its runs, its attributes, what it declares to the runner, its published definition.
// Partition order (session, then time), as the runner delivers it to the operator:
//   s1: 1 click A @0, 2 click A @10, 3 click A @30, 4 focus A @40, 5 focus A @41 (UserALE's duplicate), 6 click B @50
//   s2: 7 click A @100, 8 click A (untimed: last in its partition)
const events: CanonicalEvent[] = [
  ev('1', 0, { session: 's1', type: 'click', target: 'A' }, { n: 1 }),
  ev('2', 10, { session: 's1', type: 'click', target: 'A' }),
  ev('3', 30, { session: 's1', type: 'click', target: 'A' }),
  ev('4', 40, { session: 's1', type: 'focus', target: 'A' }),
  ev('5', 41, { session: 's1', type: 'focus', target: 'A' }),
  ev('6', 50, { session: 's1', type: 'click', target: 'B' }),
  ev('7', 100, { session: 's2', type: 'click', target: 'A' }),
  { id: '8', session: 's2', type: 'click', target: 'A', doc: {} },
];

/** Each output event as its id and derived attributes. */
async function runsOf(params: Record<string, unknown>): Promise<[string, unknown][]> {
  return ((await rowsOf(runOp('collapse-repeats', params, events))) as CanonicalEvent[]).map((e) => [e.id, e.attrs]);
}

const attrs = (repeatCount: number, repeatFirstTime: number | null, repeatLastTime: number | null, repeatLastId: string) => ({
  repeatCount,
  repeatFirstTime,
  repeatLastTime,
  repeatLastId,
});

test('default fields type and target, per session: the first event of each run with count, first and last time, last id', async () => {
  assert.deepEqual(await runsOf({}), [
    ['1', attrs(3, 0, 30, '3')],
    ['4', attrs(2, 40, 41, '5')],
    ['6', attrs(1, 50, 50, '6')],
    ['7', attrs(1, 100, 100, '7')], // the untimed repeat is never merged with a timed event
    ['8', attrs(1, null, null, '8')], // untimed: times null
  ]);
});

test('the run keeps its first event whole (roles, document) with the attributes added', async () => {
  const [first] = (await rowsOf(runOp('collapse-repeats', {}, events))) as CanonicalEvent[];
  assert.deepStrictEqual({ ...first }, {
    id: '1',
    time: 0,
    end: undefined,
    user: undefined,
    session: 's1',
    type: 'click',
    target: 'A',
    path: undefined,
    page: undefined,
    kind: undefined,
    doc: { n: 1 },
    attrs: attrs(3, 0, 30, '3'),
  });
});

test('within bounds each step of a run (inclusive): 10 ms merges 1 and 2 (10 apart) but not 3 (20 after 2)', async () => {
  assert.deepEqual(await runsOf({ within: '10ms' }), [
    ['1', attrs(2, 0, 10, '2')],
    ['3', attrs(1, 30, 30, '3')],
    ['4', attrs(2, 40, 41, '5')],
    ['6', attrs(1, 50, 50, '6')],
    ['7', attrs(1, 100, 100, '7')],
    ['8', attrs(1, null, null, '8')],
  ]);
});

test('fields and partitionBy: type alone over the whole stream (time order, untimed last) merges across sessions', async () => {
  assert.deepEqual(await runsOf({ fields: 'type', partitionBy: [] }), [
    ['1', attrs(3, 0, 30, '3')],
    ['4', attrs(2, 40, 41, '5')],
    ['6', attrs(2, 50, 100, '7')], // 6 (s1, target B) and 7 (s2) are repeats on type alone
    ['8', attrs(1, null, null, '8')],
  ]);
});

test('declares the attributes it derives: an events result writes them as its columns (CSV), in this order', () => {
  const handle = startPipeline(
    { steps: [{ op: 'collapse-repeats' }] },
    { registry: createRegistry(), defaultSource: 'mem', now: 0, resolveSource: () => recordingSource(events).source },
  );
  assert.deepEqual(handle.recordOptions().attrs, ['repeatCount', 'repeatFirstTime', 'repeatLastTime', 'repeatLastId']);
});

test('through the runner: the source is asked for the fields compared, and the result is the collapsed events', async () => {
  const { source, reads } = recordingSource([...events].reverse());
  const env = await runRecorded(source, { steps: [{ op: 'collapse-repeats', fields: ['details.x'] }, { op: 'count-by', by: 'attrs.repeatCount' }] });
  assert.deepEqual(reads, [{ query: {}, needs: ['details.x'], unusedRoles: ['path'] }]);
  // details.x is missing everywhere (missing equals missing): s1 is one run of 6; in s2 the untimed 8 does not join 7
  assert.deepEqual(env.result, {
    kind: 'table',
    columns: [
      { name: 'attrs.repeatCount', type: 'any' },
      { name: 'count', type: 'integer' },
    ],
    count: 2,
    rows: [
      { 'attrs.repeatCount': 1, count: 2 },
      { 'attrs.repeatCount': 6, count: 1 },
    ],
  });
});

test('docs/operators.md documents collapse-repeats as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(collapseRepeatsOperator);
  assert.equal(rendered, committed);
});
