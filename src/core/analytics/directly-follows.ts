import type { Labeler } from './label.js';
import { labelSequence, type SelfLoopPolicy } from './label-sequence.js';
import type { Partition } from './partition.js';

/** Label of the synthetic start node (`startEnd: true`). */
export const START_NODE = '[start]';
/** Label of the synthetic end node (`startEnd: true`). */
export const END_NODE = '[end]';

export interface DirectlyFollowsOptions {
  readonly label: Labeler;
  /** Repeated labels: `keep` counts `a→a`, `drop` omits the edge (the next edge starts at the repeat), `collapse` merges the run into one step. */
  readonly selfLoops: SelfLoopPolicy;
  /** Add `[start]` → first step and last step → `[end]` in every partition with at least one step. */
  readonly startEnd: boolean;
}

export interface DfgNode {
  readonly label: string;
  /** Steps with this label, over all partitions. */
  count: number;
  /** Distinct partitions with at least one such step. */
  partitions: number;
}

export interface DfgEdge {
  readonly source: string;
  readonly target: string;
  /** Times `target` directly followed `source`. */
  count: number;
  /** Distinct partitions where it did. */
  partitions: number;
  /** Milliseconds from `source` (its last repeat when collapsed) to `target`, for pairs where both are timed. */
  readonly gaps: number[];
}

/** A directly-follows graph before it becomes a graphology graph: nodes and edges in first-seen order. */
export interface DirectlyFollows {
  readonly nodes: Map<string, DfgNode>;
  /** Keyed by `source + "\u0000" + target`. */
  readonly edges: Map<string, DfgEdge>;
  /** Partitions read (including those without any labelled step). */
  partitions: number;
}

/**
 * Directly-follows relation of labelled steps within each partition — what process mining calls the DFG (pm4py
 * `discover_dfg`: pairs of consecutive activities within a case, counted) and Flagon Distill builds with
 * `pairwiseSeq` + `createDiGraph`. Nothing crosses a partition boundary. Cost: O(events) time, memory
 * O(distinct labels + distinct edges + timed pairs).
 *
 * @example
 * directlyFollows([{ key: ['s1'], events: [a, b, a] }], { label: (e) => e.target ?? null, selfLoops: 'keep', startEnd: false })
 * // edges a→b (count 1), b→a (count 1)
 */
export function directlyFollows(partitions: Iterable<Partition>, options: DirectlyFollowsOptions): DirectlyFollows {
  const dfg: DirectlyFollows = { nodes: new Map(), edges: new Map(), partitions: 0 };
  for (const p of partitions) addPartition(dfg, p, options);
  return dfg;
}

/** Add one partition to a directly-follows relation being built (streaming use). Cost: O(partition's events). */
export function addPartition(dfg: DirectlyFollows, partition: Partition, options: DirectlyFollowsOptions): void {
  dfg.partitions++;
  const steps = labelSequence(partition.events, options.label, options.selfLoops);
  if (steps.length === 0) return;
  const seenNodes = new Set<string>();
  const seenEdges = new Set<string>();
  const node = (label: string): void => {
    let n = dfg.nodes.get(label);
    if (n === undefined) dfg.nodes.set(label, (n = { label, count: 0, partitions: 0 }));
    n.count++;
    if (!seenNodes.has(label)) {
      seenNodes.add(label);
      n.partitions++;
    }
  };
  const edge = (source: string, target: string, gap: number | undefined): void => {
    const k = `${source}\u0000${target}`;
    let e = dfg.edges.get(k);
    if (e === undefined) dfg.edges.set(k, (e = { source, target, count: 0, partitions: 0, gaps: [] }));
    e.count++;
    if (gap !== undefined) e.gaps.push(gap);
    if (!seenEdges.has(k)) {
      seenEdges.add(k);
      e.partitions++;
    }
  };
  if (options.startEnd) {
    node(START_NODE);
    edge(START_NODE, steps[0]!.label, undefined);
  }
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    node(s.label);
    if (i === 0) continue;
    const prev = steps[i - 1]!;
    if (options.selfLoops === 'drop' && prev.label === s.label) continue;
    const gap = prev.last !== undefined && s.time !== undefined ? s.time - prev.last : undefined;
    edge(prev.label, s.label, gap);
  }
  if (options.startEnd) {
    node(END_NODE);
    edge(steps[steps.length - 1]!.label, END_NODE, undefined);
  }
}
