/**
 * The numbers shown beside a between-user distribution. Conventions (pandas defaults): `variance`/`sd` are the
 * sample ones (ddof = 1; 0 for one value), quantiles use linear interpolation between order statistics
 * (`Series.quantile(q)`, numpy `method="linear"`).
 */
export interface Summary {
  readonly n: number;
  readonly sum: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly q1: number;
  readonly q3: number;
  readonly sd: number;
}

/**
 * Summarise values. Cost: O(n log n) (one sort).
 *
 * @example
 * summarize([1, 2, 3, 4]) // → { n: 4, sum: 10, mean: 2.5, median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25, sd: 1.29… }
 */
export function summarize(values: readonly number[]): Summary {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { n: 0, sum: 0, mean: Number.NaN, median: Number.NaN, min: Number.NaN, max: Number.NaN, q1: Number.NaN, q3: Number.NaN, sd: Number.NaN };
  const sum = v.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  const ss = v.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { n, sum, mean, median: quantileSorted(v, 0.5), min: v[0]!, max: v[n - 1]!, q1: quantileSorted(v, 0.25), q3: quantileSorted(v, 0.75), sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** Linear-interpolation quantile of sorted values (pandas/numpy default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
