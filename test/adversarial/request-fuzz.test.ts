/**
 * Request fuzzer: a seeded stream of adversarial requests over real pinned TLS against a real server, across every
 * operation of its own /openapi.json (see request-generator.ts). Asserts, for the whole run:
 * - no response with a status ≥ 500 (the server is configured with more run slots than the fuzzer's concurrency,
 *   so 503 `busy` cannot occur; it is tested in test/server/hardening.test.ts);
 * - every error (≥ 400) is a problem document (`application/problem+json`), raw parser rejections included;
 * - no request takes 10 s or more;
 * - GET /v1/health, polled throughout on its own connection, always answers within 1 s on a machine that is not
 *   oversubscribed; when the 1-minute load average exceeds the CPU count at the start of the run (other processes
 *   competing for the cores, e.g. several test suites at once), the bound grows in proportion (load ÷ CPUs), so the
 *   check measures the server, not the scheduler;
 * - the memory the process retains (JS heap in use plus external memory such as buffers, after full garbage
 *   collections) grows by at most RETAINED_BOUND_MB over the run and by at most SECOND_HALF_BOUND_MB over its second
 *   half, after the first half has warmed up JIT code and filled bounded caches: 10,000 requests leaving 300 bytes
 *   each behind would exceed it. RSS before/after/peak is reported but not bounded: after a burst it includes heap pages V8
 *   keeps for reuse and allocator fragmentation, which vary with how the tests around it load the machine, not leaks.
 *
 * DISTILL_FUZZ_REQUESTS (default 20,000), DISTILL_FUZZ_SEED (default 14), DISTILL_FUZZ_CONCURRENCY (default 4).
 * The figures (status distribution, p99, maximum event-loop stall, RSS before/after/peak) are printed as `# ` lines
 * and, with DISTILL_FUZZ_REPORT=file, written there as JSON.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import tls from 'node:tls';
import v8 from 'node:v8';
import vm from 'node:vm';
import { TOKEN, startTestServer, type TestServer } from '../server/helpers/test-server.js';
import { createRequestGenerator, operationsOf, type FuzzRequest } from './request-generator.js';
import { seededRandom } from './seeded-random.js';

const REQUESTS = Number(process.env.DISTILL_FUZZ_REQUESTS ?? 20_000);
const SEED = Number(process.env.DISTILL_FUZZ_SEED ?? 14);
const CONCURRENCY = Number(process.env.DISTILL_FUZZ_CONCURRENCY ?? 4);
const SLOW_MS = 10_000;
const HEALTH_MS = 1_000;
/** HEALTH_MS scaled by how oversubscribed the machine is right now (≥ 1; exactly 1 on an idle CI machine). */
const healthBoundMs = (): number => Math.round(HEALTH_MS * Math.max(1, os.loadavg()[0]! / Math.max(1, os.availableParallelism())));
/** Stated bound: the memory retained after the run (heap used + external) may exceed that before it by at most this. */
const RETAINED_BOUND_MB = 16;
/** Stated bound: over the second half of the requests (after the first half warmed up), retained memory may grow by this. */
const SECOND_HALF_BOUND_MB = 3;

let s: TestServer;
before(async () => {
  s = await startTestServer({
    limits: { maxConcurrentRuns: CONCURRENCY * 2 + 2 },
    keepLogs: false,
    config: () => ({ sources: { sample: { kind: 'files', paths: path.resolve(import.meta.dirname, '../../dist-config/sample/userale-sample.ndjson') } } }),
  });
});
after(() => s.close());

interface Outcome {
  readonly status: number;
  readonly ms: number;
  readonly contentType: string;
  readonly error?: string;
}

function send(agent: https.Agent, r: FuzzRequest): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, contentType: string, error?: string): void =>
      resolve({ status, contentType, ms: performance.now() - started, ...(error === undefined ? {} : { error }) });
    if (r.raw !== undefined) {
      const raw = r.raw;
      const socket = tls.connect({ host: '127.0.0.1', port: s.running.port, ca: s.certPem, servername: 'localhost' }, () => socket.end(raw));
      let text = '';
      socket.setTimeout(SLOW_MS * 2, () => socket.destroy(new Error('timeout')));
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      socket.on('close', () => {
        const m = /^HTTP\/1\.1 (\d{3}) /.exec(text);
        const type = /\r\ncontent-type: ([^\r]*)/i.exec(text)?.[1] ?? '';
        done(m === null ? 0 : Number(m[1]), type, m === null ? `no status line: ${JSON.stringify(text.slice(0, 80))}` : undefined);
      });
      socket.on('error', () => {});
      return;
    }
    const req = https.request(`${s.url}${r.path}`, { method: r.method, headers: r.headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => done(res.statusCode ?? 0, String(res.headers['content-type'] ?? '')));
      res.on('error', (e) => done(res.statusCode ?? 0, String(res.headers['content-type'] ?? ''), `response: ${e.message}`));
    });
    req.setTimeout(SLOW_MS * 2, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => done(0, '', `request: ${e.message}`));
    req.end(r.body);
  });
}

