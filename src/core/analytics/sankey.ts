import type { Labeler } from './label.js';
import { labelSequence, type SelfLoopPolicy } from './label-sequence.js';
import type { Partition } from './partition.js';
import { END_NODE } from './directly-follows.js';
import { compareStrings } from '../query/compare.js';

/** One Sankey link between two layers: node ids are `<step>:<label>` so a label may appear in several layers. */
export interface SankeyLink {
  source: string;
  target: string;
  source_step: number;
  target_step: number;
  source_label: string;
  target_label: string;
  value: number;
}

export interface SankeyOptions {
  readonly label: Labeler;
  /** Layers: the first `steps` steps of each partition. */
  readonly steps: number;
  readonly selfLoops: SelfLoopPolicy;
  /** Add a link to an `[end]` node in the next layer for partitions whose sequence ends before `steps`. */
  readonly end: boolean;
}

/**
 * Step-layered flows: each partition's sequence (first `steps` labelled steps) adds one to the link from its step
 * i to step i+1; a partition shorter than `steps` keeps its final transition (and, with `end`, a last link to
 * `[end]`). Rows are sorted by source step, descending value, then source and target ids — directly usable as
 * plotly `go.Sankey(link=dict(source, target, value))` or d3-sankey links. Cost: O(events); memory O(links).
 *
 * @example sankey([{ key: ['s1'], events: [home, cart] }], { label, steps: 3, selfLoops: 'collapse', end: false })
 * // [{ source: "1:/home", target: "2:/cart", value: 1, ... }]
 */
export function sankey(partitions: Iterable<Partition>, options: SankeyOptions): SankeyLink[] {
  const acc = sankeyAccumulator(options);
  for (const p of partitions) acc.add(p);
  return acc.rows();
}

/** Sankey links as an accumulator: `add` one partition at a time (streaming), then `rows`. */
export function sankeyAccumulator(options: SankeyOptions): { add(p: Partition): void; rows(): SankeyLink[] } {
  const links = new Map<string, SankeyLink>();
  const add = (i: number, a: string, b: string): void => {
    const source = `${i}:${a}`;
    const target = `${i + 1}:${b}`;
    const key = `${source}\u0000${target}`;
    const l = links.get(key);
    if (l !== undefined) l.value++;
    else links.set(key, { source, target, source_step: i, target_step: i + 1, source_label: a, target_label: b, value: 1 });
  };
  return {
    add(p) {
      const seq = labelSequence(p.events, options.label, options.selfLoops).slice(0, options.steps);
      for (let i = 1; i < seq.length; i++) add(i, seq[i - 1]!.label, seq[i]!.label);
      if (options.end && seq.length > 0 && seq.length < options.steps) add(seq.length, seq[seq.length - 1]!.label, END_NODE);
    },
    rows: () => [...links.values()].sort((a, b) => a.source_step - b.source_step || b.value - a.value || compareStrings(a.source, b.source) || compareStrings(a.target, b.target)),
  };
}
