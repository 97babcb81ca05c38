import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectBatches, filterBatches, fromArray, mapBatches, takeBatches } from '../../src/core/stream.js';

/** A batched source of the given batches that counts how many it handed out and whether it was closed. */
function counted<T>(list: readonly (readonly T[])[]) {
  const log = { pulled: 0, closed: 0 };
  const source = (async function* () {
    try {
      for (const batch of list) {
        log.pulled++;
        yield batch;
      }
    } finally {
      log.closed++;
    }
  })();
  return { source, log };
}

async function batchesOf<T>(stream: AsyncIterable<readonly T[]>): Promise<(readonly T[])[]> {
  const out: (readonly T[])[] = [];
  for await (const batch of stream) out.push(batch);
  return out;
}

test('mapBatches maps every item and keeps the batches as they were', async () => {
  assert.deepEqual(await batchesOf(mapBatches(counted([[1, 2], [], [3]]).source, (n) => n * 10)), [[10, 20], [], [30]]);
});

test('filterBatches keeps the passing items, batch by batch, and drops batches left empty', async () => {
  const list = [[1, 2], [3], [4, 5], []];
  assert.deepEqual(await batchesOf(filterBatches(counted(list).source, (n) => n % 2 === 1)), [[1], [3], [5]]);
  assert.deepEqual(await batchesOf(filterBatches(counted(list).source, (n) => n % 2 === 0)), [[2], [4]]);
});

test('takeBatches stops after n items: the last batch cut, no batch pulled beyond, the source closed', async () => {
  const list = [[1, 2], [3, 4], [5, 6]];
  const exact = counted(list);
  assert.deepEqual(await batchesOf(takeBatches(exact.source, 4)), [[1, 2], [3, 4]]);
  assert.deepEqual(exact.log, { pulled: 2, closed: 1 });
  const cut = counted(list);
  assert.deepEqual(await batchesOf(takeBatches(cut.source, 3)), [[1, 2], [3]]);
  assert.deepEqual(cut.log, { pulled: 2, closed: 1 });
  const all = counted(list);
  assert.deepEqual(await batchesOf(takeBatches(all.source, 10)), list);
  assert.deepEqual(all.log, { pulled: 3, closed: 1 });
  // n = 0 (or less): nothing, and the source is not even started
  for (const n of [0, -1]) {
    const none = counted(list);
    assert.deepEqual(await batchesOf(takeBatches(none.source, n)), []);
    assert.deepEqual(none.log, { pulled: 0, closed: 0 });
  }
});

test('fromArray streams slices of `size` items, no empty batch at the end', async () => {
  assert.deepEqual(await batchesOf(fromArray([1, 2, 3, 4, 5], 2)), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(await batchesOf(fromArray([1, 2, 3, 4], 2)), [[1, 2], [3, 4]]);
  assert.deepEqual(await batchesOf(fromArray([], 2)), []);
  assert.deepEqual(await batchesOf(fromArray(Array.from({ length: 2500 }, (_, i) => i))).then((b) => b.map((x) => x.length)), [1000, 1000, 500]);
});

test('collectBatches gathers the items in order', async () => {
  assert.deepEqual(await collectBatches(counted([[1], [], [2, 3]]).source), [1, 2, 3]);
});
