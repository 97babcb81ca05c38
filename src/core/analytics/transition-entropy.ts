/**
 * Shannon entropy, in bits, of the empirical distribution of a sequence's directly-follows pairs — 0 for a
 * sequence that repeats one transition, log2(k) for k equally frequent ones; `scipy.stats.entropy(counts, base=2)`.
 * 0 for sequences with fewer than two steps. Cost: O(|seq|).
 *
 * @example transitionEntropy(['a', 'b', 'a', 'c']) // 1.584962500721156 (three distinct pairs, once each)
 */
export function transitionEntropy(seq: readonly string[]): number {
  const counts = new Map<string, number>();
  for (let i = 1; i < seq.length; i++) {
    const k = `${seq[i - 1]}\u0000${seq[i]}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const n = seq.length - 1;
  if (n <= 0) return 0;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h === 0 ? 0 : h;
}
