/**
 * The servers under load, in their own process (so the load generator does not steal their CPU): Distill's app
 * over the bundled sample and, on another port, a bare Koa HTTPS hello-world with the same certificate and TLS
 * settings — the baseline. Reports its ports over IPC and answers memory probes.
 */
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { defaultConfigPath } from '../../src/config/assets.js';
import { openDistill } from '../../src/distill.js';
import { createApp } from '../../src/server/app.js';
import { listen } from '../../src/server/listen.js';
import { createLogger } from '../../src/server/logger.js';
import { TLS_SETTINGS } from '../../src/server/tls/tls-settings.js';

const cert = process.env.BENCH_CERT!;
const key = process.env.BENCH_KEY!;
const token = process.env.BENCH_TOKEN!;

// The bundled sample (2 MB) and a small file (its first 50 events) with a named pipeline over it: the "small named
// pipeline" of the comparison. Runs are allowed up to twice the largest client count (server.maxConcurrentRuns, default
// 4, would answer the rest 503 busy: a deployment choice, not a cost). Twice: a keep-alive client's next request can
// reach the server before the last write of its previous, streamed response has completed and freed its slot.
const sampleConfig = defaultConfigPath();
const sampleFile = path.join(path.dirname(sampleConfig), 'sample', 'userale-sample.ndjson');
const dir = mkdtempSync(path.join(os.tmpdir(), 'distill-bench-server-'));
writeFileSync(path.join(dir, 'small.ndjson'), `${readFileSync(sampleFile, 'utf8').split('\n').slice(0, 50).join('\n')}\n`);
const distill = await openDistill({
  cwd: dir,
  config: {
    defaultSource: 'sample',
    sources: { sample: { kind: 'files', paths: sampleFile, schema: 'userale' }, small: { kind: 'files', paths: path.join(dir, 'small.ndjson'), schema: 'userale' } },
    pipelines: { 'small-types': { description: 'Events per type over 50 events', source: 'small', steps: [{ op: 'count-by', by: 'type' }] } },
  },
});
// The access log is written as in production (one JSON line per request, batched per event-loop turn as `distill serve`
// does) to what `serve` writes it to, standard error — here as if redirected to /dev/null (`2>/dev/null`): a file, so
// Node writes synchronously. (A createWriteStream sink would instead send every write through the thread pool.)
const nullFd = openSync('/dev/null', 'w');
const accessLogSink = { write: (text: string) => writeSync(nullFd, text) };
// The answer cache is opt-in (server.answerCacheBytes, default 0); this app turns it on with 16 MiB.
const app = createApp({ distill, token, logger: createLogger(accessLogSink, { batch: true }), limits: { maxConcurrentRuns: 128, answerCacheBytes: 16 * 2 ** 20 } });
const running = await listen(app, { host: '127.0.0.1', port: 0, cert, key });
// The same app with the answer cache off (server.answerCacheBytes: 0, the default): the uncached cost of the named pipeline.
const uncachedApp = createApp({ distill, token, logger: createLogger(accessLogSink, { batch: true }), limits: { maxConcurrentRuns: 128, answerCacheBytes: 0 } });
const uncached = await listen(uncachedApp, { host: '127.0.0.1', port: 0, cert, key });

const bare = new Koa();
bare.use(async (ctx) => {
  ctx.body = { hello: 'world' };
});
const baseline = https.createServer({ cert, key, ...TLS_SETTINGS }, bare.callback());
await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));

process.on('message', (message: { type: string }) => {
  if (message.type === 'cpu') {
    const c = process.cpuUsage();
    process.send!({ type: 'cpu', micros: c.user + c.system });
  } else if (message.type === 'memory') {
    const m = process.memoryUsage();
    process.send!({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed, external: m.external });
  } else if (message.type === 'stop') {
    void Promise.all([running.close(), uncached.close()]).then(() => {
      baseline.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
process.send!({ type: 'ready', distill: running.port, uncached: uncached.port, baseline: (baseline.address() as AddressInfo).port, sample: sampleFile });
