/**
 * REST server benchmark: requests per second, p50/p99 latency and the server's CPU time per request at 1, 16 and 64
 * concurrent keep-alive TLS clients for GET /v1/health, a small named pipeline (`small-types`: count-by type over a
 * 50-event file, POST /v1/pipelines/small-types/run, with the answer cache on and, on a second app, off) and count-by
 * type over the whole bundled sample (2 MB), each as a
 * ratio against a bare Koa HTTPS hello-world measured in the same run; then a soak of the sample pipeline with the
 * server's RSS and heap sampled every second.
 *
 * The machine this runs on is usually shared, so the targets are measured in ROUNDS interleaved rounds (the order
 * reversed every other round) and the medians are compared; the server's CPU time per request (process.cpuUsage in
 * the server process) is the steadier measure when other jobs steal cycles.
 *
 *   npx tsx bench/server/server-bench.ts            # 3 rounds × 5 s per cell, 60 s soak → bench/results/server.json
 *   BENCH_SECONDS=2 BENCH_ROUNDS=5 BENCH_SOAK_SECONDS=10 npx tsx bench/server/server-bench.ts
 *   BENCH_TARGETS=health,small BENCH_SECONDS=2 BENCH_ROUNDS=1 npx tsx bench/server/server-bench.ts   # a quick look
 *
 * The servers run in a child process; this process only generates load (node:https, one keep-alive agent with as
 * many sockets as clients). Traffic stays on 127.0.0.1. Loops are bounded in time.
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { generateSelfSignedCertificate } from '../../src/server/tls/self-signed-certificate.js';
import { generateToken } from '../../src/server/token.js';

const here = import.meta.dirname;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = [1, 16, 64];
const PIPELINE = JSON.stringify({ steps: [{ op: 'count-by', by: 'type' }] });

interface Target {
  readonly name: string;
  readonly port: number;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

interface Cell {
  readonly target: string;
  readonly concurrency: number;
  /** Over all rounds. */
  readonly requests: number;
  readonly errors: number;
  /** Median over the rounds. */
  readonly rps: number;
  readonly rpsRounds: readonly number[];
  /** Over all rounds' latencies. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU time (user + system) per answered request, median over the rounds. */
  readonly serverCpuUsPerRequest: number;
}

const { certPem, keyPem } = generateSelfSignedCertificate();
const token = generateToken();
const child = fork(path.join(here, 'bench-server.ts'), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_CERT: certPem, BENCH_KEY: keyPem, BENCH_TOKEN: token },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ready = await new Promise<{ distill: number; uncached: number; baseline: number; sample: string }>((resolve) => {
  child.on('message', (m: { type: string; distill: number; uncached: number; baseline: number; sample: string }) => {
    if (m.type === 'ready') resolve(m);
  });
});

function serverCpu(): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { type: string; micros: number }): void => {
      if (m.type !== 'cpu') return;
      child.off('message', on);
      resolve(m.micros);
    };
    child.on('message', on);
    child.send({ type: 'cpu' });
  });
}

function memory(): Promise<{ rss: number; heapUsed: number; external: number }> {
  return new Promise((resolve) => {
    const on = (m: { type: string; rss: number; heapUsed: number; external: number }): void => {
      if (m.type !== 'memory') return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send({ type: 'memory' });
  });
}

/** Drive `concurrency` closed-loop clients for `seconds`; latencies in ms. */
async function load(target: Target, concurrency: number, seconds: number, onSecond?: () => void): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
  const agent = new https.Agent({ ca: certPem, keepAlive: true, maxSockets: concurrency });
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (target.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(target.body));
  }
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = https.request({ host: '127.0.0.1', port: target.port, method: target.method, path: target.path, headers, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(target.body);
    });
  const ticker = onSecond === undefined ? undefined : setInterval(onSecond, 1000);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  if (ticker !== undefined) clearInterval(ticker);
  agent.destroy();
  return { latencies, errors, elapsed: (performance.now() - started) / 1000 };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = (sorted.length - 1) * q; // linear interpolation (numpy's default)
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

