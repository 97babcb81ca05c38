import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { compareKeyPrefixes, compareWithinPartition, partitionIdPrefix, partitionKeyGetter, sortIntoPartitions } from '../../../src/core/partition.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { runPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import type { EventSource } from '../../../src/core/source.js';
import { createTempSpill } from '../../../src/scratch/temp-spill.js';
import { batches, collect } from '../../helpers/events.js';
import { countingSpill } from '../sort/counting-spill.js';

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'distill-emits-order-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Records, in a table, the events a session-partitioned step receives, in the order it receives them. */
const receivedOrder = defineOperator({
  name: 'received-order',
  summary: 'test',
  description: 'test',
  params: z.strictObject({}),
  accepts: ['events'],
  produces: () => 'table',
  examples: [],
  fields: () => ['doc.seq'],
  partition: () => ({ by: ['session'] }),
  run(input) {
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return {
      kind: 'table',
      columns: [{ name: 'e', type: 'any' }],
      batches: (async function* () {
        for await (const batch of upstream) yield batch.map((e) => ({ e: received(e) }));
      })(),
    };
  },
});

const received = (e: CanonicalEvent) => ({ id: e.id, time: e.time ?? null, user: e.user ?? null, session: e.session ?? null, seq: e.doc.seq });

function memorySource(events: readonly CanonicalEvent[], size: number): EventSource {
  const source: EventSource = {
    id: 'mem',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: source.capabilities, details: {} }),
    read: () => ({ sorted: false, limited: false, batches: batches(events, size) }),
    fields: async () => [],
  };
  return source;
}

// Users whose id prefixes order differently from the users ('a' < 'a.b' but 'a.b/' < 'a/'), share a prefix ('' and
// missing are both ∅; the number 1 and the string '1' are both 1), need encoding ('a/b', 'é', 'a b') or look alike.
const userValue = fc.constantFrom<unknown>('a', 'a.b', 'a-b', 'a/b', 'ab', 'é', 'a b', '1', '', undefined);
const groupValue = fc.constantFrom<unknown>(1, '1', 2, 'x', '', undefined, ['x'], true);
const eventArb = fc.record({
  user: userValue,
  g: groupValue,
  session: fc.constantFrom<string | undefined>('s1', 's2', 's/3', undefined),
  time: fc.option(fc.constantFrom(0, 1, 1.5, 2, 1_800_001, 4_000_000), { nil: undefined }),
  n: fc.nat({ max: 30 }),
});

function toEvents(raw: readonly { user: unknown; g: unknown; session: string | undefined; time: number | undefined; n: number }[]): CanonicalEvent[] {
  // Ids repeat on purpose: ties must keep input order in both paths.
  return raw.map((r, seq) => ({ id: `f#${r.n}`, time: r.time, user: r.user as string | undefined, session: r.session, doc: { g: r.g, seq } }));
}

test('id-prefix partition order: a stable sort by (id prefix, key, time, id), for random keys, ties, untimed events and spilling budgets', async () => {
  await withDir(async (dir) => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 200 }), fc.constantFrom(['user'], ['doc.g'], ['user', 'doc.g']), fc.constantFrom(400, 5_000, 1 << 30), fc.integer({ min: 1, max: 40 }), async (raw, by, memoryBytes, size) => {
        const events = toEvents(raw);
        const key = partitionKeyGetter(by);
        const want = [...events].sort((a, b) => compareKeyPrefixes(key(a), key(b)) || compareWithinPartition(a, b));
        const spill = countingSpill(dir);
        assert.deepEqual(await collect(sortIntoPartitions(batches(events, size), by, { memoryBytes, spill: spill.make }, 'id-prefix')), want);
      }),
      { numRuns: 120 },
    );
    assert.deepEqual(readdirSync(dir), [], 'every scratch directory was removed');
  });
});

