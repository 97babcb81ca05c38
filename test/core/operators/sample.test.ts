import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { SampleParams, sampleOperator } from '../../../src/core/operators/sample.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { orderSeenAfter } from './partition-order-probe.js';

// In partition order (session, then time, untimed last), as the runner hands them to the operator. With `every`
// 1 s every timed event here is alone in its bucket, and the untimed one is a bucket of its own: which events are
// kept then follows from the counts alone, not from the seeded keys.
const events = [
  ev('a', 999, { session: 's1', user: 'u' }), // bucket 0
  ev('b', 1000, { session: 's1', user: 'u' }), // bucket 1
  { id: 'c', session: 's1', user: 'u', doc: {} } as CanonicalEvent, // untimed: its own bucket
  ev('d', 500, { session: 's2', user: 'v' }),
  ev('e', 2500, { session: 's2', user: 'v' }),
];

/** Run sample directly over `input`; return the ids of each batch it yields, as they came. */
async function run(params: Record<string, unknown>, input: readonly CanonicalEvent[] = events): Promise<string[][]> {
  const frame = sampleOperator.run({ kind: 'events', batches: batches(input) }, SampleParams.parse(params), opContext());
  assert.equal(frame.kind, 'events');
  const got: string[][] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly CanonicalEvent[]>) got.push(batch.map((e) => e.id));
  return got;
}

test('n per bucket: one event per 1 s bucket keeps every event alone in its bucket, untimed too; one batch per partition', async () => {
  assert.deepEqual(await run({ every: '1s', n: 1 }), [['a', 'b', 'c'], ['d', 'e']]);
});

test('without every, the timed events of a partition are one bucket and the untimed ones another', async () => {
  assert.deepEqual(await run({ n: 3 }), [['a', 'b', 'c'], ['d', 'e']]);
  // n: 1 keeps one of a and b (the same one as from a and b alone) and c, alone in the untimed bucket
  const [[ab]] = (await run({ n: 1 }, events.slice(0, 2))) as [[string]];
  assert.ok(ab === 'a' || ab === 'b');
  assert.deepEqual(await run({ n: 1 }, events.slice(0, 3)), [[ab, 'c']]);
});

test('fraction rounds half up per bucket: 0.5 of one event keeps it, 0.49 drops it', async () => {
  assert.deepEqual(await run({ every: 1000, fraction: 0.5 }), [['a', 'b', 'c'], ['d', 'e']]);
  assert.deepEqual(await run({ every: 1000, fraction: 0.49 }), []);
});

test('a partition with nothing kept yields no batch, not an empty one', async () => {
  assert.deepEqual(await run({ n: 0 }), []);
  // without every, timed events are one bucket per partition: s1 here is a bucket of 3, round(0.2 × 3) = 1 kept — the
  // one n: 1 keeps (the smallest seeded key); s2 a bucket of 2, round(0.2 × 2) = 0 kept: no batch for s2
  const list = [events[0]!, events[1]!, ev('x', 1200, { session: 's1', user: 'u' }), events[3]!, events[4]!];
  const [first] = await run({ n: 1 }, list.slice(0, 3));
  assert.equal(first?.length, 1);
  assert.deepEqual(await run({ fraction: 0.2 }, list), [first]);
});

test('params: exactly one of n and fraction, reported at n; seed defaults to "42" and numbers become text', () => {
  const issuesOf = (params: unknown) => {
    const r = SampleParams.safeParse(params);
    return r.success ? r.data : r.error.issues;
  };
  const issue = [{ code: 'custom', path: ['n'], message: 'Give exactly one of `n` and `fraction`.' }];
  assert.deepEqual(issuesOf({}), issue);
  assert.deepEqual(issuesOf({ n: 1, fraction: 0.5 }), issue);
  assert.deepEqual(issuesOf({ n: 1 }), { n: 1, seed: '42', partitionBy: ['session'] });
  assert.deepEqual(issuesOf({ fraction: 0.5, seed: 7, every: '2s', partitionBy: 'user' }), { fraction: 0.5, seed: '7', every: 2000, partitionBy: ['user'] });
});

test('fields: sample reads no field of its own (its partition fields are declared by partition)', () => {
  assert.deepEqual(sampleOperator.fields!(SampleParams.parse({ n: 1, partitionBy: 'user' })), []);
  assert.deepEqual(sampleOperator.partition!(SampleParams.parse({ n: 1, partitionBy: 'user' })), { by: ['user'] });
});

test('sample keeps the partition order of its input: the next partitioned step is not sorted again', async () => {
  assert.deepEqual(await orderSeenAfter({ op: 'sample', fraction: 1, partitionBy: 'user' }, events), [
    ['a', 'b', 'c', 'd', 'e'], // by user (u, v), then time, untimed last
    ['e', 'd', 'c', 'b', 'a'], // reversed and sampled as it came, not sorted again
  ]);
});

test('docs/operators.md documents sample as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(sampleOperator);
  assert.equal(rendered, committed);
});