const allTargets: (Target & { key: string })[] = [
  { key: 'baseline', name: 'baseline: bare Koa hello-world', port: ready.baseline, method: 'GET', path: '/' },
  { key: 'health', name: 'GET /v1/health', port: ready.distill, method: 'GET', path: '/v1/health' },
  { key: 'small', name: 'POST /v1/pipelines/small-types/run (named, count-by type, 50 events; answer cache on)', port: ready.distill, method: 'POST', path: '/v1/pipelines/small-types/run' },
  { key: 'small-nocache', name: 'POST /v1/pipelines/small-types/run (same, answer cache off: the default)', port: ready.uncached, method: 'POST', path: '/v1/pipelines/small-types/run' },
  { key: 'sample', name: 'POST /v1/pipelines/run (count-by type, whole sample)', port: ready.distill, method: 'POST', path: '/v1/pipelines/run', body: PIPELINE },
];
// BENCH_TARGETS=health,small measures only those (and the baseline), for quick checks; the soak needs `sample`.
const only = process.env.BENCH_TARGETS?.split(',');
const targets = allTargets.filter((t) => only === undefined || t.key === 'baseline' || only.includes(t.key));

const median = (xs: readonly number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);
const cells: Cell[] = [];
for (const concurrency of CONCURRENCY) {
  const runs = new Map<string, { rps: number[]; latencies: number[]; errors: number; cpu: number[] }>(targets.map((t) => [t.name, { rps: [], latencies: [], errors: 0, cpu: [] }]));
  for (const target of targets) await load(target, concurrency, Math.min(1, SECONDS)); // warm-up: connections, JIT
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
      const cpu0 = await serverCpu();
      const { latencies, errors, elapsed } = await load(target, concurrency, SECONDS);
      const cpu = (await serverCpu()) - cpu0;
      const r = runs.get(target.name)!;
      r.rps.push(latencies.length / elapsed);
      r.latencies.push(...latencies);
      r.errors += errors;
      r.cpu.push(latencies.length === 0 ? Number.NaN : cpu / latencies.length);
    }
  }
  for (const target of targets) {
    const r = runs.get(target.name)!;
    r.latencies.sort((a, b) => a - b);
    cells.push({
      target: target.name,
      concurrency,
      requests: r.latencies.length,
      errors: r.errors,
      rps: round(median(r.rps), 1),
      rpsRounds: r.rps.map((x) => round(x, 1)),
      p50Ms: round(quantile(r.latencies, 0.5), 3),
      p99Ms: round(quantile(r.latencies, 0.99), 3),
      serverCpuUsPerRequest: round(median(r.cpu), 1),
    });
  }
}

const ratios = cells
  .filter((c) => !c.target.startsWith('baseline'))
  .map((c) => {
    const base = cells.find((b) => b.target.startsWith('baseline') && b.concurrency === c.concurrency)!;
    return {
      target: c.target,
      concurrency: c.concurrency,
      rpsVsBaseline: round(c.rps / base.rps, 3),
      p50VsBaseline: round(c.p50Ms / base.p50Ms, 2),
      p99VsBaseline: round(c.p99Ms / base.p99Ms, 2),
      serverCpuVsBaseline: round(c.serverCpuUsPerRequest / base.serverCpuUsPerRequest, 2),
    };
  });

