/**
 * Time two variants `runs` times, alternating which goes first in each run so that drift on a noisy machine
 * (thermal, other load, caches) hits both alike. Returns each variant's times in ms, run by run, so ratios can be
 * taken per run and medians over runs.
 */
export async function timeInterleaved<A extends string, B extends string>(
  runs: number,
  variants: Readonly<Record<A | B, () => Promise<unknown>>>,
  order: readonly [A, B],
  onRun?: (run: number, times: Readonly<Record<A | B, number>>) => void,
): Promise<Record<A | B, number[]>> {
  const out = { [order[0]]: [], [order[1]]: [] } as unknown as Record<A | B, number[]>;
  for (let i = 0; i < runs; i++) {
    const sequence = i % 2 === 0 ? order : ([order[1], order[0]] as const);
    const t = {} as Record<A | B, number>;
    for (const kind of sequence) {
      const t0 = performance.now();
      await variants[kind]();
      t[kind] = performance.now() - t0;
    }
    for (const kind of order) out[kind].push(t[kind]);
    onRun?.(i + 1, t);
  }
  return out;
}
