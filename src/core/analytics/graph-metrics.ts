import type { AbstractGraph, Attributes } from 'graphology-types';
import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import closenessModule from 'graphology-metrics/centrality/closeness.js';
import eigenvectorModule from 'graphology-metrics/centrality/eigenvector.js';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';

// graphology-metrics is CommonJS whose typings declare `export default`; Node (and esbuild) hand the function
// itself to a default import, so the typings' `.default` is the runtime value.
const betweenness = betweennessModule as unknown as typeof betweennessModule.default;
const closeness = closenessModule as unknown as typeof closenessModule.default;
const eigenvector = eigenvectorModule as unknown as typeof eigenvectorModule.default;
const pagerank = pagerankModule as unknown as typeof pagerankModule.default;

/** Node metrics Distill can compute on a directed graph. */
export const NODE_METRICS = ['degree', 'betweenness', 'closeness', 'pagerank', 'eigenvector'] as const;
export type NodeMetric = (typeof NODE_METRICS)[number];

/** Metrics that run one breadth-first search per node: O(nodes × edges), the ones that get slow on large graphs. */
export const PATH_METRICS: readonly NodeMetric[] = ['betweenness', 'closeness'];

/**
 * Default node cap of {@link PATH_METRICS}: above it they are skipped (null) unless asked for. Measured on this
 * project's bench (bench/results/analytics-metric-cost.json, ~5 edges per node, loaded 2-core machine): betweenness
 * takes 0.5–0.8 s at 1,000 nodes, ~2 s at 2,000 and 100–250 s at 10,000 (×10 nodes ≈ ×120 time); with closeness,
 * 2,000 nodes cost ~3 s, which keeps a run interactive.
 */
export const PATH_METRICS_MAX_NODES = 2000;

/**
 * Split the requested metrics into those to compute and those skipped because the graph has more than `maxNodes`
 * nodes and they cost O(nodes × edges) ({@link PATH_METRICS}). Cost: O(metrics).
 *
 * @example affordableMetrics(['degree', 'betweenness'], 5000, 2000) // → { run: ['degree'], skipped: ['betweenness'] }
 */
export function affordableMetrics(metrics: readonly NodeMetric[], nodes: number, maxNodes: number): { run: NodeMetric[]; skipped: NodeMetric[] } {
  if (nodes <= maxNodes) return { run: [...metrics], skipped: [] };
  return { run: metrics.filter((m) => !PATH_METRICS.includes(m)), skipped: metrics.filter((m) => PATH_METRICS.includes(m)) };
}

/**
 * Add node metrics as attributes of a directed graph whose edges carry a numeric weight attribute (`count` for
 * transition graphs). Every metric follows networkx's default convention, so results equal networkx's:
 *
 * - `degree`: `in_degree`, `out_degree` — distinct edges, a self-loop counts once each way (networkx
 *   `G.in_degree()`); `in_weight`, `out_weight` — sums of the weight (`G.in_degree(weight=...)`).
 * - `betweenness`: shortest paths by hop count (unweighted), normalised by `1/((n-1)(n-2))` for directed graphs —
 *   `nx.betweenness_centrality(G)` (normalized=True).
 * - `closeness`: distances *to* the node (incoming paths, hop count), Wasserman–Faust scaling for unreachable
 *   nodes — `nx.closeness_centrality(G)` (wf_improved=True).
 * - `pagerank`: damping 0.85, weighted by the weight attribute, dangling nodes spread uniformly, tolerance 1e-6 ×
 *   n, at most 100 iterations — `nx.pagerank(G, weight=...)`.
 * - `eigenvector`: left (in-edge) eigenvector of the weighted adjacency matrix, Euclidean-normalised —
 *   `nx.eigenvector_centrality(G, weight=...)`. Only meaningful when the graph is strongly connected (Perron–
 *   Frobenius: then it is unique and positive); otherwise, or when the power iteration does not converge in 100
 *   iterations, the attribute is `null`.
 *
 * Graph attributes set: `density` (`m / (n (n − 1))`, networkx `nx.density`, self-loops counted in m),
 * `strongly_connected`. Cost: degree O(n + m); betweenness and closeness O(n·m) (one BFS per node); PageRank and
 * eigenvector O(iterations · m).
 *
 * @example assignGraphMetrics(graph, 'count', ['degree', 'pagerank']); graph.getNodeAttribute('a', 'pagerank')
 */
export function assignGraphMetrics(graph: AbstractGraph, weight: string, metrics: readonly NodeMetric[] = NODE_METRICS): void {
  const n = graph.order;
  const m = graph.size;
  graph.setAttribute('density', n > 1 ? m / (n * (n - 1)) : 0);
  const strong = stronglyConnected(graph);
  graph.setAttribute('strongly_connected', strong);
  const want = new Set(metrics);
  const w = (a: Attributes): number => (typeof a[weight] === 'number' ? (a[weight] as number) : 1);
  if (want.has('degree')) {
    graph.forEachNode((node) => {
      let inW = 0;
      let outW = 0;
      graph.forEachInEdge(node, (_e, a) => (inW += w(a)));
      graph.forEachOutEdge(node, (_e, a) => (outW += w(a)));
      graph.mergeNodeAttributes(node, {
        in_degree: graph.inDegree(node),
        out_degree: graph.outDegree(node),
        in_weight: inW,
        out_weight: outW,
      });
    });
  }
  if (want.has('betweenness')) {
    const b = n > 0 ? betweenness(graph, { getEdgeWeight: null, normalized: true }) : {};
    graph.forEachNode((node) => graph.setNodeAttribute(node, 'betweenness', b[node] ?? 0));
  }
  if (want.has('closeness')) {
    const c = n > 0 ? closeness(graph, { wassermanFaust: true }) : {};
    graph.forEachNode((node) => graph.setNodeAttribute(node, 'closeness', c[node] ?? 0));
  }
  if (want.has('pagerank')) {
    const p = n > 0 ? pagerank(graph, { getEdgeWeight: (_e: string, a: Attributes) => w(a) }) : {};
    graph.forEachNode((node) => graph.setNodeAttribute(node, 'pagerank', p[node] ?? 0));
  }
  if (want.has('eigenvector')) {
    let e: Record<string, number> | null = null;
    if (strong && n > 1) {
      try {
        e = eigenvector(graph, { getEdgeWeight: (_k: string, a: Attributes) => w(a) });
      } catch {
        e = null; // did not converge in 100 iterations (periodic graphs): not meaningful
      }
    }
    graph.forEachNode((node) => graph.setNodeAttribute(node, 'eigenvector', e === null ? null : (e[node] ?? 0)));
  }
}

/** True when every node reaches every other (one forward and one backward search). Empty graphs are not. */
export function stronglyConnected(graph: AbstractGraph): boolean {
  if (graph.order === 0) return false;
  const first = graph.nodes()[0]!;
  const reach = (out: boolean): number => {
    const seen = new Set<string>([first]);
    const stack = [first];
    while (stack.length > 0) {
      const v = stack.pop()!;
      const next = out ? graph.outNeighbors(v) : graph.inNeighbors(v);
      for (const u of next) if (!seen.has(u)) (seen.add(u), stack.push(u));
    }
    return seen.size;
  };
  return reach(true) === graph.order && reach(false) === graph.order;
}
