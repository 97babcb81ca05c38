import type { CanonicalEvent } from './event.js';
import { fieldGetter, resolveFieldRef } from './query/field-ref.js';
import { compareSortValues, sortValue } from './query/compile-sort.js';
import { compareStrings } from './query/compare.js';
import { externalSort } from './sort/external-sort.js';
import { groupSort } from './sort/group-sort.js';
import { idPart } from './sequence/id-part.js';
import type { SortBudget } from './sort/spill-store.js';

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
 * every comparison; to sort many events use `sortIntoPartitions`, which reads each key once.
 */
export function partitionComparator(by: readonly string[]): (a: CanonicalEvent, b: CanonicalEvent) => number {
  if (by.length === 0) return compareWithinPartition;
  const key = partitionKeyGetter(by);
  return (a, b) => comparePartitionKeys(key(a), key(b)) || compareWithinPartition(a, b);
}

/**
 * Put any event stream into partition order with the memory-bounded grouping sort (`sort/group-sort.ts`): each
 * event's key is read once; events are grouped by key in a hash map, the distinct keys sorted, and each partition
 * sorted by {@link compareWithinPartition} — the same order as a stable sort by the full partition order, without
 * comparing keys event by event. Spills whole sorted runs above the budget and merges them a partition at a time.
 * Without partition fields the stream is one partition and goes through the external merge sort.
 * Cost: O(n) hashing + O(k log k) for k partitions + O(n log m) within partitions of size m.
 */
export function sortIntoPartitions(
  batches: AsyncIterable<readonly CanonicalEvent[]>,
  by: readonly string[],
  budget: SortBudget,
  keys?: 'id-prefix',
): AsyncGenerator<readonly CanonicalEvent[]> {
  if (by.length === 0) return externalSort(batches, compareWithinPartition, budget);
  const keyOf = partitionKeyGetter(by);
  const compareKeys = keys === 'id-prefix' ? compareKeyPrefixes : comparePartitionKeys;
  return groupSort(batches, { key: keyOf, text: partitionKeyText, compareKeys, compareWithin: compareWithinPartition }, budget);
}

/**
 * The id prefix of a partition key: its components `idPart`-encoded and joined by `/` (`all` for no component) —
 * the prefix sessionize puts before the session ids of that partition.
 *
 * @example partitionIdPrefix(['chloe.a']) // → 'chloe.a'
 */
export function partitionIdPrefix(key: readonly unknown[]): string {
  return key.length === 0 ? 'all' : key.map(idPart).join('/');
}

/**
 * Compare partition keys in `id-prefix` order (`PartitionOrder.keys`): by `partitionIdPrefix(key) + '/'` as
 * strings, keys with the same prefix text (`1` and `'1'`, `''` and missing) by {@link comparePartitionKeys}. Ids
 * that start with a key's prefix and `/` then order as their keys do, whatever follows: the prefixes hold no `/`
 * of their own beyond the separators (`idPart` encodes it), so two different prefixes differ before either ends.
 * Keys comparing equal are equal keys. Cost: O(key text) per comparison.
 */
export function compareKeyPrefixes(a: readonly unknown[], b: readonly unknown[]): number {
  return compareStrings(`${partitionIdPrefix(a)}/`, `${partitionIdPrefix(b)}/`) || comparePartitionKeys(a, b);
}

/**
 * A text equal for partition keys only when they compare equal ({@link comparePartitionKeys}): the type and value of
 * each component (strings as they are, numbers by their decimal text, other values as JSON).
 */
export function partitionKeyText(key: readonly unknown[]): string {
  if (key.length === 1) return valueText(key[0]);
  let text = '';
  for (const v of key) {
    const t = valueText(v);
    text += `${t.length}:${t}`;
  }
  return text;
}

function valueText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v}`;
    case 'number':
      return `n${String(v)}`;
    case 'boolean':
      return v ? 't' : 'f';
    default:
      return v === null ? 'z' : `j${JSON.stringify(v) ?? 'u'}`;
  }
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
  let text: string | undefined;
  let events: CanonicalEvent[] = [];
  for await (const batch of batches) {
    for (const event of batch) {
      const k = keyOf(event);
      // Same partition when every component is identical (the common case, no text built), else by JSON text.
      if (key !== undefined && !sameComponents(k, key)) {
        const t = JSON.stringify(k);
        if (text === undefined) text = JSON.stringify(key);
        if (t !== text) {
          yield { key, events };
          events = [];
          key = k;
        }
        text = t;
      }
      key ??= k;
      events.push(event);
    }
  }
  if (key !== undefined) yield { key, events };
}

function sameComponents(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
