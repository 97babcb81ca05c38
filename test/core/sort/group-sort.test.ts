import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { partitionComparator, partitionKeyText, sortIntoPartitions } from '../../../src/core/partition.js';
import { groupSort, type GroupOrder } from '../../../src/core/sort/group-sort.js';
import { createTempSpill } from '../../../src/scratch/temp-spill.js';
import { batches, collect } from '../../helpers/events.js';
import { countingSpill } from './counting-spill.js';
import { memorySpill } from './memory-spill.js';


async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'distill-group-sort-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Events whose partition keys mix strings, numbers (also the number 1 beside the string '1'), booleans, missing
// values and arrays; times with ties and untimed events; ids that tie-break digit-aware.
const keyValue = fc.oneof(
  fc.constantFrom('a', 'b', 'B', '1', 'é', 'session_10', 'session_9'),
  fc.constantFrom(1, 2, 10, -0.5),
  fc.boolean(),
  fc.constant(undefined),
  fc.constantFrom(['x'], ['x', 'y'], []),
);
const eventArb = fc.record({
  g: keyValue,
  h: keyValue,
  time: fc.option(fc.constantFrom(0, 1, 1.5, 2, 10), { nil: undefined }),
  n: fc.nat({ max: 40 }),
});

function toEvents(raw: readonly { g: unknown; h: unknown; time: number | undefined; n: number }[]): CanonicalEvent[] {
  // Ids repeat on purpose (f#n): equal (key, time, id) records must keep input order (`seq` tells them apart).
  return raw.map((r, seq) => ({ id: `f#${r.n}`, time: r.time, doc: { g: r.g, h: r.h, seq } }));
}

test('sortIntoPartitions equals a stable sort by the full partition order, for random events, budgets and batch sizes', async () => {
  await withDir(async (dir) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 300 }),
        fc.constantFrom(['g'], ['g', 'h'], ['h', 'g']),
        fc.constantFrom(500, 5_000, 40_000, 1 << 30),
        fc.integer({ min: 1, max: 50 }),
        async (raw, by, memoryBytes, size) => {
          const events = toEvents(raw);
          const want = [...events].sort(partitionComparator(by)); // Array.prototype.sort is stable
          const spill = countingSpill(dir);
          const got = await collect(sortIntoPartitions(batches(events, size), by, { memoryBytes, spill: spill.make }));
          assert.deepEqual(got, want);
          assert.equal(spill.disposed(), spill.runs() > 0);
        },
      ),
      { numRuns: 150 },
    );
    assert.deepEqual(readdirSync(dir), [], 'every scratch directory was removed');
  });
});

test('a tiny budget spills several runs and merges them a partition at a time', async () => {
  await withDir(async (dir) => {
    const events: CanonicalEvent[] = Array.from({ length: 3000 }, (_, i) => ({ id: `f#${i}`, time: (i * 7919) % 13, doc: {}, session: `s${(i * 31) % 17}` }));
    const spill = countingSpill(dir);
    const got = await collect(sortIntoPartitions(batches(events, 100), ['session'], { memoryBytes: 20_000, spill: spill.make }));
    assert.ok(spill.runs() >= 5, `several runs spilled (${spill.runs()})`);
    const want = [...events].sort(partitionComparator(['session']));
    assert.deepEqual(got.map((e) => e.id), want.map((e) => e.id));
    assert.deepEqual(got[0], { id: 'f#0', time: 0, doc: {}, session: 's0' });
    assert.equal(spill.disposed(), true);
    assert.deepEqual(readdirSync(dir), []);
  });
});

interface Item {
  readonly k: number;
  readonly t: number;
  readonly i: number;
}

// Keys that compare equal but have different texts (k with a parity suffix): their groups must be merged, ties in
// input order.
const splitOrder: GroupOrder<{ k: number; i: number }, Item> = {
  key: (item) => ({ k: item.k, i: item.i }),
  text: (key) => `${key.k}/${key.i % 2}`,
  compareKeys: (a, b) => a.k - b.k,
  compareWithin: (a, b) => a.t - b.t,
};

