import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { DistillError, InvalidQueryError } from '../../../src/core/errors.js';
import { NeighboursParams, neighboursOperator } from '../../../src/core/operators/neighbours.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { recordingSource, runRecorded } from './recording-source.js';
import { runOp } from './run-op.js';

// `neighbours` alone: what it keeps, its parameters, what it declares to the runner, its published definition.
// Partition order (session, then time), as the runner delivers it to the operator:
//   s1: 1 focus @0, 2 click @1000, 3 click @5000, 4 scroll @5500
//   s2: 5 click @100, 6 focus @200, 7 click @300
//   s3: 8 click @50
const events: CanonicalEvent[] = [
  ev('1', 0, { session: 's1', type: 'focus' }),
  ev('2', 1000, { session: 's1', type: 'click' }),
  ev('3', 5000, { session: 's1', type: 'click' }),
  ev('4', 5500, { session: 's1', type: 'scroll' }),
  ev('5', 100, { session: 's2', type: 'click' }),
  ev('6', 200, { session: 's2', type: 'focus' }),
  ev('7', 300, { session: 's2', type: 'click' }),
  ev('8', 50, { session: 's3', type: 'click' }),
];
const click = { field: 'type', op: 'eq', value: 'click' };
const focus = { field: 'type', op: 'eq', value: 'focus' };

/** The ids of each batch the operator yields (one batch per partition that keeps an event). */
async function batchesOf(params: Record<string, unknown>, input: readonly CanonicalEvent[] = events): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of runOp('neighbours', { where: click, neighbour: focus, ...params }, input).batches as AsyncIterable<CanonicalEvent[]>) {
    out.push(batch.map((e) => e.id));
  }
  return out;
}

test('keep present, before, within 2 s: a click stays only with a focus at most 2 s before it; other events pass', async () => {
  // 2: focus 1 s before; 3: the focus is 5 s before; 5: no focus before; 7: focus 100 ms before; 8: alone.
  // s3 keeps nothing and yields no (empty) batch.
  assert.deepEqual(await batchesOf({ within: '2s' }), [['1', '2', '4'], ['6', '7']]);
  assert.deepEqual(await batchesOf({ within: 1000 }), [['1', '2', '4'], ['6', '7']], '1000 ms away is within 1000 (inclusive)');
  assert.deepEqual(await batchesOf({ within: 999 }), [['1', '4'], ['6', '7']]);
});

test('keep absent drops the clicks that have the neighbour; after and either look the other way or both', async () => {
  assert.deepEqual(await batchesOf({ within: '2s', keep: 'absent' }), [['1', '3', '4'], ['5', '6'], ['8']]);
  // after: 5 has the focus 100 ms after it
  assert.deepEqual(await batchesOf({ within: '2s', direction: 'after' }), [['1', '4'], ['5', '6']]);
  assert.deepEqual(await batchesOf({ within: '2s', direction: 'either' }), [['1', '2', '4'], ['5', '6', '7']]);
});

test('count bounds the neighbour in events (1 = adjacent), alone or with within; partitionBy [] is one stream in time order', async () => {
  // s1 with count 1: 2 is next to the focus, 3 is two events away
  assert.deepEqual(await batchesOf({ count: 1 }), [['1', '2', '4'], ['6', '7']]);
  assert.deepEqual(await batchesOf({ count: 2 }), [['1', '2', '3', '4'], ['6', '7']]);
  assert.deepEqual(await batchesOf({ count: 2, within: '2s' }), [['1', '2', '4'], ['6', '7']]);
  // one stream: 1 focus @0, 8 click @50, 5 click @100, 6 focus @200, 7 click @300, 2 click @1000, 3 @5000, 4 @5500
  const byTime = [...events].sort((a, b) => a.time! - b.time!);
  assert.deepEqual(await batchesOf({ count: 1, partitionBy: [] }, byTime), [['1', '8', '6', '7', '4']]);
});

test('params: within or count is required, the issue under within; the defaults', () => {
  const issuesOf = (params: unknown) => {
    const r = NeighboursParams.safeParse(params);
    return r.success ? r.data : r.error.issues;
  };
  assert.deepEqual(issuesOf({ where: click, neighbour: focus }), [
    { code: 'custom', path: ['within'], message: 'Give `within` (a time window), `count` (events), or both.' },
  ]);
  assert.deepEqual(issuesOf({ where: click, neighbour: focus, within: '2s' }), {
    where: click,
    neighbour: focus,
    direction: 'before',
    within: 2000,
    keep: 'present',
    partitionBy: ['session'],
  });
  assert.deepEqual(issuesOf({ where: click, neighbour: focus, count: 3 }), {
    where: click,
    neighbour: focus,
    direction: 'before',
    count: 3,
    keep: 'present',
    partitionBy: ['session'],
  });
});

test('a time value that is no time is invalid_query naming its path under where or neighbour', () => {
  const bad = { field: 'time', op: 'gte', value: 'yesterday' };
  for (const [params, at] of [
    [{ where: bad, neighbour: focus }, 'where'],
    [{ where: click, neighbour: bad }, 'neighbour'],
  ] as const) {
    assert.throws(() => runOp('neighbours', { ...params, within: 1 }, events), (error: unknown) => {
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

test('takes events only: after a table step the pipeline is invalid_pipeline with the exact message', () => {
  assert.throws(
    () => parsePipeline({ steps: [{ op: 'count-by', by: 'type' }, { op: 'neighbours', where: click, neighbour: focus, count: 1 }] }, { registry: createRegistry(), defaultSource: 'mem' }),
    (e: unknown) => {
      assert.ok(e instanceof DistillError);
      assert.equal(e.code, 'invalid_pipeline');
      assert.deepEqual(e.issues.map((i) => [i.path.join('.'), i.message]), [
        ['steps.1.op', '"neighbours" takes events, but the previous step produces table. Reorder the steps or add one that produces events.'],
      ]);
      return true;
    },
  );
});

test('through the runner: the source is asked for the fields of both conditions', async () => {
  const list = [
    ev('a', 0, { session: 's', type: 'click' }, { details: { src: 'k' } }),
    ev('b', 10, { session: 's', type: 'save' }, { details: { kind: 'save' } }),
    ev('c', 5000, { session: 's', type: 'save' }, { details: { kind: 'save' } }),
  ];
  const { source, reads } = recordingSource(list);
  const env = await runRecorded(source, {
    steps: [
      { op: 'neighbours', where: { field: 'details.kind', op: 'eq', value: 'save' }, neighbour: { field: 'details.src', op: 'exists' }, within: '2s' },
      { op: 'count-by', by: 'type' },
    ],
  });
  assert.deepEqual(reads, [{ query: {}, needs: ['details.kind', 'details.src'], unusedRoles: ['path'] }]);
  assert.deepEqual(env.result, {
    kind: 'table',
    columns: [
      { name: 'type', type: 'string' },
      { name: 'count', type: 'integer' },
    ],
    count: 2,
    rows: [
      { type: 'click', count: 1 },
      { type: 'save', count: 1 },
    ],
  });
});

test('declares that it preserves its input order, so a partitioned step after it needs no re-sort', () => {
  assert.deepEqual(neighboursOperator.capabilities, { preservesOrder: true });
});

test('docs/operators.md documents neighbours as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(neighboursOperator);
  assert.equal(rendered, committed);
});
