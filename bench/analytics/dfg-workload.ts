/**
 * Benchmark: the DFG workload on the same 1M-event UserALE NDJSON, each tool as a whole process:
 *
 *   raw logs → sessions by session id → directly-follows edges over targets (counts) + raw clicks per user
 *
 * - Distill: the CLI (`node bin/distill.js run`, built `dist/`) with one multi-output pipeline (one read);
 * - pm4py: pandas `read_json(lines=True)` + `pm4py.discover_dfg` (bench/analytics/dfg_python.py pm4py);
 * - Flagon Distill: `pairwiseSeq` per session + `createDiGraph` (… flagon);
 * - DuckDB: SQL with `lag()` over `read_ndjson` (… duckdb).
 *
 * The Python tools run in the venv made by scripts/reference/setup-venv.sh (created on first use). Every run of
 * every tool must give the same answer (edge count, transitions, users, clicks and a checksum of the edge list),
 * so the timings compare the same work. Tools run in rotating order per run; medians over runs; ratios to Distill.
 *
 *   npm run build && npx tsx bench/analytics/dfg-workload.ts [--runs 3] [--events 1000000] [--tools distill,duckdb,flagon,pm4py] [--out FILE]
 *
 * Each process runs under /usr/bin/time for its peak RSS. Writes bench/results/analytics-dfg-workload.json (or --out).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchData } from '../data.js';
import { median } from '../median.js';

const root = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    events: { type: 'string', default: '1000000' },
    tools: { type: 'string', default: 'distill,duckdb,flagon,pm4py' },
    out: { type: 'string' },
  },
});

/** The workload as one Distill multi-output pipeline: one read, two answers. */
export const DFG_PIPELINE = {
  query: { where: { field: 'kind', op: 'eq', value: 'raw' } },
  outputs: {
    edges: [{ op: 'transition-graph', partition: 'session', label: 'target', metrics: [] }],
    clicks: [{ op: 'filter', where: { field: 'type', op: 'eq', value: 'click' } }, { op: 'count-by', by: 'user', missing: 'skip' }],
  },
};

interface Answer {
  edges: number;
  transitions: number;
  users: number;
  clicks: number;
  checksum: string;
}

/** The same summary as dfg_python.py: counts and a checksum of the sorted "source\0target\0count" lines. */
function summarize(edges: [string, string, number][], clicks: Record<string, number>): Answer {
  const lines = edges.map(([a, b, c]) => `${a}\u0000${b}\u0000${c}`).sort();
  return {
    edges: edges.length,
    transitions: edges.reduce((s, e) => s + e[2], 0),
    users: Object.keys(clicks).length,
    clicks: Object.values(clicks).reduce((s, c) => s + c, 0),
    checksum: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16),
  };
}

function distillAnswer(file: string): Answer {
  const env = JSON.parse(readFileSync(file, 'utf8')) as {
    results: { edges: { edges: { source: string; target: string; count: number }[] }; clicks: { rows: { user: string; count: number }[] } };
  };
  return summarize(
    env.results.edges.edges.map((e) => [e.source, e.target, e.count]),
    Object.fromEntries(env.results.clicks.rows.map((r) => [r.user, r.count])),
  );
}

