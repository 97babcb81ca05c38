/**
 * Estimates a record's in-memory size from its JSON text length (×2 for UTF-16 and object overhead, plus a fixed
 * cost), measuring every 64th record and using the running mean in between: cheap, and good enough for a budget.
 * Cost: one `JSON.stringify` per 64 records.
 *
 * @example const estimate = sizeEstimator(); estimate({ a: 1 }) // → 110 (2 × 7 + 96: `{"a":1}` is 7 characters)
 */
export function sizeEstimator(): (item: unknown) => number {
  let n = 0;
  let mean = 512;
  let measured = 0;
  let total = 0;
  return (item) => {
    if ((n++ & 63) === 0) {
      total += 2 * (JSON.stringify(item)?.length ?? 16) + 96;
      measured++;
      mean = total / measured;
    }
    return mean;
  };
}
