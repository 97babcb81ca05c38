/**
 * The CPU cost of Distill's middleware stack per request, isolated from TLS and from other jobs on the machine:
 * Distill's app and a bare Koa hello-world each behind plain HTTP in this process, driven by 16 keep-alive clients
 * in this process too, in interleaved rounds; the CPU time of the process (client + server) per request, median of
 * the rounds. Both sides do the same client work, so the difference is what Distill's server side adds.
 *
 *   npx tsx bench/server/middleware-cpu.ts                                 # GET /v1/health
 *   npx tsx bench/server/middleware-cpu.ts POST /v1/pipelines/<name>/run   # a named pipeline (config: DISTILL_CONFIG)
 *
 * Prints one line; no result file (bench/server/server-bench.ts records the HTTPS comparison). With
 * `BENCH_PROFILE=<file.cpuprofile>` the Distill rounds after the first are also CPU-profiled (100 µs sampling, warm
 * code only) into that file.
 */
import { openSync, writeFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import http from 'node:http';
import Koa from 'koa';
import { openDistill } from '../../src/distill.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { driveClients } from './plain-clients.js';

const TOKEN = 'x'.repeat(43);
const nullFd = openSync('/dev/null', 'w'); // the access log as stderr redirected to /dev/null (synchronous writes)
const ROUNDS = 7;
const N = Number(process.env.BENCH_REQUESTS ?? 3000);
const [method = 'GET', target = '/v1/health'] = process.argv.slice(2);

const distill = await openDistill(process.env.DISTILL_CONFIG === undefined ? {} : { config: process.env.DISTILL_CONFIG });
const app = createApp({ distill, token: TOKEN, logger: createLogger({ write: (text: string) => writeSync(nullFd, text) }, { batch: true }), limits: { maxConcurrentRuns: 64 } });
const bare = new Koa();
bare.use(async (ctx) => {
  ctx.body = { hello: 'world' };
});
const serve = (listener: http.RequestListener): Promise<http.Server> =>
  new Promise((resolve) => {
    const server = http.createServer(listener);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const servers = { bare: await serve(bare.callback()), distill: await serve(app.callback() as http.RequestListener) };
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

async function round(which: 'bare' | 'distill'): Promise<number> {
  const port = (servers[which].address() as { port: number }).port;
  const started = process.cpuUsage();
  await driveClients({ agent, port, method: which === 'bare' ? 'GET' : method, path: which === 'bare' ? '/' : target, token: TOKEN, n: N });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / N;
}

const samples = { bare: [] as number[], distill: [] as number[] };
const profileFile = process.env.BENCH_PROFILE;
const session = profileFile === undefined ? undefined : new Session();
if (session !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
}
for (let i = 0; i < ROUNDS; i++) {
  for (const which of i % 2 === 0 ? (['bare', 'distill'] as const) : (['distill', 'bare'] as const)) {
    const profiling = session !== undefined && which === 'distill' && i > 0;
    if (profiling) await session.post('Profiler.start');
    samples[which].push(await round(which));
    if (profiling) {
      const { profile } = await session.post('Profiler.stop');
      // One file, the last profiled round (earlier ones are overwritten): warm code only.
      writeFileSync(profileFile!, JSON.stringify(profile));
    }
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [b, d] = [median(samples.bare), median(samples.distill)];
console.log(`${method} ${target}: CPU µs per request (client + server, plain HTTP, median of ${ROUNDS}×${N}): bare Koa ${b.toFixed(1)}, Distill ${d.toFixed(1)}, Distill adds ${(d - b).toFixed(1)}`);
agent.destroy();
process.exit(0);
