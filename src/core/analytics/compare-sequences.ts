import { edgeJaccard } from './edge-jaccard.js';
import { editDistance } from './edit-distance.js';

export interface LabelledSequence {
  readonly id: string;
  readonly labels: readonly string[];
}

export interface ComparisonRow {
  a: string;
  b: string;
  /** Levenshtein distance of the label sequences. */
  edit_distance: number;
  /** `edit_distance / max(|a|, |b|)` in [0, 1]; 0 when both are empty. */
  edit_distance_normalized: number;
  /** Jaccard similarity of the directly-follows edge sets (1 = same edges). */
  edge_jaccard: number;
}

/**
 * Compare every pair of sequences (a before b in input order, each unordered pair once): edit distance, its
 * normalised form and edge Jaccard — the long form of a symmetric distance matrix (`scipy.spatial.distance.
 * squareform` order). Cost: O(pairs × |a|·|b|).
 *
 * @example pairwiseComparison([{ id: 's1', labels: ['a', 'b'] }, { id: 's2', labels: ['a', 'c'] }])
 * // [{ a: "s1", b: "s2", edit_distance: 1, edit_distance_normalized: 0.5, edge_jaccard: 0 }]
 */
export function pairwiseComparison(seqs: readonly LabelledSequence[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (let i = 0; i < seqs.length; i++) {
    for (let j = i + 1; j < seqs.length; j++) {
      const a = seqs[i]!;
      const b = seqs[j]!;
      const d = editDistance(a.labels, b.labels);
      const longest = Math.max(a.labels.length, b.labels.length);
      rows.push({ a: a.id, b: b.id, edit_distance: d, edit_distance_normalized: longest === 0 ? 0 : d / longest, edge_jaccard: edgeJaccard(a.labels, b.labels) });
    }
  }
  return rows;
}
