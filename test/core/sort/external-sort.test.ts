import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { externalSort } from '../../../src/core/sort/external-sort.js';
import { createTempSpill } from '../../../src/scratch/temp-spill.js';
import { batches, collect } from '../../helpers/events.js';
import { countingSpill } from './counting-spill.js';
import { memorySpill } from './memory-spill.js';

interface Item {
  readonly k: number;
  readonly i: number;
  readonly u?: undefined;
}
const byK = (a: Item, b: Item): number => a.k - b.k;


test('under the budget: sorted in memory, stable, nothing spilled', async () => {
  const items: Item[] = [3, 1, 2, 1, 3].map((k, i) => ({ k, i }));
  const got = await collect(externalSort(batches(items, 2), byK, { memoryBytes: 1 << 30, spill: () => assert.fail('no spill expected') }));
  assert.deepEqual(got.map((x) => [x.k, x.i]), [[1, 1], [1, 3], [2, 2], [3, 0], [3, 4]]);
});

test('a tiny budget spills sorted runs to a private directory, merges them stably, and removes them', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'distill-sort-test-'));
  try {
    const spill = countingSpill(dir);
    const items: Item[] = Array.from({ length: 5000 }, (_, i) => ({ k: (i * 7919) % 97, i, u: undefined }));
    const got = await collect(externalSort(batches(items, 100), byK, { memoryBytes: 20_000, spill: spill.make }));
    assert.ok(spill.runs() >= 5, `several runs spilled (${spill.runs()})`);
    const want = [...items].sort((a, b) => a.k - b.k || a.i - b.i);
    assert.deepEqual(got, want);
    assert.ok('u' in got[0]!, 'undefined-valued keys survive the round trip');
    assert.equal(spill.disposed(), true);
    assert.deepEqual(readdirSync(dir), [], 'the scratch directory is gone');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('stopping early (or failing) still removes the spilled runs', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'distill-sort-test-'));
  try {
    const spill = countingSpill(dir);
    const items: Item[] = Array.from({ length: 3000 }, (_, i) => ({ k: 3000 - i, i }));
    for await (const batch of externalSort(batches(items, 100), byK, { memoryBytes: 10_000, spill: spill.make })) {
      assert.equal(batch[0]!.k, 1);
      break;
    }
    assert.equal(spill.disposed(), true);
    assert.deepEqual(readdirSync(dir), []);
    async function* failing(): AsyncGenerator<readonly Item[]> {
      yield items.slice(0, 1000);
      yield items.slice(1000, 2000);
      throw new Error('source broke');
    }
    const spill2 = countingSpill(dir);
    await assert.rejects(collect(externalSort(failing(), byK, { memoryBytes: 10_000, spill: spill2.make })), /source broke/);
    assert.equal(spill2.disposed(), true);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('property: equal to a stable in-memory sort for any input, batch size and budget', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'distill-sort-test-'));
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 400 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 500, max: 50_000 }), async (keys, size, budget) => {
        const items = keys.map((k, i) => ({ k, i }));
        const got = await collect(externalSort(batches(items, size), byK, { memoryBytes: budget, spill: () => createTempSpill({ dir }) }));
        assert.deepEqual(got, [...items].sort((a, b) => a.k - b.k || a.i - b.i));
      }),
      { numRuns: 60 },
    );
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the temp spill store creates its directory only on first write and refuses writes after dispose', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'distill-sort-test-'));
  try {
    const store = createTempSpill({ dir });
    assert.deepEqual(readdirSync(dir), []);
    const run = await store.writeRun([{ a: 1, b: undefined }, [1, 'x']]);
    const made = readdirSync(dir);
    assert.equal(made.length, 1);
    assert.match(made[0]!, /^distill-sort-/);
    assert.deepEqual(await collect(run.read() as AsyncIterable<readonly unknown[]>), [{ a: 1, b: undefined }, [1, 'x']]);
    await store.dispose();
    assert.equal(existsSync(path.join(dir, made[0]!)), false);
    await assert.rejects(store.writeRun([1]), /disposed/);
    await store.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// Records whose JSON text is always 19 characters, so the size estimate is exactly 2 × 19 + 96 = 134 bytes each.
interface Fixed {
  readonly k: number;
  readonly id: string;
}
const fixed = (n: number): Fixed[] => Array.from({ length: n }, (_, i) => ({ k: (i * 7) % 10, id: String(i).padStart(4, '0') }));
const byFixedK = (a: Fixed, b: Fixed): number => a.k - b.k;
/** A plain stable sort of [input position, record] pairs by key then position: what a spilled run must hold. */
const sortedEntries = (items: readonly Fixed[], from: number, to: number): [number, Fixed][] =>
  items.slice(from, to).map((x, i): [number, Fixed] => [from + i, x]).sort((a, b) => a[1].k - b[1].k || a[0] - b[0]);

test('a run is spilled when the estimate passes the budget (not when it reaches it), sorted, and the count starts again', async () => {
  // Batches of 5 records are 670 bytes; a budget of 1340 is reached after 2 batches and passed after 3.
  const items = fixed(55);
  const spill = memorySpill(4);
  const got: Fixed[][] = [];
  for await (const batch of externalSort(batches(items, 5), byFixedK, { memoryBytes: 1340, spill: spill.make })) got.push([...batch]);
  assert.equal(spill.runs.length, 3, 'batches 3, 6 and 9 pass the budget; the last 10 records stay in memory');
  assert.deepEqual(spill.runs[0], sortedEntries(items, 0, 15));
  assert.deepEqual(spill.runs[1], sortedEntries(items, 15, 30));
  assert.deepEqual(spill.runs[2], sortedEntries(items, 30, 45));
  assert.deepEqual(got, [sortedEntries(items, 0, 55).map((e) => e[1])], 'one merged batch, stable across runs and the memory tail');
  assert.deepEqual([...spill.closed].sort(), [0, 1, 2], 'every run reader is closed');
  assert.equal(spill.stores(), 1, 'one store for all runs');
  assert.equal(spill.disposals(), 1);
});

test('sorted output comes in batches of 1000, in memory and merged from spilled runs', async () => {
  const items = fixed(2500);
  const inMemory = await lengths(externalSort(batches(items, 100), byFixedK, { memoryBytes: 1 << 30 }));
  assert.deepEqual(inMemory, [1000, 1000, 500]);
  const spill = memorySpill(7);
  const merged: Fixed[] = [];
  const sizes: number[] = [];
  for await (const batch of externalSort(batches(items, 100), byFixedK, { memoryBytes: 100_000, spill: spill.make })) {
    sizes.push(batch.length);
    merged.push(...batch);
  }
  assert.equal(spill.runs.length, 3, '100,000 bytes are passed every 747 records, i.e. after 8 batches of 100');
  assert.deepEqual(sizes, [1000, 1000, 500]);
  assert.deepEqual(merged, sortedEntries(items, 0, 2500).map((e) => e[1]));
});

test('without a spill store nothing is spilled, whatever the budget', async () => {
  const items = fixed(30);
  const got = await collect(externalSort(batches(items, 4), byFixedK, { memoryBytes: 1 }));
  assert.deepEqual(got, sortedEntries(items, 0, 30).map((e) => e[1]));
});

test('stopping early after a spill closes every run reader and disposes the store once', async () => {
  const spill = memorySpill(3);
  for await (const batch of externalSort(batches(fixed(3000), 50), byFixedK, { memoryBytes: 20_000, spill: spill.make })) {
    assert.equal(batch.length, 1000);
    break;
  }
  assert.ok(spill.runs.length > 3, `several runs (${spill.runs.length})`);
  assert.deepEqual([...spill.closed].sort((a, b) => a - b), spill.runs.map((_, i) => i));
  assert.equal(spill.disposals(), 1);
});

async function lengths(source: AsyncIterable<readonly unknown[]>): Promise<number[]> {
  const out: number[] = [];
  for await (const batch of source) out.push(batch.length);
  return out;
}

test('no empty batch: 2000 records come as two batches of 1000, in memory and merged; no input gives no batch', async () => {
  const items = fixed(2000);
  assert.deepEqual(await lengths(externalSort(batches(items, 100), byFixedK, { memoryBytes: 1 << 30 })), [1000, 1000]);
  assert.deepEqual(await lengths(externalSort(batches(items, 100), byFixedK, { memoryBytes: 50_000, spill: memorySpill(9).make })), [1000, 1000]);
  assert.deepEqual(await lengths(externalSort(batches([], 100), byFixedK, { memoryBytes: 1 << 30 })), []);
});

test('a memory tail of more than 1000 records after a spill is merged whole, once', async () => {
  const items = fixed(2300);
  async function* twoBatches(): AsyncGenerator<readonly Fixed[]> {
    yield items.slice(0, 1200); // 160,800 bytes: passes 150,000, spilled
    yield items.slice(1200); // 147,400 bytes: stays in memory
  }
  const spill = memorySpill(100);
  const got = await collect(externalSort(twoBatches(), byFixedK, { memoryBytes: 150_000, spill: spill.make }));
  assert.equal(spill.runs.length, 1);
  assert.deepEqual(got, sortedEntries(items, 0, 2300).map((e) => e[1]));
});

test('the merge takes the smallest head of every run, also when it sits in the right branch of the heap', async () => {
  // One run per batch (670 bytes > 600). Heads 5, 3, 4: after the 3 the next smallest head (4) is the heap's right child.
  const keys = [5, 8, 8, 8, 8, 3, 9, 9, 9, 9, 4, 8, 8, 8, 8];
  const items = keys.map((k, i) => ({ k, id: String(i).padStart(4, '0') }));
  const spill = memorySpill(1);
  const got = await collect(externalSort(batches(items, 5), byFixedK, { memoryBytes: 600, spill: spill.make }));
  assert.equal(spill.runs.length, 3);
  assert.deepEqual(got.map((x) => x.k), [3, 4, 5, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9]);
  assert.deepEqual(got, sortedEntries(items, 0, 15).map((e) => e[1]));
});
