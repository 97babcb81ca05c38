/**
 * Low-discrepancy position of the `index`-th item in [0, 1): the golden-ratio additive recurrence
 * `frac(offset + index · 0.618…)`.
 *
 * Used instead of an independent coin flip wherever a *share* must hold even in a small sample: "2 of 8 users
 * use the legacy `sessionID` key" or "12 % of sessions reach the confirmation page" stay within one item of the
 * target in any run of consecutive indexes, where independent draws could give 0 of 8. `offset` (drawn from the
 * seed) makes different seeds pick different items. Cost: O(1).
 *
 * @example
 * spread(0, 0.25); // → 0.25
 * spread(1, 0.25); // → 0.868…
 * [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => spread(i, 0.1) < 0.25).length; // → 2
 */
export function spread(index: number, offset: number): number {
  const x = offset + index * 0.6180339887498949;
  return x - Math.floor(x);
}