function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Bytes the process retains after full collections (finalizers given a turn in between): heap in use + external. */
async function retained(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

test(`${REQUESTS} fuzzed requests over TLS: no 5xx, problem documents only, none ≥ 10 s, health within 1 s, retained memory bounded`, { timeout: 30 * 60_000 }, async () => {
  const openapi = (await s.request('/openapi.json')).json();
  const operators = ((await s.request('/v1/operators')).json().operators as { name: string }[]).map((o) => o.name);
  const first = await s.request('/v1/query?limit=1', { body: { query: {} } });
  const generate = createRequestGenerator(seededRandom(SEED), operationsOf(openapi), {
    token: TOKEN,
    operators,
    pipelines: ['types', 'broken'],
    sources: ['logs', 'sample', 'missing'],
    cursor: first.json().page.next as string,
  });
  const agent = new https.Agent({ ca: s.certPem, keepAlive: true, maxSockets: CONCURRENCY });
  // Warm up (JIT, first reads) before the baseline.
  for (let i = 0; i < 50; i++) await send(agent, generate());
  const retainedBefore = await retained();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const healthAgent = new https.Agent({ ca: s.certPem, keepAlive: true, maxSockets: 1 });
  const health: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const o = await send(healthAgent, { method: 'GET', path: '/v1/health', headers: {}, label: 'health' });
      assert.equal(o.status, 200, `health answered ${o.status} ${o.error ?? ''}`);
      health.push(o.ms);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  const statuses = new Map<number, number>();
  const durations: number[] = [];
  const failures: string[] = [];
  let sent = 0;
  const healthBound = healthBoundMs();
  const started = performance.now();
  const sendUntil = (limit: number): Promise<unknown> =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < limit) {
          sent++;
          const r = generate();
          const o = await send(agent, r);
          statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
          durations.push(o.ms);
          const where = `${r.method} ${r.label} ${r.path.slice(0, 120)}`;
          if (process.env.DISTILL_FUZZ_DUMP !== undefined && (o.ms > 900 || o.status >= 500 || o.status === 0 || (o.status >= 400 && !o.contentType.startsWith('application/problem+json')))) {
            appendFileSync(process.env.DISTILL_FUZZ_DUMP, `${JSON.stringify({ ...o, request: { ...r, body: r.body === undefined ? undefined : r.body.toString().slice(0, 3000) } })}\n`);
          }
          if (o.status >= 500 || o.status === 0) failures.push(`${o.status} ${where} ${o.error ?? ''}`);
          else if (o.status >= 400 && !o.contentType.startsWith('application/problem+json')) failures.push(`${o.status} without a problem document (${o.contentType}): ${where}`);
          if (o.ms >= SLOW_MS) failures.push(`${Math.round(o.ms)} ms: ${where}`);
        }
      }),
    );
  // Two halves, memory measured between them and after: the first half also warms up (JIT code, caches filling up to
  // their bounds), the second must leave nothing behind. 10,000 requests keeping 300 bytes each would show.
  await sendUntil(Math.floor(REQUESTS / 2));
  const retainedHalf = await retained();
  await sendUntil(REQUESTS);
  const retainedEnd = await retained();
  const seconds = (performance.now() - started) / 1000;
  polling = false;
  await poller;
  loop.disable();
  agent.destroy();
  healthAgent.destroy();
  await new Promise((r) => setTimeout(r, 500));
  const retainedAfter = await retained();
  const rssAfter = process.memoryUsage().rss;

  durations.sort((a, b) => a - b);
  const p = (q: number): number => Math.round(durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]! * 10) / 10;
  const report = {
    requests: durations.length,
    seconds: Math.round(seconds),
    concurrency: CONCURRENCY,
    seed: SEED,
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    latencyMs: { p50: p(0.5), p99: p(0.99), max: p(1) },
    healthMs: { polls: health.length, max: Math.round(Math.max(...health)), bound: healthBound },
    eventLoopStallMs: { max: Math.round(loop.max / 1e6), p99: Math.round(loop.percentile(99) / 1e6) },
    retainedMb: { before: mb(retainedBefore), half: mb(retainedHalf), end: mb(retainedEnd), after: mb(retainedAfter), bound: RETAINED_BOUND_MB, secondHalfBound: SECOND_HALF_BOUND_MB },
    rssMb: { before: mb(rssBefore), peak: mb(rssPeak), after: mb(rssAfter) },
  };
  console.log(`# request fuzz: ${JSON.stringify(report)}`);
  if (process.env.DISTILL_FUZZ_REPORT !== undefined) writeFileSync(process.env.DISTILL_FUZZ_REPORT, `${JSON.stringify(report, null, 2)}\n`);

  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
  assert.equal(durations.length, REQUESTS);
  assert.ok(report.healthMs.max < healthBound, `health took ${report.healthMs.max} ms (bound ${healthBound} ms)`);
  assert.ok(mb(retainedAfter - retainedBefore) <= RETAINED_BOUND_MB, `retained memory grew by ${mb(retainedAfter - retainedBefore)} MB (heap used + external)`);
  assert.ok((retainedEnd - retainedHalf) / 1048576 <= SECOND_HALF_BOUND_MB, `retained memory grew by ${((retainedEnd - retainedHalf) / 1048576).toFixed(1)} MB over the second half of the requests`);
});
