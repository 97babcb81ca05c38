import { mean as ssMean, sum as ssSum } from 'simple-statistics';
import { modes } from './modes.js';
import { quantileLinear } from './quantile-linear.js';

/**
 * Summary statistics of one list of numbers, with every convention named:
 *
 * - `variance_sample` / `std_sample`: denominator n − 1 (pandas `Series.var()` / `.std()` default `ddof=1`,
 *   simple-statistics `sampleVariance`); `null` below two values.
 * - `variance_population` / `std_population`: denominator n (numpy `var()` default `ddof=0`, simple-statistics
 *   `variance`).
 * - quantiles and `median`: linear interpolation (pandas `quantile()` default, see `quantileLinear`).
 * - `modes`: every most frequent value, ascending (pandas `Series.mode()`).
 * - `sum` and `mean`: simple-statistics' compensated (Kahan–Babuška) summation.
 *
 * Everything but `count` is `null` for an empty list. Cost: O(n log n) (one sort).
 */
export interface Summary {
  readonly count: number;
  readonly sum: number | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly modes: number[];
  readonly min: number | null;
  readonly max: number | null;
  readonly range: number | null;
  readonly variance_sample: number | null;
  readonly variance_population: number | null;
  readonly std_sample: number | null;
  readonly std_population: number | null;
  /** Quantiles by column name (`p25`, `p90`, `p99_9`), see `quantileColumn`. */
  readonly quantiles: Readonly<Record<string, number | null>>;
}

/** The statistic column names of a summary, in output order (quantile columns follow). */
export const SUMMARY_COLUMNS = [
  'count',
  'sum',
  'mean',
  'median',
  'modes',
  'min',
  'max',
  'range',
  'variance_sample',
  'variance_population',
  'std_sample',
  'std_population',
] as const;

/**
 * Column name of a quantile: `p` and the percentage, a dot written as `_` (`0.25` → `p25`, `0.999` → `p99_9`).
 * @example quantileColumn(0.9) // "p90"
 */
export function quantileColumn(q: number): string {
  return `p${String(Math.round(q * 100 * 1e6) / 1e6).replace('.', '_')}`;
}

/**
 * Summarise numbers: count, sum, mean, median, modes, min, max, range, sample and population variance and
 * standard deviation, and the requested quantiles (linear interpolation, as pandas).
 *
 * @param values the numbers (any order; non-finite values are the caller's to drop)
 * @param quantiles quantiles in [0, 1] to add (`[0.25, 0.75]` → `p25`, `p75`)
 * @example summarize([1, 2, 2, 4], [0.5]).variance_sample // 1.5833333333333333 (pandas Series.var())
 */
export function summarize(values: readonly number[], quantiles: readonly number[] = []): Summary {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const qs: Record<string, number | null> = {};
  for (const q of quantiles) qs[quantileColumn(q)] = quantileLinear(sorted, q);
  if (n === 0) {
    return {
      count: 0,
      sum: null,
      mean: null,
      median: null,
      modes: [],
      min: null,
      max: null,
      range: null,
      variance_sample: null,
      variance_population: null,
      std_sample: null,
      std_population: null,
      quantiles: qs,
    };
  }
  const total = ssSum(sorted);
  const mean = ssMean(sorted);
  // Two-pass sum of squared deviations (numerically stable), as numpy computes var().
  let ss = 0;
  for (const v of sorted) ss += (v - mean) * (v - mean);
  const varPop = ss / n;
  const varSample = n > 1 ? ss / (n - 1) : null;
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  return {
    count: n,
    sum: total,
    mean,
    median: quantileLinear(sorted, 0.5),
    modes: modes(sorted),
    min,
    max,
    range: max - min,
    variance_sample: varSample,
    variance_population: varPop,
    std_sample: varSample === null ? null : Math.sqrt(varSample),
    std_population: Math.sqrt(varPop),
    quantiles: qs,
  };
}

/** A summary as one flat row (statistic columns, then quantile columns), ready for a table. */
export function summaryRow(summary: Summary): Record<string, unknown> {
  const { quantiles, ...rest } = summary;
  return { ...rest, ...quantiles };
}
