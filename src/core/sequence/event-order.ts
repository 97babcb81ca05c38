import type { CanonicalEvent } from '../event.js';

/**
 * The order the sequence algorithms expect inside one partition: time ascending, ties broken by id with digit runs
 * compared numerically (`f#9` before `f#10`, which is source order for file ids `<file>#<n>`), untimed events
 * last in id order. It is the order the runner delivers partitions in (`partition` in an operator definition);
 * the algorithms never re-sort, so this function is for callers holding loose arrays (tests, the library).
 *
 * Cost: O(n log n) comparisons; the array is copied, never sorted in place.
 *
 * @example sortPartition([ev('b', 5), ev('a', 5), ev('u', undefined)]).map((e) => e.id) // → ['a', 'b', 'u']
 */
export function sortPartition(events: readonly CanonicalEvent[]): CanonicalEvent[] {
  return [...events].sort(compareEvents);
}

/** Compare two events in partition order (see {@link sortPartition}). */
export function compareEvents(a: CanonicalEvent, b: CanonicalEvent): number {
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

const DIGITS = /(\d+)/;

/**
 * Compare ids with runs of digits compared as numbers (`a#2` < `a#10`), other text by code unit; equal-looking ids
 * (`a#01`, `a#1`) fall back to plain comparison so the order is total.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const pa = a.split(DIGITS);
  const pb = b.split(DIGITS);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) {
      // Digit runs: compare by length after leading zeros, then text.
      const xs = x.replace(/^0+/, '');
      const ys = y.replace(/^0+/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  return a < b ? -1 : 1;
}
