/**
 * Benchmark: how the cost of transition-graph node metrics grows with the number of distinct nodes (100, 1k, 10k).
 *
 * Graphs are seeded random directly-follows graphs with ~5 out-edges per node (a ring plus 4 random) (weights 1–20), shaped like click
 * graphs (a few hubs take most transitions). For each size: building the graph (the baseline) and each metric of
 * `assignGraphMetrics` on its own, medians of N runs, and each metric's time as a ratio to the build time and to
 * the previous size. Betweenness and closeness are one BFS per node (O(n·m) = O(V·E)); with m ≈ 5n here, ×10 nodes
 * costs ~×100. That is why transition-graph skips them above `pathMetricsMaxNodes` (default
 * PATH_METRICS_MAX_NODES = 2000 nodes): `default_ms` is what a run with default parameters spends on metrics at
 * each size. A warm-up pass (one build and every metric on a 100-node graph, discarded) runs first so the first
 * size is not charged for JIT compilation.
 *
 *   npx tsx bench/analytics/metric-cost.ts [--runs 3] [--sizes 100,1000,2000,10000]
 *
 * Writes bench/results/analytics-metric-cost.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DirectedGraph } from 'graphology';
import { affordableMetrics, assignGraphMetrics, NODE_METRICS, PATH_METRICS_MAX_NODES, type NodeMetric } from '../../src/core/analytics/graph-metrics.js';
import { median } from '../median.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, sizes: { type: 'string', default: '100,1000,2000,10000' } } });

/** mulberry32: a small seeded PRNG so every run measures the same graphs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function build(n: number, seed: number): DirectedGraph {
  const rnd = prng(seed);
  const g = new DirectedGraph();
  for (let i = 0; i < n; i++) g.addNode(`n${i}`);
  for (let i = 0; i < n; i++) {
    // A ring keeps the graph strongly connected, so eigenvector centrality is computed (not skipped) at every size.
    g.mergeEdge(`n${i}`, `n${(i + 1) % n}`, { count: 1 });
    for (let k = 0; k < 4; k++) {
      // Skewed targets: squaring a uniform draw favours low ids (hubs), like popular pages.
      const j = Math.floor(rnd() * rnd() * n);
      g.mergeEdge(`n${i}`, `n${j}`, { count: 1 + Math.floor(rnd() * 20) });
    }
  }
  return g;
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const runs = Number(values.runs);
// Warm-up: compile the builder and every metric before anything is measured.
assignGraphMetrics(build(100, 3), 'count', NODE_METRICS);
const sizes = values.sizes!.split(',').map(Number);
const results: Record<string, unknown>[] = [];
let previous: Record<string, number> | undefined;
for (const n of sizes) {
  const times: Record<string, number[]> = { build: [] };
  for (const m of NODE_METRICS) times[m] = [];
  let edges = 0;
  for (let r = 0; r < runs; r++) {
    let g = build(n, 11);
    times.build!.push(time(() => (g = build(n, 11))));
    edges = g.size;
    for (const m of NODE_METRICS) times[m]!.push(time(() => assignGraphMetrics(g, 'count', [m as NodeMetric])));
  }
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const { run, skipped } = affordableMetrics(NODE_METRICS, n, PATH_METRICS_MAX_NODES);
  const row = {
    nodes: n,
    edges,
    median_ms: med,
    default_ms: run.reduce((sum, m) => sum + med[m]!, 0),
    default_skips: skipped,
    ratio_to_build: Object.fromEntries(NODE_METRICS.map((m) => [m, med[m]! / med.build!])),
    growth_vs_previous_size: previous === undefined ? null : Object.fromEntries(Object.keys(med).map((k) => [k, med[k]! / previous![k]!])),
  };
  previous = med;
  results.push(row);
  console.log(JSON.stringify(row));
}
const out = path.join(import.meta.dirname, '../results/analytics-metric-cost.json');
mkdirSync(path.dirname(out), { recursive: true });
const note =
  'Betweenness and closeness are O(V·E) (one BFS per node): ×10 nodes ≈ ×100 time here. transition-graph skips them above ' +
  `pathMetricsMaxNodes (default ${PATH_METRICS_MAX_NODES}) with a metrics_skipped warning; default_ms is the metric time a default run spends. ` +
  'Measured on a loaded 2-core machine shared with other jobs.';
writeFileSync(out, `${JSON.stringify({ runs, node: process.version, cpus: (await import('node:os')).cpus().length, path_metrics_max_nodes: PATH_METRICS_MAX_NODES, note, results }, null, 1)}\n`);
