/**
 * Benchmark: cold start of the Linux single-file executable against `node` of the same version running the same
 * bundle (the executable's own content, `build/out/bundle/distill.cjs`), each start a new process, interleaved run
 * by run, medians of N runs in one session:
 * - `version`: spawn → first byte on standard output, and → exit;
 * - `run event-types --format csv` on the bundled sample (assets already extracted): → first output, → exit;
 * - the same with a fresh user directory (first start: the embedded assets are extracted);
 * - `serve --port <free>`: spawn → first 200 from /v1/health over TLS with the certificate fingerprint pinned
 *   (health is polled every 2 ms from the moment of spawn);
 * - the CPU time (user + system) of `node -e 0`, `version` and `serve` up to its first health answer: on a machine
 *   shared with other jobs wall times mostly measure the wait for a core, CPU times what a start costs;
 * plus the floor: `node -e 0` of that Node, and the launcher's baseline: node running the application bundle itself as
 * the main script (`distill-app.cjs`, what the executables ran before src/bin/launcher.ts). And the sizes of the executables and the bundle, raw and gzipped
 * (zlib level 6, what `gzip` does by default).
 *
 *   npm run build:binaries && npx tsx bench/startup/startup.ts [--runs 7] [--out build/out]
 *
 * Writes bench/results/startup.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { appFileOf } from '../../build/bundle.js';
import { fetchNodeBinary } from '../../build/fetch-node.js';
import { pinnedGet } from '../../build/smoke/pinned-request.js';
import { runCli } from '../../build/smoke/run-cli.js';
import { startServing } from '../../build/smoke/serve-process.js';
import { executableName, loadTargets } from '../../build/targets.js';
import { VERSION } from '../../src/version.js';
import { median } from '../median.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, out: { type: 'string', default: path.join(root, 'build', 'out') } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 5) throw new Error('--runs must be an integer >= 5');
const outDir = path.resolve(values.out);

const targets = loadTargets(path.join(root, 'dist-config', 'targets'));
const linux = targets.find((t) => t.id === 'linux-x64')!;
const exe = path.join(outDir, executableName(linux, VERSION));
const bundle = path.join(outDir, 'bundle', 'distill.cjs');

const round = (x: number): number => Math.round(x * 10) / 10;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The CPU time (user + system, ms) a process has used so far, from /proc (Linux; 10 ms ticks). */
function cpuSoFar(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return undefined;
  }
}

/**
 * The CPU time (user + system, ms) of one run to its exit, from bash's `time` (getrusage of the child: µs
 * resolution). Why CPU as well as wall time: on a machine shared with other jobs the wall time mostly measures the
 * queue for a core; the CPU time is what the start costs, and on an idle machine the wall time follows it.
 */
function cpuOfRun(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const run = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S"; time "$0" "$@" >/dev/null 2>&1', command, ...args], { env, cwd: os.tmpdir(), encoding: 'utf8' });
  const [user, system] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return (user! + system!) * 1000;
}

