/**
 * Benchmark: the realistic sequence pipeline (normalise URLs → stitch users → sessionize (field, then 30-min gap) →
 * collapse repeats → idle segments) on generated UserALE NDJSON, against
 * - the bare baseline: read lines + JSON.parse, nothing else (bench/bare-parse.ts), interleaved run by run;
 * - Flagon Distill 0.1.0's equivalent calls on the same file (bench/sequence/flagon_pipeline.py: group by user and
 *   session, order by clientTime, detect_deadspace per group — Flagon has no stitching, sessionizer or collapse),
 *   in its venv (scripts/flagon/setup-venv.sh), timed inside Python after imports and as a whole process.
 * Peak RSS of each variant is measured in its own child process. Cost per event is reported per size so its
 * flatness from 100k to 1M can be read off.
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
import { timeInterleaved } from '../interleave.js';
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
  peakRss: number;
}

function flagon(python: string, file: string): { run: FlagonRun; wallMs: number } {
  const t0 = performance.now();
  const out = execFileSync(python, [path.join(import.meta.dirname, 'flagon_pipeline.py'), file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { run: JSON.parse(out) as FlagonRun, wallMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  if (values.child !== undefined) return child(values.child, values.file!);
  const runs = Number(values.runs);
  const sizes = values.sizes!.split(',').map(Number);
  const python = execFileSync('bash', [path.join(root, 'scripts/flagon/setup-venv.sh')], { encoding: 'utf8' }).trim();
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const file = await benchData(size);
    const bytes = statSync(file).size;
    await bareParse(file); // warm-up: page cache
    const { bare, distill } = await timeInterleaved(runs, { bare: () => bareParse(file), distill: () => distillPipeline(file) }, ['bare', 'distill']);
    const flagonRuns = Array.from({ length: runs }, () => flagon(python, file));
    const mem: Record<string, number> = {};
    let first: unknown;
    for (const kind of ['bare', 'distill']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', kind, '--file', file], { encoding: 'utf8', cwd: root });
      if (r.status !== 0) throw new Error(r.stderr);
      const m = JSON.parse(r.stdout) as { peakRss: number; result: unknown };
      mem[kind] = m.peakRss;
      if (kind === 'distill') first = m.result;
    }
    const flagonInside = median(flagonRuns.map((f) => f.run.seconds * 1000));
    const flagonWall = median(flagonRuns.map((f) => f.wallMs));
    const row = {
      events: size,
      fileMB: +(bytes / 1048576).toFixed(1),
      runs,
      distillResult: first,
      flagonResult: { groups: flagonRuns[0]!.run.groups, segments: flagonRuns[0]!.run.segments, segmentLogs: flagonRuns[0]!.run.segmentLogs },
      medianMs: { bare: +median(bare).toFixed(0), distill: +median(distill).toFixed(0), flagonInPython: +flagonInside.toFixed(0), flagonProcess: +flagonWall.toFixed(0) },
      ratio: {
        distillOverBare: +(median(distill) / median(bare)).toFixed(2),
        distillOverBareMedianOfRatios: +median(distill.map((d, i) => d / bare[i]!)).toFixed(2),
        flagonInPythonOverDistill: +(flagonInside / median(distill)).toFixed(2),
      },
      microsPerEvent: { bare: +((median(bare) * 1000) / size).toFixed(2), distill: +((median(distill) * 1000) / size).toFixed(2), flagonInPython: +((flagonInside * 1000) / size).toFixed(2) },
      peakRssMB: { bare: +(mem.bare! / 1048576).toFixed(0), distill: +(mem.distill! / 1048576).toFixed(0), flagon: +(flagonRuns[0]!.run.peakRss / 1048576).toFixed(0) },
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
  const out = {
    benchmark: 'sequence pipeline (rewrite url → stitch-users → sessionize → collapse-repeats → segment idle 1m) vs bare read+JSON.parse vs Flagon Distill 0.1.0 (group + detect_deadspace)',
    node: process.versions.node,
    date: new Date().toISOString(),
    machine: `${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; 1-minute load average at the end ${os.loadavg()[0]!.toFixed(1)} (ratios are within one invocation)`,
    results,
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/sequence-pipeline.json'), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
