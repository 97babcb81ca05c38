import { DirectedGraph } from 'graphology';
import type { DirectlyFollows, DfgEdge } from './directly-follows.js';
import { quantileLinear } from './quantile-linear.js';
import { compareStrings } from '../query/compare.js';

export interface TransitionGraphOptions {
  /** Keep only edges seen at least this many times (after probabilities are computed). */
  readonly minCount?: number | undefined;
  /** Keep only the `topK` most frequent edges (ties by source, then target, code-point order). */
  readonly topK?: number | undefined;
}

/** Node attributes of a transition graph (metrics are added by `assignGraphMetrics`). */
export interface TransitionNodeAttributes {
  label: string;
  count: number;
  partitions: number;
  [metric: string]: unknown;
}

/** Edge attributes of a transition graph. */
export interface TransitionEdgeAttributes {
  count: number;
  partitions: number;
  /** `count / (sum of counts of edges leaving source)` over the unpruned graph: the Markov row-normalised probability. */
  probability: number;
  /** Mean, median and 90th percentile (linear, as pandas) of the milliseconds between the two steps; null when untimed. */
  time_mean: number | null;
  time_median: number | null;
  time_p90: number | null;
  [key: string]: unknown;
}

export type TransitionGraph = DirectedGraph<TransitionNodeAttributes, TransitionEdgeAttributes>;

/**
 * Build the transition graph (a graphology `DirectedGraph`, node keys = labels, edge keys `source->target`) from a
 * directly-follows relation: counts, distinct partitions, row-normalised transition probabilities (the Markov
 * matrix; every row over the unpruned graph sums to 1 for nodes with successors) and time between steps.
 *
 * Pruning (`minCount`, then `topK`) removes edges after probabilities are computed — the probabilities stay those
 * of the full data — and then removes nodes left without any edge that had edges before pruning. Nodes that never
 * had an edge (one-step partitions) are kept. Cost: O(nodes + edges log edges) plus sorting each edge's gaps.
 *
 * @example transitionGraph(directlyFollows(parts, opts)).getEdgeAttribute('a->b', 'probability') // 0.5
 */
export function transitionGraph(dfg: DirectlyFollows, options: TransitionGraphOptions = {}): TransitionGraph {
  const outTotal = new Map<string, number>();
  for (const e of dfg.edges.values()) outTotal.set(e.source, (outTotal.get(e.source) ?? 0) + e.count);
  let edges: DfgEdge[] = [...dfg.edges.values()];
  const hadEdge = new Set<string>();
  for (const e of edges) hadEdge.add(e.source).add(e.target);
  if (options.minCount !== undefined) {
    const min = options.minCount;
    edges = edges.filter((e) => e.count >= min);
  }
  if (options.topK !== undefined && edges.length > options.topK) {
    edges = [...edges].sort(compareEdges).slice(0, options.topK);
  }
  const keepNode = new Set<string>();
  for (const e of edges) keepNode.add(e.source).add(e.target);
  const graph: TransitionGraph = new DirectedGraph();
  for (const n of dfg.nodes.values()) {
    if (hadEdge.has(n.label) && !keepNode.has(n.label)) continue;
    graph.addNode(n.label, { label: n.label, count: n.count, partitions: n.partitions });
  }
  for (const e of edges) {
    const gaps = [...e.gaps].sort((a, b) => a - b);
    let sum = 0;
    for (const g of gaps) sum += g;
    graph.addDirectedEdgeWithKey(`${e.source}->${e.target}`, e.source, e.target, {
      count: e.count,
      partitions: e.partitions,
      probability: e.count / outTotal.get(e.source)!,
      time_mean: gaps.length === 0 ? null : sum / gaps.length,
      time_median: quantileLinear(gaps, 0.5),
      time_p90: quantileLinear(gaps, 0.9),
    });
  }
  graph.setAttribute('partitions', dfg.partitions);
  return graph;
}

function compareEdges(a: DfgEdge, b: DfgEdge): number {
  return b.count - a.count || cmp(a.source, b.source) || cmp(a.target, b.target);
}

/** Code-point order (as documented), not JavaScript's UTF-16 code-unit `<`. */
const cmp = compareStrings;

/** One row of the Markov matrix as a table: `from`, `to`, `count`, `probability` (row-normalised). */
export interface MarkovRow {
  from: string;
  to: string;
  count: number;
  probability: number;
}

/**
 * The transition matrix in long form — one row per edge, sorted by `from` then `to` (code-point order), the shape of
 * `pd.crosstab(from, to, normalize="index").stack()` without the zero cells. Cost: O(edges log edges).
 */
export function markovRows(graph: TransitionGraph): MarkovRow[] {
  const rows: MarkovRow[] = [];
  graph.forEachEdge((_k, a, source, target) => rows.push({ from: source, to: target, count: a.count, probability: a.probability }));
  return rows.sort((x, y) => cmp(x.from, y.from) || cmp(x.to, y.to));
}
