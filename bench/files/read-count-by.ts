/**
 * Benchmark: Distill's read → map → count-by pipeline on NDJSON UserALE logs against a bare loop that only reads
 * lines and JSON.parses them, in the same process, interleaved run by run, medians of N runs.
 * Also: peak RSS and (peak − baseline RSS) / events for each variant in its own child process (so one's heap does
 * not pollute the other's) — an upper bound that mostly measures garbage not yet collected — and whether the
 * Distill pipeline completes with V8's old space capped at HEAP_CAP_MB, which shows its memory is bounded.
 *
 *   npx tsx bench/files/read-count-by.ts [--runs 7] [--sizes 100000,1000000]
 *
 * Writes bench/results/files-read-count-by.json. Target (issue 2): Distill ≤ 2.0× the bare parse time.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runPipelineOn } from '../../src/library.js';
import { bareParse } from '../bare-parse.js';
import { benchData } from '../data.js';
import { median } from '../median.js';
import { timeInterleaved } from '../interleave.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    sizes: { type: 'string', default: '100000,1000000' },
    child: { type: 'string' },
    file: { type: 'string' },
  },
});

/** Distill: file source (read, parse, map to canonical events, query) → count-by type. */
export async function distillCountBy(file: string): Promise<number> {
  const env = await runPipelineOn(file, { steps: [{ op: 'count-by', by: 'type' }] });
  if (env.result.kind !== 'table') throw new Error('expected a table');
  return env.result.rows.reduce((s, r) => s + (r.count as number), 0) + env.stats.skipped;
}

/** Old-space cap for the bounded-memory check, far below any test file's size. */
const HEAP_CAP_MB = 48;


async function child(kind: string, file: string): Promise<void> {
  const before = process.memoryUsage().rss;
  const n = kind === 'bare' ? await bareParse(file) : await distillCountBy(file);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ n, baselineRss: before, peakRss: peak }));
}

async function main(): Promise<void> {
  if (values.child !== undefined) return child(values.child, values.file!);
  const runs = Number(values.runs);
  const sizes = values.sizes!.split(',').map(Number);
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const file = await benchData(size);
    const bytes = statSync(file).size;
    // warm-up (JIT, page cache)
    await bareParse(file);
    await distillCountBy(file);
    const { bare, distill } = await timeInterleaved(
      runs,
      {
        bare: async () => {
          const n = await bareParse(file);
          if (n !== size) throw new Error(`bare loop read ${n} lines, expected ${size}`);
        },
        distill: () => distillCountBy(file),
      },
      ['bare', 'distill'],
    );
    const ratios = distill.map((d, i) => d / bare[i]!);
    const mem: Record<string, { peakRss: number; perEventBytes: number }> = {};
    const childRun = (kind: string, extra: string[] = []) =>
      spawnSync(process.execPath, [...extra, '--import', 'tsx', import.meta.filename, '--child', kind, '--file', file], {
        encoding: 'utf8',
        cwd: path.resolve(import.meta.dirname, '../..'),
      });
    for (const kind of ['bare', 'distill']) {
      const r = childRun(kind);
      if (r.status !== 0) throw new Error(r.stderr);
      const m = JSON.parse(r.stdout) as { peakRss: number; baselineRss: number };
      mem[kind] = { peakRss: m.peakRss, perEventBytes: (m.peakRss - m.baselineRss) / size };
    }
    // Bounded memory: the Distill pipeline must complete with the V8 heap capped far below the data size.
    const capped = childRun('distill', [`--max-old-space-size=${HEAP_CAP_MB}`]);
    const cappedOk = capped.status === 0 && (JSON.parse(capped.stdout) as { n: number }).n === size;
    const row = {
      events: size,
      fileMB: +(bytes / 1048576).toFixed(1),
      runs,
      bareMedianMs: +median(bare).toFixed(1),
      distillMedianMs: +median(distill).toFixed(1),
      ratioOfMedians: +(median(distill) / median(bare)).toFixed(3),
      medianOfRatios: +median(ratios).toFixed(3),
      distillEventsPerSec: Math.round(size / (median(distill) / 1000)),
      peakRssMB: { bare: +(mem.bare!.peakRss / 1048576).toFixed(1), distill: +(mem.distill!.peakRss / 1048576).toFixed(1) },
      peakBytesPerEvent: { bare: +mem.bare!.perEventBytes.toFixed(1), distill: +mem.distill!.perEventBytes.toFixed(1) },
      completesWithHeapCapMB: cappedOk ? HEAP_CAP_MB : null,
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
  const out = {
    benchmark: 'files: read → map → count-by(type) vs bare read+JSON.parse',
    node: process.versions.node,
    date: new Date().toISOString(),
    results,
  };
  const dir = path.resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'files-read-count-by.json'), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