test('sessionize followed by a session-partitioned step: the events arrive exactly as after a full session sort', async () => {
  const registry = createRegistry().register(receivedOrder, 'test');
  await withDir(async (dir) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 150 }),
        fc.constantFrom<Record<string, unknown>>({}, { by: 'gap', gap: '30m' }, { by: 'field', fields: ['session'] }, { partitionBy: ['doc.g'] }, { partitionBy: ['user', 'doc.g'] }, { partitionBy: [] }),
        fc.constantFrom(400, 1 << 30),
        fc.integer({ min: 1, max: 40 }),
        async (raw, params, memoryBytes, size) => {
          const events = toEvents(raw);
          const options = { registry, defaultSource: 'mem', now: 0, resolveSource: () => memorySource(events, size), sort: { memoryBytes, spill: () => createTempSpill({ dir }) } };
          const skipped = await runPipeline({ steps: [{ op: 'sessionize', ...params }, { op: 'received-order' }] }, options);
          // The reference: sessionize alone (its ordinary order), then the full partition sort by session.
          const alone = await runPipeline({ steps: [{ op: 'sessionize', ...params }] }, options);
          const sessionized = (alone.result as unknown as { events: CanonicalEvent[] }).events;
          const want = (await collect(sortIntoPartitions(batches(sessionized, 7), ['session'], { memoryBytes: 1 << 30 }))).map(received);
          assert.deepEqual((skipped.result as unknown as { rows: { e: unknown }[] }).rows.map((r) => r.e), want);
        },
      ),
      { numRuns: 120 },
    );
    assert.deepEqual(readdirSync(dir), [], 'every scratch directory was removed');
  });
});

test('the sequence pipeline sorts twice, not three times: collapse-repeats takes sessionize’s order', async () => {
  await withDir(async (dir) => {
    const events = toEvents(Array.from({ length: 60 }, (_, i) => ({ user: ['a', 'a.b', undefined][i % 3], g: 1, session: ['s1', 's2'][i % 2], time: i * 1000, n: i })));
    const sorts: string[] = [];
    const spill = countingSpill(dir);
    const options = {
      registry: createRegistry().register(receivedOrder, 'test'),
      defaultSource: 'mem',
      now: 0,
      resolveSource: () => memorySource(events, 10),
      sort: { memoryBytes: 1, spill: () => (sorts.push('sort'), spill.make()) },
    };
    const env = await runPipeline({ steps: [{ op: 'stitch-users' }, { op: 'sessionize' }, { op: 'collapse-repeats', fields: ['user'] }, { op: 'received-order' }] }, options);
    assert.equal(sorts.length, 2, 'one sort by session for stitch-users, one by user (id-prefix order) for sessionize');
    assert.ok(spill.runs() >= 2);
    const rows = (env.result as unknown as { rows: { e: { id: string; session: string } }[] }).rows;
    // Sessions in the order of their ids ('a.b/…' before 'a/…', though 'a' < 'a.b'); users conflict in both source
    // sessions (not stitched), and each session is one run of its user, collapsed to its first event.
    assert.deepEqual(
      rows.map((r) => `${r.e.session} ${r.e.id}`),
      ['a.b/s1/1 f#4', 'a.b/s2/1 f#1', 'a/s1/1 f#0', 'a/s2/1 f#3', '∅/s1/1 f#2', '∅/s2/1 f#5'],
    );
  });
});

test('partitionIdPrefix and compareKeyPrefixes: the order of ids built on the prefix', () => {
  assert.equal(partitionIdPrefix(['a/b', null]), 'a%2Fb/∅');
  assert.equal(partitionIdPrefix([]), 'all');
  assert.ok(compareKeyPrefixes(['a.b'], ['a']) < 0, "'a.b/' before 'a/'");
  assert.ok(compareKeyPrefixes(['a'], ['ab']) < 0);
  assert.ok(compareKeyPrefixes([1], ['1']) < 0, 'same prefix: key order (numbers before strings)');
  assert.ok(compareKeyPrefixes([''], [null]) < 0, 'same prefix ∅: the empty string before missing');
  assert.equal(compareKeyPrefixes(['a'], ['a']), 0);
});
