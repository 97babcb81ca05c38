/**
 * Jaccard similarity of two sequences' directly-follows edge sets: `|E(a) ∩ E(b)| / |E(a) ∪ E(b)|`, each edge an
 * ordered pair of consecutive labels counted once. Two sequences without any edge are identical (1). Cost: O(|a| +
 * |b|).
 *
 * @example edgeJaccard(['a', 'b', 'c'], ['a', 'b', 'd']) // 1/3 (shared a→b; union a→b, b→c, b→d)
 */
export function edgeJaccard(a: readonly string[], b: readonly string[]): number {
  const ea = edgeSet(a);
  const eb = edgeSet(b);
  if (ea.size === 0 && eb.size === 0) return 1;
  let shared = 0;
  for (const e of ea) if (eb.has(e)) shared++;
  return shared / (ea.size + eb.size - shared);
}

/** Distinct directly-follows pairs of a sequence, as `a\u0000b` strings. */
export function edgeSet(seq: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < seq.length; i++) out.add(`${seq[i - 1]}\u0000${seq[i]}`);
  return out;
}
