/**
 * Benchmark (c): peak memory of a streaming pipeline over Elasticsearch as the index grows from 100k to 1M events.
 * The pipeline is the sessionization read: every event sorted by (session, time), streamed through point in time +
 * search_after (merged per fallback field, each session sorted in memory), consumed as it arrives (events and
 * session boundaries counted, nothing kept). Each run is its own child process, so peaks are independent: peak
 * RSS (`process.resourceUsage().maxRSS`) and the largest V8 heap seen between batches. Medians of N runs per size.
 * Then the 1M run once more with V8's old space capped at HEAP_CAP_MB: it completes, so memory does not grow with
 * the index.
 *
 *   npx tsx bench/elasticsearch/memory-bounded.ts [--runs 5] [--sizes 100000,250000,500000,1000000]
 *
 * Writes bench/results/elasticsearch-memory-bounded.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseQuery } from '../../src/core/query/parse-query.js';
import { resolveMapping } from '../../src/core/schema/resolve-mapping.js';
import { WarningCollector } from '../../src/core/warnings.js';
import { createElasticsearchSource } from '../../src/sources/elasticsearch/elasticsearch-source.js';
import { ensureBenchIndex, esUrl, median } from './bench-index.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '100000,250000,500000,1000000' },
    child: { type: 'string' },
  },
});

const HEAP_CAP_MB = 64;

/** One measured run (child process): stream (session, time)-sorted events, count events and sessions. */
async function child(index: string): Promise<void> {
  const node = esUrl();
  const source = createElasticsearchSource({
    id: 'es',
    connection: { nodes: [node], rejectUnauthorized: true, requestTimeoutMs: 120_000, maxRetries: 3 },
    index,
    mapping: resolveMapping('userale'),
  });
  const context = { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] as string[] }, strict: false, now: Date.now() };
  const baselineRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  let events = 0;
  let sessions = 0;
  let last: string | undefined = '\u0000';
  let largestSession = 0;
  let current = 0;
  const started = performance.now();
  for await (const batch of source.read({ query: parseQuery({ sort: ['session', 'time'] }) }, context).batches) {
    for (const e of batch) {
      if (e.session !== last) {
        sessions++;
        last = e.session;
        current = 0;
      }
      current++;
      if (e.session !== undefined && current > largestSession) largestSession = current;
      events++;
    }
    const heap = process.memoryUsage().heapUsed;
    if (heap > peakHeap) peakHeap = heap;
  }
  const ms = performance.now() - started;
  await source.close?.();
  process.stdout.write(
    JSON.stringify({ events, sessions, largestSession, ms, baselineRss, peakRss: process.resourceUsage().maxRSS * 1024, peakHeap, pushedDown: context.stats.pushedDown }),
  );
}

interface ChildResult {
  events: number;
  sessions: number;
  largestSession: number;
  ms: number;
  baselineRss: number;
  peakRss: number;
  peakHeap: number;
  pushedDown: string[];
}

function runChild(index: string, extra: string[] = []): ChildResult | undefined {
  const r = spawnSync(process.execPath, [...extra, '--import', 'tsx', import.meta.filename, '--child', index], {
    encoding: 'utf8',
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: process.env,
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    return undefined;
  }
  return JSON.parse(r.stdout) as ChildResult;
}

async function main(): Promise<void> {
  if (values.child !== undefined) return child(values.child);
  const runs = Number(values.runs);
  const sizes = values.sizes!.split(',').map(Number);
  const node = esUrl();
  const mb = (b: number): number => +(b / 1048576).toFixed(1);
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const index = await ensureBenchIndex(size, node);
    const measured: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      const r = runChild(index);
      if (r === undefined) throw new Error(`run ${i + 1} on ${index} failed`);
      if (r.events !== size) throw new Error(`read ${r.events} events from ${index}, expected ${size}`);
      if (!r.pushedDown.includes('sort')) throw new Error('the sort was not pushed down');
      measured.push(r);
      process.stderr.write(`${size}: run ${i + 1} peak RSS ${mb(r.peakRss)} MB, peak heap ${mb(r.peakHeap)} MB, ${r.ms.toFixed(0)} ms\n`);
    }
    results.push({
      events: size,
      runs,
      sessions: measured[0]!.sessions,
      largestSession: measured[0]!.largestSession,
      peakRssMB: measured.map((r) => mb(r.peakRss)),
      peakHeapMB: measured.map((r) => mb(r.peakHeap)),
      medianPeakRssMB: mb(median(measured.map((r) => r.peakRss))),
      medianPeakHeapMB: mb(median(measured.map((r) => r.peakHeap))),
      medianBaselineRssMB: mb(median(measured.map((r) => r.baselineRss))),
      medianMs: +median(measured.map((r) => r.ms)).toFixed(0),
    });
  }
  const largest = sizes[sizes.length - 1]!;
  const capped = runChild(await ensureBenchIndex(largest, node), [`--max-old-space-size=${HEAP_CAP_MB}`]);
  const first = results[0] as { medianPeakRssMB: number; medianPeakHeapMB: number };
  const last = results[results.length - 1] as { medianPeakRssMB: number; medianPeakHeapMB: number };
  const out = {
    benchmark: 'elasticsearch (c): peak memory of a streaming (session, time)-sorted read as the index grows',
    node: process.versions.node,
    elasticsearch: '8.19.21 (scripts/es-node, -Xmx1g, 1 shard, force-merged)',
    date: new Date().toISOString(),
    pageSize: 1000,
    results,
    peakRssGrowth: +(last.medianPeakRssMB / first.medianPeakRssMB).toFixed(2),
    peakHeapGrowth: +(last.medianPeakHeapMB / first.medianPeakHeapMB).toFixed(2),
    eventsGrowth: largest / sizes[0]!,
    completesWithHeapCapMB: capped !== undefined && capped.events === largest ? HEAP_CAP_MB : null,
  };
  console.table(
    results.map((r) => ({ events: r.events, sessions: r.sessions, 'largest session': r.largestSession, 'peak RSS MB': r.medianPeakRssMB, 'peak heap MB': r.medianPeakHeapMB, 'median ms': r.medianMs })),
  );
  console.log(
    `events ×${out.eventsGrowth} → peak RSS ×${out.peakRssGrowth}, peak heap ×${out.peakHeapGrowth}; ${largest} events with --max-old-space-size=${HEAP_CAP_MB}: ${out.completesWithHeapCapMB === null ? 'FAILED' : 'completes'}`,
  );
  const dir = path.resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'elasticsearch-memory-bounded.json'), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
