import type { Labeler } from './label.js';
import { labelSequence, type SelfLoopPolicy } from './label-sequence.js';
import type { Partition } from './partition.js';
import { compareStrings } from '../query/compare.js';

/** Separator between labels in a variant's text form. */
export const VARIANT_SEPARATOR = ' → ';

export interface VariantRow {
  rank: number | null;
  /** Labels joined by ` → `; `null` on the "other" row. */
  variant: string | null;
  sequence: string[] | null;
  length: number | null;
  /** Partitions following this variant. */
  count: number;
  /** `count / partitions with at least one labelled step`. */
  share: number;
  /** Mean ms from first to last step, over the partitions whose both ends are timed; null if none. */
  mean_duration_ms: number | null;
  /** Distinct variants in the row: 1, or how many the "other" row folds together. */
  variants: number;
}

export interface VariantsOptions {
  readonly label: Labeler;
  readonly selfLoops: SelfLoopPolicy;
  /** Keep the `top` most frequent variants (ties by variant text, code-point order) and fold the rest into "other". */
  readonly top?: number | undefined;
}

/**
 * Distinct label sequences (process-mining "variants") per partition with frequency, share and mean duration;
 * partitions without any labelled step are left out. Cost: O(events); memory O(distinct variants).
 *
 * @example variants(sessions, { label, selfLoops: 'collapse', top: 2 }) // 2 variant rows + 1 "other" row
 */
export function variants(partitions: Iterable<Partition>, options: VariantsOptions): VariantRow[] {
  const acc = variantsAccumulator(options);
  for (const p of partitions) acc.add(p);
  return acc.rows();
}

/** Variants as an accumulator: `add` one partition at a time (streaming), then `rows`. */
export function variantsAccumulator(options: VariantsOptions): { add(p: Partition): void; rows(): VariantRow[] } {
  const groups = new Map<string, { sequence: string[]; count: number; durSum: number; durN: number }>();
  let total = 0;
  const add = (p: Partition): void => {
    const seq = labelSequence(p.events, options.label, options.selfLoops);
    if (seq.length === 0) return;
    total++;
    const labels = seq.map((s) => s.label);
    const key = labels.join(VARIANT_SEPARATOR);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { sequence: labels, count: 0, durSum: 0, durN: 0 }));
    g.count++;
    const a = seq[0]!.time;
    const b = seq[seq.length - 1]!.last;
    if (a !== undefined && b !== undefined) {
      g.durSum += b - a;
      g.durN++;
    }
  };
  return { add, rows: () => variantRows(groups, total, options.top) };
}

function variantRows(groups: Map<string, { sequence: string[]; count: number; durSum: number; durN: number }>, total: number, topK: number | undefined): VariantRow[] {
  const sorted = [...groups.entries()].sort(([ka, a], [kb, b]) => b.count - a.count || compareStrings(ka, kb));
  const top = topK ?? sorted.length;
  const rows: VariantRow[] = sorted.slice(0, top).map(([key, g], i) => ({
    rank: i + 1,
    variant: key,
    sequence: g.sequence,
    length: g.sequence.length,
    count: g.count,
    share: g.count / total,
    mean_duration_ms: g.durN === 0 ? null : g.durSum / g.durN,
    variants: 1,
  }));
  const rest = sorted.slice(top);
  if (rest.length > 0) {
    let count = 0;
    let durSum = 0;
    let durN = 0;
    for (const [, g] of rest) {
      count += g.count;
      durSum += g.durSum;
      durN += g.durN;
    }
    rows.push({ rank: null, variant: null, sequence: null, length: null, count, share: count / total, mean_duration_ms: durN === 0 ? null : durSum / durN, variants: rest.length });
  }
  return rows;
}