/** Spawn → first /v1/health 200 over TLS with the fingerprint pinned (and the server's CPU time by then); then SIGTERM. */
async function timeToHealth(command: string, args: string[], env: NodeJS.ProcessEnv, fingerprint: string): Promise<{ ms: number; cpuMs: number | undefined }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, [...args, 'serve', '--port', String(port), '--log-level', 'warn'], { env, cwd: os.tmpdir(), stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (performance.now() - started > 30_000) throw new Error(`${command}: no health within 30 s`);
      try {
        const res = await pinnedGet(`https://127.0.0.1:${port}/v1/health`, fingerprint, { timeoutMs: 2_000 });
        if (res.status === 200) return { ms: performance.now() - started, cpuMs: cpuSoFar(child.pid) };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

interface Variant {
  readonly name: 'executable' | 'node+bundle' | 'node+app (whole bundle as main script)';
  readonly command: string;
  readonly prefix: string[];
}

async function main(): Promise<void> {
  const node = (await fetchNodeBinary(linux.node, path.join(root, 'build', '.cache'))).binary;
  const variants: Variant[] = [
    { name: 'executable', command: exe, prefix: [] },
    { name: 'node+bundle', command: node, prefix: [bundle] },
    // The baseline of the launcher: the application bundle run directly as the main script (what the executables
    // did before src/bin/launcher.ts), parsed whole at every start.
    { name: 'node+app (whole bundle as main script)', command: node, prefix: [appFileOf(bundle)] },
  ];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-bench-'));
  const home = path.join(tmp, 'home');
  const env = (distillHome: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: tmp, DISTILL_HOME: distillHome });
  // Warm the shared home once: extracted assets, certificate and token (the executable and the bundle embed the
  // same assets, so they share the extraction).
  const warm = await startServing(exe, ['serve', '--port', '0'], { env: env(home), cwd: tmp });
  await warm.stop();
  const fingerprint = new X509Certificate(readFileSync(path.join(home, 'cert.pem'))).fingerprint256;

  type Samples = Record<string, Record<string, number[]>>;
  const samples: Samples = {};
  const add = (metric: string, variant: string, ms: number | undefined): void => {
    if (ms === undefined) throw new Error(`${metric} ${variant}: no measurement`);
    ((samples[metric] ??= {})[variant] ??= []).push(ms);
  };
  for (let i = 0; i < runs; i++) {
    for (const v of i % 2 === 0 ? variants : [...variants].reverse()) {
      const floor = await runCli(node, ['-e', '0'], { env: env(home), cwd: tmp });
      add('node -e 0 (floor): exit', v.name, floor.ms);
      const version = await runCli(v.command, [...v.prefix, 'version'], { env: env(home), cwd: tmp });
      add('version: first output', v.name, version.firstOutputMs);
      add('version: exit', v.name, version.ms);
      const run = await runCli(v.command, [...v.prefix, 'run', 'event-types', '--format', 'csv'], { env: env(home), cwd: tmp });
      if (run.code !== 0) throw new Error(run.stderr);
      add('run event-types csv: first output', v.name, run.firstOutputMs);
      add('run event-types csv: exit', v.name, run.ms);
      const fresh = path.join(tmp, `fresh-${v.name}-${i}`);
      const first = await runCli(v.command, [...v.prefix, 'run', 'event-types', '--format', 'csv'], { env: env(fresh), cwd: tmp });
      add('run event-types csv, fresh user dir (extracts assets): exit', v.name, first.ms);
      rmSync(fresh, { recursive: true, force: true });
      const health = await timeToHealth(v.command, v.prefix, env(home), fingerprint);
      add('serve: first /v1/health 200 over TLS', v.name, health.ms);
      add('CPU: node -e 0 (floor)', v.name, cpuOfRun(node, ['-e', '0'], env(home)));
      add('CPU: version', v.name, cpuOfRun(v.command, [...v.prefix, 'version'], env(home)));
      add('CPU: serve to first /v1/health 200', v.name, health.cpuMs);
    }
  }
  rmSync(tmp, { recursive: true, force: true });

  const results = Object.entries(samples).map(([metric, byVariant]) => {
    const medians = Object.fromEntries(Object.entries(byVariant).map(([v, xs]) => [v, round(median(xs))]));
    const ratio = (a: string, b: string): number | undefined => (medians[a] !== undefined && medians[b] !== undefined ? Math.round((medians[a] / medians[b]) * 100) / 100 : undefined);
    const ratios = {
      executableOverNode: ratio('executable', 'node+bundle'),
      launcherOverWholeBundle: ratio('node+bundle', 'node+app (whole bundle as main script)'),
    };
    return { metric, medianMs: medians, ...Object.fromEntries(Object.entries(ratios).filter(([, r]) => r !== undefined)), samplesMs: Object.fromEntries(Object.entries(byVariant).map(([v, xs]) => [v, xs.map(round)])) };
  });
  // The floor, all variants' samples together (one `node -e 0` before each variant's run).
  const floorMs = round(median(Object.values(samples['node -e 0 (floor): exit']!).flat()));
  const overFloor = Object.fromEntries(
    results.filter((r) => r.metric.startsWith('version') || r.metric.startsWith('serve')).map((r) => [r.metric, Object.fromEntries(Object.entries(r.medianMs).map(([v, ms]) => [v, Math.round((ms / floorMs) * 100) / 100]))]),
  );
  // The same in CPU time (see cpuOfRun), against the CPU time of `node -e 0`.
  const cpuFloorMs = round(median(Object.values(samples['CPU: node -e 0 (floor)']!).flat()));
  const cpuOverFloor = Object.fromEntries(
    results
      .filter((r) => r.metric === 'CPU: version' || r.metric === 'CPU: serve to first /v1/health 200')
      .map((r) => [r.metric, Object.fromEntries(Object.entries(r.medianMs).map(([v, ms]) => [v, { ratio: Math.round((ms / cpuFloorMs) * 100) / 100, plusMs: round(ms - cpuFloorMs) }]))]),
  );
  const sizes = [...targets.map((t) => path.join(outDir, executableName(t, VERSION))), bundle].map((file) => {
    const bytes = readFileSync(file);
    return { file: path.basename(file), bytes: statSync(file).size, gzipBytes: gzipSync(bytes, { level: 6 }).length, mb: round(bytes.length / 1e6), gzipMb: round(gzipSync(bytes, { level: 6 }).length / 1e6) };
  });
  const report = {
    benchmark: 'startup: single-file executable vs node running the same bundle (same Node version)',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGB: Math.round(os.totalmem() / 1e9) },
    node: linux.node.version,
    runs,
    command: 'npx tsx bench/startup/startup.ts --runs ' + runs,
    floorMs,
    overFloor,
    cpuFloorMs,
    cpuOverFloor,
    load: `${os.loadavg().map((x) => round(x)).join(' ')} (1/5/15 min load average at the end; ${os.cpus().length} cores)`,
    results,
    sizes,
  };
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'results', 'startup.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const r of results) process.stdout.write(`${r.metric.padEnd(62)} ${JSON.stringify(r.medianMs)}\n`);
  process.stdout.write(`floor (node -e 0): ${floorMs} ms; over the floor: ${JSON.stringify(overFloor)}\n`);
  process.stdout.write(`CPU floor (node -e 0): ${cpuFloorMs} ms; over it: ${JSON.stringify(cpuOverFloor)}\n`);
  for (const s of sizes) process.stdout.write(`${s.file.padEnd(30)} ${s.mb} MB raw, ${s.gzipMb} MB gzipped\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
