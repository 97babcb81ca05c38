/**
 * Benchmark (issue 11): reading UserALE NDJSON at the speed of the fastest engines. Whole processes, one file per
 * size made by the seeded generator (`scripts/generate-sample.ts --seed 42 --events N`, cached in .bench/), every
 * variant run `--runs` times interleaved (the order rotates each round), medians reported with ratios to DuckDB
 * `read_ndjson` with declared columns in the same run, and each variant's peak RSS (its child's ru_maxrss) and CPU time (user + system, all threads: on a shared machine
 * the steadier measure of work done).
 *
 *   npx tsx bench/files/scan-vs-engines.ts [--runs 5] [--sizes 100000,1000000,5000000] [--threads 2]
 *     [--variants a,b] [--data <file>:<events>] [--out <results.json>]
 *
 * `--data` measures a given file instead of the generated ones (e.g. the 1M file concatenated five times, for the
 * cost per event at 5M without generating 4 GB: `--data big.ndjson:4999490`).
 *
 * Variants (workload `count-by type`):
 *   distill-cli        the CommonJS bundle of the CLI: `distill count-by --by type --source <file>` (what a user runs;
 *                      the scanner on every core)
 *   distill-whole      the same pipeline reading whole documents (the reader before the scanner), one thread
 *   distill-events-N   the scanner on N worker threads handing projected documents on, the runner mapping and
 *                      counting events (the count-by pushdown off)
 *   distill-scan-1     the projection-aware scanner with the count-by pushdown, this thread only
 *   distill-scan-N     the same on N worker threads (workers count groups)
 *   bare-json-parse    Node readline + JSON.parse per line, count by type (nothing else)
 *   duckdb-columns     DuckDB read_ndjson with columns={'type': VARCHAR}
 *   duckdb-auto        DuckDB read_json_auto
 * Python packages (duckdb, pm4py, flagon-distill) come from PyPI into a venv the bench creates (.bench/venv-files).
 *
 * Hook for the DFG workload (issue 9's `transition-graph`): add entries to WORKLOADS below with the Distill
 * pipeline, the DuckDB SQL, and the pm4py / flagon-distill scripts; the runner, medians and report need no change.
 *
 * Writes bench/results/files-scan-vs-engines.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../median.js';

const root = path.resolve(import.meta.dirname, '../..');
const here = import.meta.dirname;
const dataDir = path.join(root, '.bench');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '100000,1000000,5000000' },
    threads: { type: 'string', default: '2' },
    variants: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string', default: 'bench/results/files-scan-vs-engines.json' },
  },
});

/** The generated file with about `events` events (seed 42), made once. */
function dataFile(events: number): string {
  const file = path.join(dataDir, `scan-userale-seed42-${events}.ndjson`);
  if (existsSync(file)) return file;
  mkdirSync(dataDir, { recursive: true });
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/generate-sample.ts'), '--seed', '42', '--events', String(events), '--out', `${file}.partial`], {
    stdio: 'inherit',
    cwd: root,
  });
  renameSync(`${file}.partial`, file);
  return file;
}

/** A venv with the Python engines, created once. */
function python(): string {
  const venv = path.join(dataDir, 'venv-files');
  const bin = path.join(venv, 'bin', 'python');
  if (!existsSync(path.join(venv, '.complete'))) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', 'duckdb', 'pm4py', 'flagon-distill'], { stdio: 'inherit' });
    writeFileSync(path.join(venv, '.complete'), '');
  }
  return bin;
}

function pythonVersions(py: string): Record<string, string> {
  const out = execFileSync(py, ['-c', 'import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in ["duckdb", "pm4py", "flagon-distill"]}))']);
  return JSON.parse(out.toString()) as Record<string, string>;
}

/** The CLI bundle and the scan variant bundled, built once per bench run. */
function bundles(): { cli: string; scan: string } {
  const cli = path.join(root, 'build/out/bundle/distill.cjs');
  if (!existsSync(cli)) execFileSync('npm', ['run', 'build:bundle'], { cwd: root, stdio: 'inherit' });
  const scan = path.join(dataDir, 'distill-scan-count-by.mjs');
  const banner = "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";
  execFileSync(path.join(root, 'node_modules/.bin/esbuild'), [path.join(here, 'distill-scan-count-by.ts'), '--bundle', '--platform=node', '--format=esm', '--target=node20', banner, `--outfile=${scan}`, '--log-level=warning'], {
    cwd: root,
    stdio: 'inherit',
  });
  return { cli, scan };
}

interface Variant {
  readonly name: string;
  readonly command: (file: string) => string[];
}

