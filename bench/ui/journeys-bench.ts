/**
 * Benchmark: Journeys drawing a transition graph in headless Chromium (Debian's /usr/bin/chromium), from the graph
 * result JSON to pixels on screen — the app's layered layout, SVG edges and labelled nodes
 * (`ui/src/graph/draw-graph.ts`) — at 20, 100, 500 and 1,000 nodes (four edges per node, counts Zipf-like, start
 * and end nodes, from a seeded generator). Baseline in the same page and run: the same nodes and edges as bare SVG
 * rects and straight lines on a grid. Runs interleave the two; medians of N runs; target: 500 nodes < 2 s.
 *
 *   npm run bench:ui [-- --runs 9]
 *
 * Writes bench/results/ui-journeys.json.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { GraphResult } from '../../ui/src/api/types.js';
import { median } from '../median.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 5) throw new Error('--runs must be an integer >= 5');

/** A process-like graph: `n` nodes, ~4 out-edges each (mostly forward), counts ~ 1000 / rank, plus [start]/[end]. */
export function syntheticGraph(n: number, seed = 42): GraphResult {
  let state = seed >>> 0;
  const rand = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const nodes = [{ key: '[start]' }, ...Array.from({ length: n - 2 }, (_, i) => ({ key: `/page/${i}`, count: 0, pagerank: 0 })), { key: '[end]' }];
  const edges = new Map<string, { source: string; target: string; count: number }>();
  const add = (a: string, b: string): void => {
    const k = `${a}\u0000${b}`;
    if (!edges.has(k)) edges.set(k, { source: a, target: b, count: Math.max(1, Math.round(1000 / (1 + edges.size * rand()))) });
  };
  for (let i = 1; i < nodes.length - 1; i++) {
    add(nodes[Math.max(0, i - 1 - Math.floor(rand() * 8))]!.key, nodes[i]!.key);
    for (let j = 0; j < 3; j++) {
      const jump = 1 + Math.floor(rand() * 40) - (rand() < 0.15 ? 60 : 0); // some edges go back (loops in journeys)
      add(nodes[i]!.key, nodes[Math.min(nodes.length - 1, Math.max(1, i + jump))]!.key);
    }
  }
  const list = [...edges.values()];
  return { kind: 'graph', directed: true, attributes: {}, nodes, edges: list, nodeCount: nodes.length, edgeCount: list.length, count: list.length };
}

const bundle = await build({ entryPoints: [path.join(root, 'bench', 'ui', 'bench-entry.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2020', minify: true, write: false, logLevel: 'silent' });
const script = bundle.outputFiles[0]!.text;
const browser = await chromium.launch({ executablePath: process.env.DISTILL_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const results: Record<string, unknown>[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent('<!doctype html><html><body style="margin:0"><div id="host" style="width:1400px;height:900px"></div></body></html>');
  await page.addScriptTag({ content: script });
  for (const n of [20, 100, 500, 1000]) {
    const graph = syntheticGraph(n);
    const times: Record<'journeys' | 'baseline', number[]> = { journeys: [], baseline: [] };
    let drawn = { nodes: 0, edges: 0 };
    for (let r = 0; r < runs + 1; r++) {
      const order: ('journeys' | 'baseline')[] = r % 2 === 0 ? ['journeys', 'baseline'] : ['baseline', 'journeys'];
      for (const which of order) {
        const m = (await page.evaluate(([g, w]) => (window as any).benchMeasure(g, w), [graph, which] as const)) as { ms: number; nodes: number; edges: number };
        if (r > 0) times[which].push(m.ms); // the first round warms the JIT and is not counted
        if (which === 'journeys') drawn = { nodes: m.nodes, edges: m.edges };
      }
    }
    if (drawn.nodes !== graph.nodeCount || drawn.edges !== graph.edgeCount) throw new Error(`drew ${drawn.nodes}/${drawn.edges}, expected ${graph.nodeCount}/${graph.edgeCount}`);
    const row = { nodes: graph.nodeCount, edges: graph.edgeCount, journeysMedianMs: round(median(times.journeys)), baselineMedianMs: round(median(times.baseline)), ratio: round(median(times.journeys) / median(times.baseline)), journeysMs: times.journeys.map(round) };
    results.push(row);
    process.stdout.write(`${String(row.nodes).padStart(5)} nodes ${String(row.edges).padStart(5)} edges: Journeys ${row.journeysMedianMs} ms (median of ${runs}), bare SVG ${row.baselineMedianMs} ms, ratio ${row.ratio}\n`);
  }
} finally {
  await browser.close();
}
const at500 = results.find((r) => r.nodes === 500) as { journeysMedianMs: number } | undefined;
const out = {
  bench: 'ui-journeys',
  what: 'graph result JSON → layered layout → SVG in the DOM → painted (two animation frames), headless Chromium',
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, chromium: process.env.DISTILL_CHROMIUM ?? '/usr/bin/chromium' },
  runs,
  target: '500 nodes under 2000 ms',
  met: at500 !== undefined && at500.journeysMedianMs < 2000,
  results,
};
writeFileSync(path.join(root, 'bench', 'results', 'ui-journeys.json'), `${JSON.stringify(out, null, 2)}\n`);

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
