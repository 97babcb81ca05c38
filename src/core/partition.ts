import type { CanonicalEvent } from './event.js';
import { fieldGetter, resolveFieldRef } from './query/field-ref.js';
import { compareSortValues, sortValue } from './query/compile-sort.js';
import { compareStrings } from './query/compare.js';

/** One complete partition: its key values (in `by` order; null where missing) and its events in order. */
export interface Partition {
  readonly key: readonly unknown[];
  readonly events: readonly CanonicalEvent[];
}

/**
 * Compare event ids with runs of digits compared as numbers (`f#9` before `f#10`), so ids of the form
 * `<file>#<line>` order as the source did; other characters compare by code point. Total and deterministic.
 *
 * @example ['a#10', 'a#9', 'b#1'].sort(compareIds) // → ['a#9', 'a#10', 'b#1']
 */
export function compareIds(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      let ej = j;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // Compare digit runs by value: strip leading zeros, then length, then digits.
      let si = i;
      while (si < ei - 1 && a.charCodeAt(si) === 48) si++;
      let sj = j;
      while (sj < ej - 1 && b.charCodeAt(sj) === 48) sj++;
      const la = ei - si;
      const lb = ej - sj;
      if (la !== lb) return la - lb;
      for (let k = 0; k < la; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      if (ei - i !== ej - j) return (ei - i) - (ej - j); // more leading zeros after
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return compareStrings(a.slice(i), b.slice(j));
    i++;
    j++;
  }
  return (a.length - i) - (b.length - j);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The order inside a partition: time ascending, events without a time last, ties by id ({@link compareIds}: source
 * order for files). Real UserALE clocks put blur/focus a few ms before the click that caused them; Distill does not
 * reorder them — the recorded times decide, ties the source order.
 */
export function compareWithinPartition(a: CanonicalEvent, b: CanonicalEvent): number {
  const ta = a.time;
  const tb = b.time;
  if (ta !== tb) {
    if (ta === undefined) return 1;
    if (tb === undefined) return -1;
    if (ta < tb) return -1;
    if (ta > tb) return 1;
  }
  return compareIds(a.id, b.id);
}

/** Reads the partition key of an event: one value per `by` field (missing → null). */
export function partitionKeyGetter(by: readonly string[]): (event: CanonicalEvent) => unknown[] {
  const getters = by.map((f) => fieldGetter(resolveFieldRef(f)));
  return (event) => getters.map((get) => normalizeKeyValue(get(event)));
}

function normalizeKeyValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v) && v.length === 0) return null;
  return v;
}

/** Compare two partition keys: Elasticsearch's sort order per value (missing last), then their JSON text. */
export function comparePartitionKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'string' && typeof y === 'string') return compareStrings(x, y);
    const c = compareSortValues(sortValue(x, false), sortValue(y, false), false);
    if (c !== 0) return c;
    const sx = keyText(x);
    const sy = keyText(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

function keyText(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : JSON.stringify(v) ?? 'u';
}

/**
 * The full partition order as one comparator: partition key, then {@link compareWithinPartition}. Reads the key on
 * every comparison; to sort many events use {@link sortIntoPartitions}, which reads each key once.
 */
export function partitionComparator(by: readonly string[]): (a: CanonicalEvent, b: CanonicalEvent) => number {
  if (by.length === 0) return compareWithinPartition;
  const key = partitionKeyGetter(by);
  return (a, b) => comparePartitionKeys(key(a), key(b)) || compareWithinPartition(a, b);
}

interface Keyed {
  readonly k: readonly unknown[];
  readonly e: CanonicalEvent;
}

const compareKeyed = (a: Keyed, b: Keyed): number => comparePartitionKeys(a.k, b.k) || compareWithinPartition(a.e, b.e);

/**
 * Put any event stream into partition order with a given (memory-bounded) sort: each event's key is read once and
 * carried beside it (decorate–sort–undecorate), so comparisons never re-read fields. Cost: O(n log n) comparisons.
 */
export async function* sortIntoPartitions(
  batches: AsyncIterable<readonly CanonicalEvent[]>,
  by: readonly string[],
  sort: <T>(items: AsyncIterable<readonly T[]>, compare: (a: T, b: T) => number) => AsyncIterable<readonly T[]>,
): AsyncGenerator<readonly CanonicalEvent[]> {
  if (by.length === 0) {
    yield* sort(batches, compareWithinPartition);
    return;
  }
  const keyOf = partitionKeyGetter(by);
  const decorated = (async function* () {
    for await (const batch of batches) yield batch.map((e): Keyed => ({ k: keyOf(e), e }));
  })();
  for await (const batch of sort(decorated, compareKeyed)) yield batch.map((x) => x.e);
}

/**
 * Complete partitions of a partition-ordered event stream, one at a time (the runner guarantees the order for
 * operators that declare `partition`). Consecutive events with equal keys form one partition. Memory: the largest
 * partition. Breaking off stops the source.
 *
 * @example for await (const p of partitions(input.batches, ['session'])) console.log(p.key[0], p.events.length)
 */
export async function* partitions(batches: AsyncIterable<readonly CanonicalEvent[]>, by: readonly string[]): AsyncGenerator<Partition> {
  const keyOf = partitionKeyGetter(by);
  let key: unknown[] | undefined;
  let text = '';
  let events: CanonicalEvent[] = [];
  for await (const batch of batches) {
    for (const event of batch) {
      const k = keyOf(event);
      const t = by.length === 0 ? '' : JSON.stringify(k);
      if (key !== undefined && t !== text) {
        yield { key, events };
        events = [];
      }
      if (key === undefined || t !== text) {
        key = k;
        text = t;
      }
      events.push(event);
    }
  }
  if (key !== undefined) yield { key, events };
}

/**
 * Put a stream that is already grouped by partition (each partition contiguous, as Elasticsearch returns events
 * sorted by the partition fields) into the full partition order by sorting each partition in memory.
 * Memory: the largest partition.
 */
export async function* sortWithinPartitions(batches: AsyncIterable<readonly CanonicalEvent[]>, by: readonly string[]): AsyncGenerator<readonly CanonicalEvent[]> {
  for await (const p of partitions(batches, by)) {
    const sorted = [...p.events].sort(compareWithinPartition);
    for (let i = 0; i < sorted.length; i += 1000) yield sorted.slice(i, i + 1000);
  }
}
