import { sizeEstimator } from './size-estimator.js';
import type { SortBudget, SpillRun, SpillStore } from './spill-store.js';

/** Records per batch a sort yields. */
const OUT_BATCH = 1000;

/** How {@link groupSort} orders records: a group key read once per record, the order of keys, the order within. */
export interface GroupOrder<K, T> {
  /** The record's group key (read once per record). */
  key(item: T): K;
  /**
   * The key as text to group by in a hash map. Records with equal text must have keys that compare equal
   * (`compareKeys` 0); keys that compare equal may have different texts (their groups are merged).
   */
  text(key: K): string;
  compareKeys(a: K, b: K): number;
  /** Order of two records of one group. */
  compareWithin(a: T, b: T): number;
}

interface Group<K, T> {
  readonly key: K;
  items: T[];
  /** Input positions of `items` (ascending): ties between merged groups keep input order. */
  seqs: number[];
}

/** A spilled record: the group key (one shared object per group) and the record. */
type Spilled<K, T> = readonly [K, T];

/**
 * A stable, memory-bounded sort for orders made of a group key and an order within each group — partition orders
 * (`partition.ts`): the same output as a stable comparison sort by (`compareKeys`, `compareWithin`, input
 * position), computed without comparing keys record by record. Records are put in a hash map by key text (O(1)
 * each); at the end the distinct keys are sorted (O(g log g)) and each group is sorted within (O(n log m), m the
 * group size, cheap comparisons). When the estimated size of the records held passes `budget.memoryBytes`, the
 * groups are sorted and spilled as one run; at the end the runs are merged a whole group at a time (the group's
 * pieces from every run, concatenated in run order and sorted stably within). Memory: the budget, plus one frame
 * per run and the largest group while merging. The spill store is disposed when the output ends, fails or is
 * abandoned.
 *
 * @example for await (const batch of groupSort(events, { key: (e) => e.user ?? '', text: (k) => k, compareKeys, compareWithin }, budget)) …
 */
export async function* groupSort<K, T>(items: AsyncIterable<readonly T[]>, order: GroupOrder<K, T>, budget: SortBudget): AsyncGenerator<readonly T[]> {
  let groups = new Map<string, Group<K, T>>();
  let bytes = 0;
  let seq = 0;
  let store: SpillStore | undefined;
  const runs: SpillRun[] = [];
  const estimate = sizeEstimator();
  try {
    for await (const batch of items) {
      for (const item of batch) {
        const key = order.key(item);
        const text = order.text(key);
        let group = groups.get(text);
        if (group === undefined) {
          group = { key, items: [], seqs: [] };
          groups.set(text, group);
        }
        group.items.push(item);
        group.seqs.push(seq++);
        bytes += estimate(item);
      }
      if (bytes > budget.memoryBytes && budget.spill !== undefined) {
        const sorted = sortGroups(groups, order);
        groups = new Map();
        bytes = 0;
        store ??= budget.spill();
        runs.push(await store.writeRun(spilled(sorted)));
      }
    }
    const sorted = sortGroups(groups, order);
    groups = new Map();
    if (runs.length === 0) {
      let out: T[] = [];
      for (let g = 0; g < sorted.length; g++) {
        const group = take(sorted, g);
        for (const item of group.items) {
          out.push(item);
          if (out.length >= OUT_BATCH) {
            yield out;
            out = [];
          }
        }
      }
      if (out.length > 0) yield out;
      return;
    }
    const sources = runs.map((r) => r.read() as AsyncIterable<readonly Spilled<K, T>[]>);
    if (sorted.length > 0) sources.push(inMemory(sorted));
    yield* mergeGroups(sources, order);
  } finally {
    await store?.dispose();
  }
}