interface Measured {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  exit: number;
  stdout: string;
  stderr: string;
}

function measure(py: string, command: string[]): Measured {
  const out = spawnSync(py, [path.join(here, 'measure.py'), ...command], { maxBuffer: 1 << 24 });
  return JSON.parse(out.stdout.toString()) as Measured;
}

/** Workloads: what each variant computes. The DFG workload of issue 9 goes here once `transition-graph` exists. */
function workloads(py: string, threads: number): Record<string, Variant[]> {
  const { cli, scan } = bundles();
  const node = process.execPath;
  return {
    'count-by-type': [
      { name: 'distill-cli', command: (f) => [node, cli, 'count-by', '--by', 'type', '--source', f, '--quiet'] },
      { name: 'distill-whole', command: (f) => [node, scan, f, '1', 'whole'] },
      { name: `distill-events-${threads}`, command: (f) => [node, scan, f, String(threads), 'events'] },
      { name: 'distill-scan-1', command: (f) => [node, scan, f, '1'] },
      { name: `distill-scan-${threads}`, command: (f) => [node, scan, f, String(threads)] },
      { name: 'bare-json-parse', command: (f) => [node, path.join(here, 'bare-parse-count-by.mjs'), f] },
      { name: 'duckdb-columns', command: (f) => [py, path.join(here, 'duckdb_count_by.py'), 'columns', f] },
      { name: 'duckdb-auto', command: (f) => [py, path.join(here, 'duckdb_count_by.py'), 'auto', f] },
    ],
  };
}

function main(): void {
  const runs = Number(values.runs);
  const given = values.data?.split(':');
  const inputs: { file: string; events: number }[] =
    given === undefined ? values.sizes!.split(',').map((s) => ({ file: '', events: Number(s) })) : [{ file: path.resolve(given[0]!), events: Number(given[1]) }];
  const threads = Number(values.threads);
  const only = values.variants?.split(',');
  const py = python();
  const report: Record<string, unknown>[] = [];
  for (const [workload, all] of Object.entries(workloads(py, threads))) {
    const variants = only === undefined ? all : all.filter((v) => only.includes(v.name));
    for (const input of inputs) {
      const size = input.events;
      const file = input.file === '' ? dataFile(size) : input.file;
      const bytes = statSync(file).size;
      const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
      const rss = new Map<string, number[]>(variants.map((v) => [v.name, []]));
      const cpu = new Map<string, number[]>(variants.map((v) => [v.name, []]));
      const outputs = new Map<string, string>();
      for (let r = 0; r < runs; r++) {
        // Rotate the order each round so no variant always runs first (page cache, thermal, neighbours).
        const order = variants.map((_, i) => variants[(i + r) % variants.length]!);
        for (const v of order) {
          const m = measure(py, v.command(file));
          if (m.exit !== 0) throw new Error(`${v.name} failed (exit ${m.exit}): ${m.stderr}`);
          times.get(v.name)!.push(m.seconds);
          rss.get(v.name)!.push(m.maxRssMb);
          cpu.get(v.name)!.push(m.cpuSeconds);
          outputs.set(v.name, m.stdout.trim().slice(0, 200));
        }
      }
      const medians = Object.fromEntries(variants.map((v) => [v.name, median(times.get(v.name)!)]));
      const baseline = medians['duckdb-columns'];
      const events = size;
      const rows = variants.map((v) => ({
        variant: v.name,
        medianSeconds: round(medians[v.name]!),
        vsDuckdbColumns: baseline === undefined ? undefined : round(medians[v.name]! / baseline),
        usPerEvent: round((medians[v.name]! * 1e6) / events),
        medianCpuSeconds: round(median(cpu.get(v.name)!)),
        peakRssMb: round(Math.max(...rss.get(v.name)!)),
        runs: times.get(v.name)!.map(round),
      }));
      console.log(`\n${workload} — ${size} events, ${(bytes / 1e6).toFixed(0)} MB, medians of ${runs}`);
      console.table(rows.map(({ runs: _r, ...rest }) => rest));
      report.push({ workload, events: size, bytes, ...(input.file === '' ? {} : { file: path.basename(file) }), rows, outputs: Object.fromEntries(outputs) });
    }
  }
  const out = path.resolve(root, values.out!);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: nproc(), load: loadAverage(), python: pythonVersions(py), threads, runs, report }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(root, out)}`);
}

/** The machine's 1/5/15-minute load averages when the run ended (other work on the machine skews wall times). */
function loadAverage(): number[] {
  return os.loadavg().map(round);
}

function nproc(): number {
  return Number(execFileSync('nproc').toString().trim());
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main();