// Soak: the pipeline route under 16 clients; server memory every second.
const samples: { t: number; rssMb: number; heapMb: number }[] = [];
const soakStart = performance.now();
const sample = async (): Promise<void> => {
  const m = await memory();
  samples.push({ t: round((performance.now() - soakStart) / 1000, 1), rssMb: round(m.rss / 2 ** 20), heapMb: round(m.heapUsed / 2 ** 20) });
};
await sample();
const soakTarget = allTargets.find((t) => t.key === 'sample')!;
const soak = await load(soakTarget, 16, only === undefined || only.includes('sample') ? SOAK_SECONDS : 0, () => void sample());
await sample();
const slope = (key: 'rssMb' | 'heapMb', from: number): number => {
  const pts = samples.filter((s) => s.t >= from);
  const n = pts.length;
  const mx = pts.reduce((a, p) => a + p.t, 0) / n;
  const my = pts.reduce((a, p) => a + p[key], 0) / n;
  const sxy = pts.reduce((a, p) => a + (p.t - mx) * (p[key] - my), 0);
  const sxx = pts.reduce((a, p) => a + (p.t - mx) ** 2, 0);
  return round((sxy / sxx) * 60, 3); // MB per minute
};
const warm = Math.min(10, SOAK_SECONDS / 4);
const after = samples.filter((s) => s.t >= warm);
const soakSummary = {
  seconds: SOAK_SECONDS,
  concurrency: 16,
  requests: soak.latencies.length,
  errors: soak.errors,
  rps: round(soak.latencies.length / soak.elapsed, 1),
  rssMb: { start: samples[0]!.rssMb, afterWarmup: after[0]?.rssMb, end: samples.at(-1)!.rssMb, max: Math.max(...samples.map((s) => s.rssMb)), slopeMbPerMinAfterWarmup: slope('rssMb', warm) },
  heapMb: { start: samples[0]!.heapMb, afterWarmup: after[0]?.heapMb, end: samples.at(-1)!.heapMb, max: Math.max(...samples.map((s) => s.heapMb)), slopeMbPerMinAfterWarmup: slope('heapMb', warm) },
  samples,
};

child.send({ type: 'stop' });
const result = {
  benchmark: 'server',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform },
  settings: {
    secondsPerCell: SECONDS,
    rounds: ROUNDS,
    concurrency: CONCURRENCY,
    tls: 'TLS 1.3 (node default), ECDSA P-256 self-signed',
    sample: ready.sample,
    pipeline: JSON.parse(PIPELINE),
    namedPipeline: { 'small-types': { source: 'small (the first 50 events of the sample)', steps: [{ op: 'count-by', by: 'type' }] } },
    answerCache: 'opt-in server.answerCacheBytes: 16 MiB for the Distill targets; a second app with the default 0 (off) for the small-nocache row',
    maxConcurrentRuns: 128,
    accessLog: 'JSON lines, batched per event-loop turn as distill serve does, written synchronously to /dev/null (as stderr redirected to a file)',
    load: `${os.loadavg().map((x) => round(x, 1)).join(' ')} (1/5/15 min load average at the end; ${os.cpus().length} cores)`,
  },
  cells,
  ratios,
  soak: soakSummary,
};
await mkdir(path.join(here, '..', 'results'), { recursive: true });
if (only === undefined) await writeFile(path.join(here, '..', 'results', 'server.json'), `${JSON.stringify(result, null, 2)}\n`);

const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log(`\n${'target'.padEnd(72)} ${pad('clients', 7)} ${pad('rps', 9)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} ${pad('cpu µs', 8)} ${pad('rps×base', 9)} ${pad('cpu×base', 9)} ${pad('errors', 6)}`);
for (const c of cells) {
  const r = ratios.find((x) => x.target === c.target && x.concurrency === c.concurrency);
  console.log(
    `${c.target.padEnd(72)} ${pad(c.concurrency, 7)} ${pad(c.rps, 9)} ${pad(c.p50Ms, 8)} ${pad(c.p99Ms, 8)} ${pad(c.serverCpuUsPerRequest, 8)} ${pad(r === undefined ? '1' : r.rpsVsBaseline, 9)} ${pad(r === undefined ? '1' : r.serverCpuVsBaseline, 9)} ${pad(c.errors, 6)}`,
  );
}
console.log(
  `\nsoak ${SOAK_SECONDS} s, 16 clients, pipeline route: ${soakSummary.rps} rps, ${soakSummary.errors} errors; ` +
    `RSS MB start ${soakSummary.rssMb.start} → end ${soakSummary.rssMb.end} (max ${soakSummary.rssMb.max}, slope after warm-up ${soakSummary.rssMb.slopeMbPerMinAfterWarmup} MB/min); ` +
    `heap MB start ${soakSummary.heapMb.start} → end ${soakSummary.heapMb.end} (max ${soakSummary.heapMb.max}, slope ${soakSummary.heapMb.slopeMbPerMinAfterWarmup} MB/min)`,
);
console.log(only === undefined ? 'results: bench/results/server.json' : 'partial run (BENCH_TARGETS): no result file written');