/** The groups in key order, each sorted within; groups whose keys compare equal are merged (input order on ties). */
function sortGroups<K, T>(groups: Map<string, Group<K, T>>, order: GroupOrder<K, T>): Group<K, T>[] {
  const list = [...groups.values()].sort((a, b) => order.compareKeys(a.key, b.key));
  const out: Group<K, T>[] = [];
  for (let i = 0; i < list.length; ) {
    let j = i + 1;
    while (j < list.length && order.compareKeys(list[i]!.key, list[j]!.key) === 0) j++;
    if (j === i + 1) {
      const group = list[i]!;
      group.items.sort(order.compareWithin); // stable: ties keep input order
      out.push(group);
    } else {
      const pairs: [number, T][] = [];
      for (let g = i; g < j; g++) list[g]!.items.forEach((item, x) => pairs.push([list[g]!.seqs[x]!, item]));
      pairs.sort((a, b) => order.compareWithin(a[1], b[1]) || a[0] - b[0]);
      out.push({ key: list[i]!.key, items: pairs.map((p) => p[1]), seqs: pairs.map((p) => p[0]) });
    }
    i = j;
  }
  return out;
}

/** The group at `index`, released from `groups` (so the records it held can be collected once they are passed on). */
function take<K, T>(groups: Group<K, T>[], index: number): Group<K, T> {
  const group = groups[index]!;
  groups[index] = RELEASED as Group<K, T>;
  return group;
}

const RELEASED: Group<never, never> = { key: undefined as never, items: [], seqs: [] };

function spilled<K, T>(groups: readonly Group<K, T>[]): Spilled<K, T>[] {
  const records: Spilled<K, T>[] = [];
  for (const group of groups) for (const item of group.items) records.push([group.key, item]);
  return records;
}

async function* inMemory<K, T>(groups: Group<K, T>[]): AsyncGenerator<readonly Spilled<K, T>[]> {
  let out: Spilled<K, T>[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = take(groups, g);
    for (const item of group.items) {
      out.push([group.key, item]);
      if (out.length >= OUT_BATCH) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length > 0) yield out;
}

interface Cursor<K, T> {
  readonly iterator: AsyncIterator<readonly Spilled<K, T>[]>;
  batch: readonly Spilled<K, T>[];
  index: number;
}

/**
 * Merge sources sorted by (key, within) one group at a time: the smallest head key, every source's records of that
 * key in source order (sources are in input order), sorted stably within.
 */
async function* mergeGroups<K, T>(sources: AsyncIterable<readonly Spilled<K, T>[]>[], order: GroupOrder<K, T>): AsyncGenerator<readonly T[]> {
  const cursors: Cursor<K, T>[] = sources.map((s) => ({ iterator: s[Symbol.asyncIterator](), batch: [], index: 0 }));
  try {
    let live: Cursor<K, T>[] = [];
    for (const cursor of cursors) if (await refill(cursor)) live.push(cursor);
    while (live.length > 0) {
      let key = live[0]!.batch[live[0]!.index]![0];
      for (const cursor of live) {
        const k = cursor.batch[cursor.index]![0];
        if (order.compareKeys(k, key) < 0) key = k;
      }
      const items: T[] = [];
      const next: Cursor<K, T>[] = [];
      for (const cursor of live) {
        let more = true;
        for (;;) {
          const record = cursor.batch[cursor.index]!;
          if (record[0] !== key && order.compareKeys(record[0], key) !== 0) break;
          items.push(record[1]);
          if (++cursor.index >= cursor.batch.length && !(await refill(cursor))) {
            more = false;
            break;
          }
        }
        if (more) next.push(cursor);
      }
      live = next;
      items.sort(order.compareWithin); // stable: ties keep source order, i.e. input order
      for (let i = 0; i < items.length; i += OUT_BATCH) yield items.slice(i, i + OUT_BATCH);
    }
  } finally {
    await Promise.all(cursors.map((c) => c.iterator.return?.()));
  }
}

async function refill<K, T>(cursor: Cursor<K, T>): Promise<boolean> {
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
