/**
 * Where a small named pipeline's CPU goes, in one process and one run (plain HTTP, 16 keep-alive clients, interleaved
 * rounds, medians): bare Koa, GET /v1/health, the named pipeline with the opt-in answer cache (a hit: no run), the
 * named pipeline uncached (the default), and its run alone without HTTP (sequential and 16 at once). The difference
 * uncached − cache hit is what the run costs inside the server; compare it with the run alone.
 *
 *   npx tsx bench/server/named-pipeline-cpu.ts <config.json>   # a config with a named pipeline `small-types`
 *
 * CPU µs per operation (client + server for the HTTP rows). Prints a table; no result file.
 */
import { openSync, writeSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { openDistill } from '../../src/distill.js';
import { writeOutput } from '../../src/core/output/write-output.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { driveClients } from './plain-clients.js';

const TOKEN = 'x'.repeat(43);
const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const ROUNDS = 7;
const nullFd = openSync('/dev/null', 'w'); // the access log as stderr redirected to /dev/null
const distill = await openDistill({ config: process.argv[2] ?? process.env.DISTILL_CONFIG });
const appWith = (answerCacheBytes: number) =>
  createApp({ distill, token: TOKEN, logger: createLogger({ write: (t: string) => writeSync(nullFd, t) }, { batch: true }), limits: { maxConcurrentRuns: 64, answerCacheBytes } });
const bare = new Koa();
bare.use(async (ctx) => {
  ctx.body = { hello: 'world' };
});
const serve = (listener: http.RequestListener): Promise<number> =>
  new Promise((resolve) => {
    const server = http.createServer(listener);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
const ports = { bare: await serve(bare.callback()), uncached: await serve(appWith(0).callback() as http.RequestListener), cached: await serve(appWith(1 << 20).callback() as http.RequestListener) };
// Idle sockets are dropped after 2 s, before the servers' 5 s keep-alive timeout (reusing one they close resets it).
const agent = new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 2000 });
const parsed = distill.validatePipeline('small-types');

function clients(port: number, method: string, path: string): Promise<void> {
  return driveClients({ agent, port, method, path, token: TOKEN, n: N });
}
async function run(): Promise<void> {
  for await (const _ of writeOutput(distill.startParsed(parsed, { signal: new AbortController().signal }), 'json'));
}
const targets: Record<string, () => Promise<unknown>> = {
  'bare Koa': () => clients(ports.bare, 'GET', '/'),
  'GET /v1/health': () => clients(ports.uncached, 'GET', '/v1/health'),
  'named, answer cache hit': () => clients(ports.cached, 'POST', '/v1/pipelines/small-types/run'),
  'named, uncached (default)': () => clients(ports.uncached, 'POST', '/v1/pipelines/small-types/run'),
  'run alone, no HTTP': async () => {
    for (let i = 0; i < N; i++) await run();
  },
  'run alone, 16 at once': async () => {
    let left = N;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (left-- > 0) await run();
    }));
  },
};
const samples = new Map<string, number[]>(Object.keys(targets).map((k) => [k, []]));
for (const k in targets) await targets[k]!(); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const k of r % 2 === 0 ? Object.keys(targets) : Object.keys(targets).reverse()) {
    const started = process.cpuUsage();
    await targets[k]!();
    const used = process.cpuUsage(started);
    samples.get(k)!.push((used.user + used.system) / N);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [k, xs] of samples) console.log(`${k.padEnd(28)} ${median(xs).toFixed(1).padStart(7)} µs CPU per operation (median of ${ROUNDS}×${N})`);
agent.destroy();
process.exit(0);
