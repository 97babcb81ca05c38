/**
 * Small combinators over batched async streams. Each one is an async generator, so breaking out of a `for await`
 * downstream runs `return()` all the way up and sources release files and cursors in their `finally` blocks.
 */

/** Map every item, keeping batches. */
export async function* mapBatches<T, U>(source: AsyncIterable<readonly T[]>, fn: (item: T) => U): AsyncGenerator<U[]> {
  for await (const batch of source) {
    const out = new Array<U>(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = fn(batch[i]!);
    yield out;
  }
}

/** Keep items passing a test; empty batches are dropped. */
export async function* filterBatches<T>(source: AsyncIterable<readonly T[]>, test: (item: T) => boolean): AsyncGenerator<T[]> {
  for await (const batch of source) {
    const out: T[] = [];
    for (const item of batch) if (test(item)) out.push(item);
    if (out.length > 0) yield out;
  }
}

/** Stop after `n` items (and stop pulling from the source). */
export async function* takeBatches<T>(source: AsyncIterable<readonly T[]>, n: number): AsyncGenerator<readonly T[]> {
  if (n <= 0) return;
  let left = n;
  for await (const batch of source) {
    if (batch.length >= left) {
      yield batch.slice(0, left);
      return;
    }
    left -= batch.length;
    yield batch;
  }
}

/** Gather every item into one array. Memory: all items. */
export async function collectBatches<T>(source: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of source) for (const item of batch) out.push(item);
  return out;
}

/** Stream an in-memory array in batches. */
export async function* fromArray<T>(items: readonly T[], size = 1000): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
