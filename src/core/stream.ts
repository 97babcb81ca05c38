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

/**
 * Split one batched stream into `n` streams that each see every batch, reading the source once. Consumers may pull
 * at different speeds: batches are buffered until the slowest consumer has taken them (so consume the branches
 * concurrently — `Promise.all` — to keep the buffer small). A branch that stops early no longer holds the buffer;
 * when every branch has stopped, the source is stopped. An error from the source reaches every branch.
 */
export function teeBatches<T>(source: AsyncIterable<readonly T[]>, n: number): AsyncGenerator<readonly T[]>[] {
  const iterator = source[Symbol.asyncIterator]();
  const buffer: (readonly T[])[] = [];
  let base = 0; // index in the stream of buffer[0]
  const positions = new Array<number>(n).fill(0);
  const active = new Array<boolean>(n).fill(true);
  let done = false;
  let failure: { error: unknown } | undefined;
  let pending: Promise<void> | undefined;

  const trim = (): void => {
    let min = Infinity;
    for (let i = 0; i < n; i++) if (active[i]) min = Math.min(min, positions[i]!);
    if (min === Infinity) min = base + buffer.length;
    const drop = min - base;
    if (drop > 0) {
      buffer.splice(0, drop);
      base = min;
    }
  };
  const pull = (): Promise<void> =>
    (pending ??= (async () => {
      try {
        const next = await iterator.next();
        if (next.done === true) done = true;
        else buffer.push(next.value);
      } catch (error) {
        failure = { error };
        done = true;
      } finally {
        pending = undefined;
      }
    })());
  // Called once at most: only the branch that stops last sees no active branch (the flags only ever turn false).
  const close = async (): Promise<void> => {
    if (done) return;
    await iterator.return?.();
  };

  const branch = async function* (i: number): AsyncGenerator<readonly T[]> {
    try {
      for (;;) {
        const at = positions[i]! - base;
        if (at < buffer.length) {
          positions[i]!++;
          const batch = buffer[at]!;
          trim();
          yield batch;
          continue;
        }
        if (done) {
          if (failure !== undefined) throw failure.error;
          return;
        }
        await pull();
      }
    } finally {
      active[i] = false;
      trim();
      if (!active.some(Boolean)) await close();
    }
  };
  return Array.from({ length: n }, (_, i) => branch(i));
}
