/**
 * Benchmark: the realistic sequence pipeline (normalise URLs → stitch users → sessionize (field, then 30-min gap) →
 * collapse repeats → idle segments) on generated UserALE NDJSON, against
 * - the bare baseline: read lines + JSON.parse, nothing else (bench/bare-parse.ts), interleaved run by run;
 * - Flagon Distill 0.1.0's equivalent calls on the same file (bench/sequence/flagon_pipeline.py: group by user and
 *   session, order by clientTime, detect_deadspace per group — Flagon has no stitching, sessionizer or collapse),
 *   in its venv (scripts/flagon/setup-venv.sh), timed inside Python after imports and as a whole process.
 * The three variants run in turn, the order rotating from run to run, so load on a shared machine hits all alike.
 * Wall time and CPU time (all threads of the process: Distill's file scanner reads on worker threads) are reported;
 * CPU time is the steadier measure when other jobs compete for the cores. Distill's share of time in GC is measured
 * with a `gc` performance observer. Peak RSS of each variant is measured in its own child process. Cost per event
 * is reported per size so its flatness from 100k to 1M can be read off.
 *
 *   npx tsx bench/sequence/pipeline.ts [--runs 3] [--sizes 100000,1000000]
 *
 * Writes bench/results/sequence-pipeline.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runPipelineOn } from '../../src/library.js';
import { bareParse } from '../bare-parse.js';
import { benchData } from '../data.js';
import { PerformanceObserver } from 'node:perf_hooks';
import { median } from '../median.js';

const root = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '100000,1000000' },
    child: { type: 'string' },
    file: { type: 'string' },
  },
});

export const STEPS = [
  { op: 'rewrite', rules: [{ op: 'url' }] },
  { op: 'stitch-users' },
  { op: 'sessionize' },
  { op: 'collapse-repeats' },
  { op: 'segment', segments: [{ mode: 'idle', limit: '1m' }] },
];

/** Distill: the whole pipeline; returns the number of idle segments and the events they hold. */
async function distillPipeline(file: string): Promise<{ segments: number; held: number }> {
  const env = await runPipelineOn(file, { steps: STEPS });
  if (env.result.kind !== 'table') throw new Error('expected a table');
  return { segments: env.result.rows.length, held: env.result.rows.reduce((s, r) => s + (r.count as number), 0) };
}

async function child(kind: string, file: string): Promise<void> {
  const before = process.memoryUsage().rss;
  const result = kind === 'bare' ? await bareParse(file) : await distillPipeline(file);
  process.stdout.write(JSON.stringify({ result, baselineRss: before, peakRss: process.resourceUsage().maxRSS * 1024 }));
}

interface FlagonRun {
  logs: number;
  groups: number;
  segments: number;
  segmentLogs: number;
  seconds: number;
  cpuSeconds: number;
  peakRss: number;
}

function flagon(python: string, file: string): FlagonRun {
  const out = execFileSync(python, [path.join(import.meta.dirname, 'flagon_pipeline.py'), file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out) as FlagonRun;
}

/** Wall and CPU milliseconds (every thread of this process) of one call, and the GC milliseconds during it. */
interface Timing {
  wall: number;
  cpu: number;
  gc: number;
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const gc0 = gcMs;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, gc: gcMs - gc0 };
}

