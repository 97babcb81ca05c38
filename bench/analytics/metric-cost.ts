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
 * The peer, side by side in the same run: networkx (bench/analytics/metric_cost_networkx.py, in the venv made by
 * scripts/reference/setup-venv.sh) on the very same graphs, alternating with Distill run by run, each metric timed
 * inside the process; sizes above --peer-max (default 2000) leave networkx out (its betweenness at 10k nodes takes
 * many minutes per run). Ratios: networkx time ÷ Distill time per metric.
 *
 *   npx tsx bench/analytics/metric-cost.ts [--runs 3] [--sizes 100,1000,2000,10000] [--peer-max 2000]
 *
 * Writes bench/results/analytics-metric-cost.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DirectedGraph } from 'graphology';
import { affordableMetrics, assignGraphMetrics, NODE_METRICS, PATH_METRICS_MAX_NODES, type NodeMetric } from '../../src/core/analytics/graph-metrics.js';
import { median } from '../median.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, sizes: { type: 'string', default: '100,1000,2000,10000' }, 'peer-max': { type: 'string', default: '2000' } },
});
const root = path.join(import.meta.dirname, '../..');
const peerMax = Number(values['peer-max']);
const python = spawnSync('sh', [path.join(root, 'scripts/reference/setup-venv.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).stdout.trim();
const scratch = mkdtempSync(path.join(tmpdir(), 'distill-metric-cost-'));

/** networkx's times for the same graph (one whole process; times measured inside it). */
function networkx(g: DirectedGraph): Record<string, number> {
  const file = path.join(scratch, 'edges.json');
  const edges: [string, string, number][] = [];
  g.forEachEdge((_e, a, s, t) => edges.push([s, t, a.count as number]));
  writeFileSync(file, JSON.stringify(edges));
  const r = spawnSync(python, [path.join(import.meta.dirname, 'metric_cost_networkx.py'), file, NODE_METRICS.join(',')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`networkx failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as Record<string, number>;
}

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
  const peer: Record<string, number[]> = { build: [] };
  for (const m of NODE_METRICS) (times[m] = []), (peer[m] = []);
  let edges = 0;
  for (let r = 0; r < runs; r++) {
    let g = build(n, 11);
    times.build!.push(time(() => (g = build(n, 11))));
    edges = g.size;
    for (const m of NODE_METRICS) times[m]!.push(time(() => assignGraphMetrics(g, 'count', [m as NodeMetric])));
    if (n <= peerMax) for (const [k, v] of Object.entries(networkx(g))) peer[k]!.push(v);
  }
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const peerMed = n <= peerMax ? Object.fromEntries(Object.entries(peer).map(([k, v]) => [k, median(v)])) : null;
  const { run, skipped } = affordableMetrics(NODE_METRICS, n, PATH_METRICS_MAX_NODES);
  const row = {
    nodes: n,
    edges,
    median_ms: med,
    default_ms: run.reduce((sum, m) => sum + med[m]!, 0),
    networkx_median_ms: peerMed,
    networkx_ratio: peerMed === null ? null : Object.fromEntries(Object.keys(med).map((k) => [k, peerMed[k]! / med[k]!])),
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
rmSync(scratch, { recursive: true, force: true });
const note =
  'Betweenness and closeness are O(V·E) (one BFS per node): ×10 nodes ≈ ×100 time here. transition-graph skips them above ' +
  `pathMetricsMaxNodes (default ${PATH_METRICS_MAX_NODES}) with a metrics_skipped warning; default_ms is the metric time a default run spends. ` +
  'networkx_ratio = networkx ms ÷ Distill ms on the same graph (alternating, same run; networkx only up to --peer-max nodes). ' +
  'Measured on a loaded 2-core machine shared with other jobs.';
writeFileSync(out, `${JSON.stringify({ runs, node: process.version, cpus: (await import('node:os')).cpus().length, path_metrics_max_nodes: PATH_METRICS_MAX_NODES, note, results }, null, 1)}\n`);
