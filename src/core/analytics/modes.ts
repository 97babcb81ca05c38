/**
 * All most frequent values (ties listed, ascending) — pandas `Series.mode()`, which also returns every tied value
 * sorted. Cost: O(n log n) on unsorted input.
 *
 * @returns the modes in ascending order; empty for an empty list
 * @example modes([3, 1, 3, 1, 2]) // [1, 3]
 */
export function modes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  let best = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > best) best = c;
  }
  const out: number[] = [];
  for (const [v, c] of counts) if (c === best) out.push(v);
  return out.sort((a, b) => a - b);
}