async function main(): Promise<void> {
  if (values.child !== undefined) return child(values.child, values.file!);
  const load0 = os.loadavg()[0]!;
  const runs = Number(values.runs);
  const sizes = values.sizes!.split(',').map(Number);
  const python = execFileSync('bash', [path.join(root, 'scripts/flagon/setup-venv.sh')], { encoding: 'utf8' }).trim();
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const file = await benchData(size);
    const bytes = statSync(file).size;
    await bareParse(file); // warm-up: page cache
    const bare: Timing[] = [];
    const distill: Timing[] = [];
    const flagonRuns: { run: FlagonRun; wall: number }[] = [];
    const variants: Record<string, () => Promise<void>> = {
      bare: async () => void bare.push(await timed(() => bareParse(file))),
      distill: async () => void distill.push(await timed(() => distillPipeline(file))),
      flagon: async () => {
        const t0 = performance.now();
        const run = flagon(python, file);
        flagonRuns.push({ run, wall: performance.now() - t0 });
      },
    };
    const names = Object.keys(variants);
    for (let i = 0; i < runs; i++) for (let k = 0; k < names.length; k++) await variants[names[(i + k) % names.length]!]!();
    const mem: Record<string, number> = {};
    let first: unknown;
    for (const kind of ['bare', 'distill']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', kind, '--file', file], { encoding: 'utf8', cwd: root });
      if (r.status !== 0) throw new Error(r.stderr);
      const m = JSON.parse(r.stdout) as { peakRss: number; result: unknown };
      mem[kind] = m.peakRss;
      if (kind === 'distill') first = m.result;
    }
    const wall = { bare: median(bare.map((t) => t.wall)), distill: median(distill.map((t) => t.wall)), flagon: median(flagonRuns.map((f) => f.run.seconds * 1000)) };
    const cpu = { bare: median(bare.map((t) => t.cpu)), distill: median(distill.map((t) => t.cpu)), flagon: median(flagonRuns.map((f) => f.run.cpuSeconds * 1000)) };
    const perEvent = (ms: number) => +((ms * 1000) / size).toFixed(2);
    const row = {
      events: size,
      fileMB: +(bytes / 1048576).toFixed(1),
      runs,
      distillResult: first,
      flagonResult: { groups: flagonRuns[0]!.run.groups, segments: flagonRuns[0]!.run.segments, segmentLogs: flagonRuns[0]!.run.segmentLogs },
      medianMs: { bare: +wall.bare.toFixed(0), distill: +wall.distill.toFixed(0), flagonInPython: +wall.flagon.toFixed(0), flagonProcess: +median(flagonRuns.map((f) => f.wall)).toFixed(0) },
      medianCpuMs: { bare: +cpu.bare.toFixed(0), distill: +cpu.distill.toFixed(0), flagonInPython: +cpu.flagon.toFixed(0) },
      ratio: {
        distillOverBare: +(wall.distill / wall.bare).toFixed(2),
        distillOverBareMedianOfRatios: +median(distill.map((d, i) => d.wall / bare[i]!.wall)).toFixed(2),
        flagonInPythonOverDistill: +(wall.flagon / wall.distill).toFixed(2),
        cpuDistillOverBare: +(cpu.distill / cpu.bare).toFixed(2),
        cpuFlagonOverDistill: +(cpu.flagon / cpu.distill).toFixed(2),
      },
      microsPerEvent: { bare: perEvent(wall.bare), distill: perEvent(wall.distill), flagonInPython: perEvent(wall.flagon) },
      cpuMicrosPerEvent: { bare: perEvent(cpu.bare), distill: perEvent(cpu.distill), flagonInPython: perEvent(cpu.flagon) },
      distillGcShare: +median(distill.map((t) => t.gc / t.wall)).toFixed(2),
      peakRssMB: { bare: +(mem.bare! / 1048576).toFixed(0), distill: +(mem.distill! / 1048576).toFixed(0), flagon: +(flagonRuns[0]!.run.peakRss / 1048576).toFixed(0) },
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
  const out = {
    benchmark: 'sequence pipeline (rewrite url → stitch-users → sessionize → collapse-repeats → segment idle 1m) vs bare read+JSON.parse vs Flagon Distill 0.1.0 (group + detect_deadspace), runs rotating',
    command: `npx tsx bench/sequence/pipeline.ts --runs ${runs} --sizes ${sizes.join(',')}`,
    node: process.versions.node,
    date: new Date().toISOString(),
    machine: `${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; 1-minute load average at the start ${load0.toFixed(1)}, at the end ${os.loadavg()[0]!.toFixed(1)} (ratios are within one invocation)`,
    results,
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/sequence-pipeline.json'), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
