/**
 * The reference's partition order and the small value helpers the sequence and analytics evaluators share,
 * written from docs/sequences.md ("Order and ties"), docs/architecture.md ("Ordered partitions") and docs/analytics.md
 * ("Partitions and labels"). Naive on purpose: a whole stable sort of the input, partitions found by scanning the
 * sorted copy, equality by plain recursion. No import from src/ but types.
 */
import type { CanonicalEvent } from '../../../../src/core/event.js';
import { codePointOrder, compareKeys, fieldOf, sortKey, stableSort } from './naive.js';

/** A partition: its key values (null where missing) and its events in partition order. */
export interface RefPartition {
  readonly key: readonly unknown[];
  readonly events: readonly CanonicalEvent[];
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Ids compare character by character, except that where both have a run of digits the runs compare as numbers
 * (`f#9` < `f#10`), and equal numbers with more leading zeros come after. Other characters by code point.
 */
export function compareIdsNaive(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (isDigit(x[i]) && isDigit(y[j])) {
      let ri = '';
      while (isDigit(x[i])) ri += x[i++];
      let rj = '';
      while (isDigit(y[j])) rj += y[j++];
      const vi = BigInt(ri);
      const vj = BigInt(rj);
      if (vi !== vj) return vi < vj ? -1 : 1;
      if (ri.length !== rj.length) return ri.length - rj.length;
      continue;
    }
    if (x[i] !== y[j]) return x[i]!.codePointAt(0)! - y[j]!.codePointAt(0)!;
    i++;
    j++;
  }
  return (x.length - i) - (y.length - j);
}

/** Within a partition: time ascending, untimed last, ties by id. */
export function compareInPartition(a: CanonicalEvent, b: CanonicalEvent): number {
  if (a.time !== b.time) {
    if (a.time === undefined) return 1;
    if (b.time === undefined) return -1;
    return a.time - b.time;
  }
  return compareIdsNaive(a.id, b.id);
}

/** A partition key value: missing (undefined, null, empty array) is null. */
export function keyValue(v: unknown): unknown {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) ? null : v;
}

export function keyOfEvent(e: CanonicalEvent, by: readonly string[]): unknown[] {
  return by.map((f) => keyValue(fieldOf(e, f)));
}

function keyText(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : (JSON.stringify(v) ?? 'u');
}

/** Partition keys compare as Elasticsearch sorts (missing last), then by their JSON text so the order is total. */
export function compareKeyLists(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareKeys(sortKey(a[i], false), sortKey(b[i], false), false);
    if (c !== 0) return c;
    if (a[i] === null || b[i] === null) {
      if (a[i] !== b[i]) return a[i] === null ? 1 : -1;
      continue;
    }
    const ta = keyText(a[i]);
    const tb = keyText(b[i]);
    if (ta !== tb) return codePointOrder(ta, tb);
  }
  return 0;
}

/** The events in partition order, split into partitions (consecutive events with the same key). */
export function partitionsOf(events: readonly CanonicalEvent[], by: readonly string[]): RefPartition[] {
  const keyed = events.map((e) => ({ e, k: keyOfEvent(e, by) }));
  const sorted = stableSort(keyed, (a, b) => compareKeyLists(a.k, b.k) || compareInPartition(a.e, b.e));
  const out: { key: unknown[]; events: CanonicalEvent[] }[] = [];
  for (const { e, k } of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && JSON.stringify(last.key) === JSON.stringify(k)) last.events.push(e);
    else out.push({ key: k, events: [e] });
  }
  return out;
}

/** Equal values for grouping: by type and content; null and undefined are one (missing); objects by their keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

export function sameTuple(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
}

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration param: milliseconds, or `<n><unit>` with ms, s, m, h, d. */
export function durationMs(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(String(v).trim());
  if (m === null) throw new Error(`reference: ${String(v)} is not a duration`);
  return Number(m[1]) * UNIT[m[2]!]!;
}

/** A field list param: one name or several, with a default. */
export function names(v: unknown, fallback: readonly string[]): string[] {
  if (v === undefined) return [...fallback];
  return typeof v === 'string' ? [v] : [...(v as string[])];
}

/** One component of a readable id: percent-encoded; missing (undefined, null, '', []) is ∅. */
export function idComponent(v: unknown): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '∅';
  return encodeURIComponent(typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
}

/** Partition key columns of a table row (null where missing). */
export function keyColumns(by: readonly string[], key: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  by.forEach((f, i) => (row[f] = key[i] ?? null));
  return row;
}

/** A copy of the event with derived attributes added (and roles replaced); the document untouched. */
export function withDerived(e: CanonicalEvent, attrs: Record<string, unknown>, roles: Partial<CanonicalEvent> = {}): CanonicalEvent {
  const prior = (e as { attrs?: Record<string, unknown> }).attrs;
  return { ...e, attrs: { ...(prior ?? {}), ...attrs }, ...roles } as CanonicalEvent;
}

/** Code-unit order of strings (JavaScript `<`), the order the docs call code-point order for BMP text. */
export function textOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