test('groups whose keys compare equal are merged, keeping input order on ties, in memory and spilled', async () => {
  await withDir(async (dir) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 4 }), t: fc.integer({ min: 0, max: 3 }) }), { maxLength: 200 }),
        fc.constantFrom(300, 3_000, 1 << 30),
        async (raw, memoryBytes) => {
          const items: Item[] = raw.map((r, i) => ({ ...r, i }));
          const want = [...items].sort((a, b) => a.k - b.k || a.t - b.t || a.i - b.i);
          const got = await collect(groupSort(batches(items, 7), splitOrder, { memoryBytes, spill: () => createTempSpill({ dir }) }));
          assert.deepEqual(got, want);
        },
      ),
      { numRuns: 100 },
    );
  });
});

test('under the budget nothing is spilled; without a spill store nothing is spilled whatever the budget', async () => {
  const items: Item[] = [3, 1, 2, 1, 3].map((k, i) => ({ k, t: 5 - i, i }));
  const order: GroupOrder<number, Item> = { key: (x) => x.k, text: String, compareKeys: (a, b) => a - b, compareWithin: (a, b) => a.t - b.t };
  const want = [
    [1, 2],
    [1, 4],
    [2, 3],
    [3, 1],
    [3, 5],
  ];
  const big = await collect(groupSort(batches(items, 2), order, { memoryBytes: 1 << 30, spill: () => assert.fail('no spill expected') }));
  assert.deepEqual(big.map((x) => [x.k, x.t]), want);
  const noStore = await collect(groupSort(batches(items, 2), order, { memoryBytes: 1 }));
  assert.deepEqual(noStore.map((x) => [x.k, x.t]), want);
});

test('breaking off the output after a spill disposes the spill store', async () => {
  await withDir(async (dir) => {
    const spill = countingSpill(dir);
    const items: Item[] = Array.from({ length: 2000 }, (_, i) => ({ k: i % 50, t: i, i }));
    const order: GroupOrder<number, Item> = { key: (x) => x.k, text: String, compareKeys: (a, b) => a - b, compareWithin: (a, b) => a.t - b.t };
    for await (const batch of groupSort(batches(items, 100), order, { memoryBytes: 10_000, spill: spill.make })) {
      assert.equal(batch[0]!.k, 0);
      break;
    }
    assert.ok(spill.runs() > 0);
    assert.equal(spill.disposed(), true);
    assert.deepEqual(readdirSync(dir), []);
  });
});

test('partition key texts tell types and values apart', () => {
  assert.equal(partitionKeyText(['1']), 's1');
  assert.equal(partitionKeyText([1]), 'n1');
  assert.equal(partitionKeyText([null]), 'z');
  assert.equal(partitionKeyText([true]), 't');
  assert.equal(partitionKeyText([['x']]), 'j["x"]');
  assert.equal(partitionKeyText(['a:b', 'c']), '4:sa:b2:sc');
  assert.notEqual(partitionKeyText(['a', 'b:c']), partitionKeyText(['a:b', 'c']));
});