async function main(): Promise<void> {
  const tools = values.tools!.split(',');
  const runs = Number(values.runs);
  const python = tools.some((t) => t !== 'distill')
    ? spawnSync('sh', [path.join(root, 'scripts/reference/setup-venv.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).stdout.trim()
    : '';
  if (tools.includes('distill') && !existsSync(path.join(root, 'dist/index.js'))) throw new Error('run `npm run build` first (the bench runs bin/distill.js)');
  const data = await benchData(Number(values.events));
  {
    const work = path.join(tmpdir(), `distill-bench-dfg-${process.pid}`);
    mkdirSync(work, { recursive: true });
    const pipelineFile = path.join(work, 'pipeline.json');
    writeFileSync(pipelineFile, JSON.stringify(DFG_PIPELINE));
    const commands: Record<string, { cmd: string; args: string[]; answer: (stdout: string) => Answer }> = {
      distill: {
        cmd: process.execPath,
        args: [path.join(root, 'bin/distill.js'), 'run', pipelineFile, '--source', data, '--out', path.join(work, 'distill.json')],
        answer: () => distillAnswer(path.join(work, 'distill.json')),
      },
      ...Object.fromEntries(
        ['pm4py', 'flagon', 'duckdb'].map((t) => [
          t,
          { cmd: python, args: [path.join(root, 'bench/analytics/dfg_python.py'), t, data], answer: (out: string) => JSON.parse(out.trim().split('\n').pop()!) as Answer },
        ]),
      ),
    };
    const times: Record<string, number[]> = Object.fromEntries(tools.map((t) => [t, []]));
    const rss: Record<string, number[]> = Object.fromEntries(tools.map((t) => [t, []]));
    const cpu: Record<string, number[]> = Object.fromEntries(tools.map((t) => [t, []]));
    const answers: Record<string, Answer> = {};
    for (let r = 0; r < runs; r++) {
      const order = tools.map((_, i) => tools[(i + r) % tools.length]!);
      for (const tool of order) {
        const c = commands[tool]!;
        const t0 = performance.now();
        // /usr/bin/time reports the whole process's peak RSS (KiB) and CPU seconds (user + system) on its last stderr line.
        const res = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M CPU %U %S', c.cmd, ...c.args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, DISTILL_CONFIG: '' } });
        const ms = performance.now() - t0;
        if (res.status !== 0) throw new Error(`${tool} failed: ${res.stderr}`);
        const usage = /MAXRSS (\d+) CPU ([\d.]+) ([\d.]+)/.exec(res.stderr);
        rss[tool]!.push(Number(usage?.[1] ?? NaN) / 1024);
        cpu[tool]!.push(Number(usage?.[2] ?? NaN) + Number(usage?.[3] ?? NaN));
        const answer = c.answer(res.stdout);
        answers[tool] ??= answer;
        if (JSON.stringify(answer) !== JSON.stringify(answers[tools[0]!] ?? answer)) throw new Error(`${tool} answered ${JSON.stringify(answer)}, ${tools[0]} ${JSON.stringify(answers[tools[0]!])}`);
        times[tool]!.push(ms);
        console.log(`run ${r + 1} ${tool}: ${(ms / 1000).toFixed(2)} s`);
      }
    }
    const med = Object.fromEntries(tools.map((t) => [t, median(times[t]!)]));
    const base = med.distill ?? med[tools[0]!]!;
    const result = {
      events: Number(values.events),
      file_bytes: statSync(data).size,
      runs,
      answer: answers[tools[0]!],
      median_s: Object.fromEntries(tools.map((t) => [t, med[t]! / 1000])),
      ratio_to_distill: Object.fromEntries(tools.map((t) => [t, med[t]! / base])),
      times_s: Object.fromEntries(tools.map((t) => [t, times[t]!.map((x) => x / 1000)])),
      micros_per_event: Object.fromEntries(tools.map((t) => [t, +((med[t]! * 1000) / Number(values.events)).toFixed(2)])),
      peak_rss_mb: Object.fromEntries(tools.map((t) => [t, Math.round(median(rss[t]!))])),
      median_cpu_s: Object.fromEntries(tools.map((t) => [t, +median(cpu[t]!).toFixed(2)])),
      date: new Date().toISOString(),
      machine: `${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; 1-minute load average at the end ${os.loadavg()[0]!.toFixed(1)} (ratios are within one invocation)`,
    };
    console.log(JSON.stringify(result, null, 1));
    writeFileSync(path.resolve(root, values.out ?? 'bench/results/analytics-dfg-workload.json'), `${JSON.stringify(result, null, 1)}\n`);
  }
}

await main();
