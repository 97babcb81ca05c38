import { sizeEstimator } from './size-estimator.js';
import type { SortBudget, SpillRun, SpillStore } from './spill-store.js';

/** Records per batch a sort yields. */
const OUT_BATCH = 1000;

/**
 * A stable, memory-bounded sort of a batched stream. Records are buffered until their estimated size passes
 * `budget.memoryBytes`; the buffer is then sorted and spilled as a run, and at the end the runs are merged (a k-way
 * merge with a binary heap) — the classic external merge sort. Under the budget nothing touches the disk. Ties keep
 * input order (each record carries its input position). The spill store is disposed when the output ends, fails or
 * is abandoned. Cost: O(n log n) comparisons; memory ≈ the budget plus one batch per run while merging.
 *
 * @example for await (const batch of externalSort(events, compareWithinPartition, { memoryBytes: 64 << 20, spill })) …
 */
export async function* externalSort<T>(
  items: AsyncIterable<readonly T[]>,
  compare: (a: T, b: T) => number,
  budget: SortBudget,
): AsyncGenerator<readonly T[]> {
  const stable = (a: Entry<T>, b: Entry<T>): number => compare(a[1], b[1]) || a[0] - b[0];
  let buffer: Entry<T>[] = [];
  let bytes = 0;
  let seq = 0;
  let store: SpillStore | undefined;
  const runs: SpillRun[] = [];
  const estimate = sizeEstimator();
  try {
    for await (const batch of items) {
      for (const item of batch) {
        buffer.push([seq++, item]);
        bytes += estimate(item);
      }
      if (bytes > budget.memoryBytes && budget.spill !== undefined) {
        buffer.sort(stable);
        store ??= budget.spill();
        runs.push(await store.writeRun(buffer));
        buffer = [];
        bytes = 0;
      }
    }
    buffer.sort(stable);
    if (runs.length === 0) {
      for (let i = 0; i < buffer.length; i += OUT_BATCH) yield buffer.slice(i, i + OUT_BATCH).map((e) => e[1]);
      return;
    }
    const sources: AsyncIterable<readonly Entry<T>[]>[] = runs.map((r) => r.read() as AsyncIterable<readonly Entry<T>[]>);
    if (buffer.length > 0) sources.push(fromEntries(buffer));
    buffer = [];
    yield* merge(sources, stable);
  } finally {
    await store?.dispose();
  }
}

type Entry<T> = [number, T];

async function* fromEntries<T>(entries: readonly Entry<T>[]): AsyncGenerator<readonly Entry<T>[]> {
  for (let i = 0; i < entries.length; i += OUT_BATCH) yield entries.slice(i, i + OUT_BATCH);
}

interface Cursor<T> {
  readonly iterator: AsyncIterator<readonly Entry<T>[]>;
  batch: readonly Entry<T>[];
  index: number;
}

async function* merge<T>(sources: AsyncIterable<readonly Entry<T>[]>[], compare: (a: Entry<T>, b: Entry<T>) => number): AsyncGenerator<readonly T[]> {
  const heap: Cursor<T>[] = [];
  const less = (a: Cursor<T>, b: Cursor<T>): boolean => compare(a.batch[a.index]!, b.batch[b.index]!) < 0;
  const cursors: Cursor<T>[] = [];
  try {
    for (const source of sources) {
      const iterator = source[Symbol.asyncIterator]();
      const cursor: Cursor<T> = { iterator, batch: [], index: 0 };
      cursors.push(cursor);
      if (await refill(cursor)) push(heap, cursor, less);
    }
    let out: T[] = [];
    while (heap.length > 0) {
      const top = heap[0]!;
      out.push(top.batch[top.index]![1]);
      top.index++;
      if (top.index >= top.batch.length && !(await refill(top))) {
        const last = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = last;
          siftDown(heap, 0, less);
        }
      } else siftDown(heap, 0, less);
      if (out.length >= OUT_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(cursors.map((c) => c.iterator.return?.()));
  }
}

async function refill<T>(cursor: Cursor<T>): Promise<boolean> {
  for (;;) {
    const next = await cursor.iterator.next();
    if (next.done === true) return false;
    if (next.value.length > 0) {
      cursor.batch = next.value;
      cursor.index = 0;
      return true;
    }
  }
}

function push<T>(heap: T[], item: T, less: (a: T, b: T) => boolean): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function siftDown<T>(heap: T[], i: number, less: (a: T, b: T) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
}