// Records whose JSON text is always 19 characters, so the size estimate is exactly 2 × 19 + 96 = 134 bytes each.
interface Fixed {
  readonly k: number;
  readonly id: string;
}
const fixed = (n: number, key: (i: number) => number): Fixed[] => Array.from({ length: n }, (_, i) => ({ k: key(i), id: String(i).padStart(4, '0') }));
/** Groups by k, descending id within (so the order within differs from input order). */
const byKThenIdDown: GroupOrder<number, Fixed> = {
  key: (x) => x.k,
  text: String,
  compareKeys: (a, b) => a - b,
  compareWithin: (a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
};
const plain = (items: readonly Fixed[]): Fixed[] => [...items].sort((a, b) => a.k - b.k || (a.id < b.id ? 1 : -1));

test('a run is spilled when the estimate passes the budget (not when it reaches it), as (key, record) pairs in order', async () => {
  // Batches of 5 records are 670 bytes; a budget of 1340 is reached after 2 batches and passed after 3.
  const items = fixed(55, (i) => (i * 7) % 10);
  const spill = memorySpill(4);
  const got: Fixed[][] = [];
  for await (const batch of groupSort(batches(items, 5), byKThenIdDown, { memoryBytes: 1340, spill: spill.make })) got.push([...batch]);
  assert.equal(spill.runs.length, 3, 'batches 3, 6 and 9 pass the budget; the last 10 records stay in memory');
  for (const [r, run] of spill.runs.entries()) assert.deepEqual(run, plain(items.slice(15 * r, 15 * r + 15)).map((x) => [x.k, x]));
  assert.deepEqual(got, [...new Set(items.map((x) => x.k))].sort().map((k) => plain(items.filter((x) => x.k === k))), 'merged one group per batch');
  assert.deepEqual([...spill.closed].sort(), [0, 1, 2], 'every run reader is closed');
  assert.equal(spill.stores(), 1);
  assert.equal(spill.disposals(), 1);
});

test('output batches: 1000 records across groups in memory; merged, each group in batches of 1000', async () => {
  // Groups of 800, 800 and 900 records, interleaved.
  const items = fixed(2500, (i) => (i < 1500 ? i % 3 : i < 2100 ? i % 2 : 2));
  const sizes = new Map<number, number>();
  for (const x of items) sizes.set(x.k, (sizes.get(x.k) ?? 0) + 1);
  assert.deepEqual([...sizes.entries()].sort(), [[0, 800], [1, 800], [2, 900]]);
  const inMemory: number[] = [];
  const all: Fixed[] = [];
  for await (const batch of groupSort(batches(items, 100), byKThenIdDown, { memoryBytes: 1 << 30 })) (inMemory.push(batch.length), all.push(...batch));
  assert.deepEqual(inMemory, [1000, 1000, 500]);
  assert.deepEqual(all, plain(items));
  const spill = memorySpill(7);
  const merged: number[] = [];
  const mergedAll: Fixed[] = [];
  for await (const batch of groupSort(batches(items, 100), byKThenIdDown, { memoryBytes: 100_000, spill: spill.make })) (merged.push(batch.length), mergedAll.push(...batch));
  assert.equal(spill.runs.length, 3);
  assert.deepEqual(merged, [800, 800, 900]);
  assert.deepEqual(mergedAll, plain(items));
});

test('merged groups larger than 1000 records come in batches of 1000', async () => {
  const items = fixed(2500, (i) => (i % 5 === 0 ? 1 : 0));
  const spill = memorySpill(50);
  const merged: number[] = [];
  const all: Fixed[] = [];
  for await (const batch of groupSort(batches(items, 100), byKThenIdDown, { memoryBytes: 100_000, spill: spill.make })) (merged.push(batch.length), all.push(...batch));
  assert.equal(spill.runs.length, 3);
  assert.deepEqual(merged, [1000, 1000, 500]);
  assert.deepEqual(all, plain(items));
});

test('stopping early after a spill closes every run reader and disposes the store once', async () => {
  const spill = memorySpill(3);
  for await (const batch of groupSort(batches(fixed(3000, (i) => i % 4), 50), byKThenIdDown, { memoryBytes: 20_000, spill: spill.make })) {
    assert.equal(batch.length, 750);
    break;
  }
  assert.ok(spill.runs.length > 3, `several runs (${spill.runs.length})`);
  assert.deepEqual([...spill.closed].sort((a, b) => a - b), spill.runs.map((_, i) => i));
  assert.equal(spill.disposals(), 1);
});

test('no empty batch: 2000 records of one group in memory come as two batches of 1000; no input gives no batch', async () => {
  const items = fixed(2000, () => 1);
  const sizes: number[] = [];
  for await (const batch of groupSort(batches(items, 100), byKThenIdDown, { memoryBytes: 1 << 30 })) sizes.push(batch.length);
  assert.deepEqual(sizes, [1000, 1000]);
  const none: number[] = [];
  for await (const batch of groupSort(batches([], 100), byKThenIdDown, { memoryBytes: 1 << 30 })) none.push(batch.length);
  assert.deepEqual(none, []);
});
