/**
 * Quantile of sorted numbers by linear interpolation between closest ranks — the convention of pandas'
 * `Series.quantile(q)` (default `interpolation="linear"`), numpy's `quantile(method="linear")` and R's type 7.
 *
 * With `n` sorted values and `h = (n - 1) * q`, the answer is `x[⌊h⌋] + (h - ⌊h⌋) * (x[⌊h⌋ + 1] - x[⌊h⌋])`.
 * Note that simple-statistics' own `quantileSorted` uses a different (nearest-rank/midpoint) rule, so Distill
 * computes this one itself. Cost: O(1) on sorted input.
 *
 * @param sorted numbers in ascending order (not checked)
 * @param q quantile in [0, 1]
 * @returns the quantile, or `null` for an empty list
 * @example quantileLinear([1, 2, 3, 4], 0.9) // 3.7 (pandas: pd.Series([1,2,3,4]).quantile(0.9) == 3.7)
 */
export function quantileLinear(sorted: readonly number[], q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1]!;
  const frac = h - lo;
  // numpy's _lerp: stays exact at the ends and when both values are equal.
  return frac === 0 ? a : a === b ? a : frac < 0.5 ? a + (b - a) * frac : b - (b - a) * (1 - frac);
}
