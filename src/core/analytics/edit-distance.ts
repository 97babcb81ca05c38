/**
 * Levenshtein distance between two label sequences: the fewest insertions, deletions and substitutions (each cost
 * 1) turning `a` into `b` — the same as python-Levenshtein / `nltk.edit_distance` on lists. Cost: O(|a|·|b|) time,
 * O(|b|) memory.
 *
 * @example editDistance(['home', 'cart', 'pay'], ['home', 'pay']) // 1
 */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
