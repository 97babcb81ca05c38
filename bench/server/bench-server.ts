/**
 * The servers under load, in their own process (so the load generator does not steal their CPU): Distill's app
 * over the bundled sample and, on another port, a bare Koa HTTPS hello-world with the same certificate and TLS
 * settings — the baseline. Reports its ports over IPC and answers memory probes.
 */
import { createWriteStream } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { openDistill } from '../../src/distill.js';
import { createApp } from '../../src/server/app.js';
import { listen } from '../../src/server/listen.js';
import { createLogger } from '../../src/server/logger.js';
import { TLS_SETTINGS } from '../../src/server/tls/tls-settings.js';

const cert = process.env.BENCH_CERT!;
const key = process.env.BENCH_KEY!;
const token = process.env.BENCH_TOKEN!;

const distill = await openDistill();
// The access log is written as in production (one JSON line per request), to /dev/null.
const app = createApp({ distill, token, logger: createLogger(createWriteStream('/dev/null')) });
const running = await listen(app, { host: '127.0.0.1', port: 0, cert, key });

const bare = new Koa();
bare.use(async (ctx) => {
  ctx.body = { hello: 'world' };
});
const baseline = https.createServer({ cert, key, ...TLS_SETTINGS }, bare.callback());
await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));

process.on('message', (message: { type: string }) => {
  if (message.type === 'memory') {
    const m = process.memoryUsage();
    process.send!({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed, external: m.external });
  } else if (message.type === 'stop') {
    void running.close().then(() => {
      baseline.close();
      process.exit(0);
    });
  }
});
process.send!({ type: 'ready', distill: running.port, baseline: (baseline.address() as AddressInfo).port, sample: distill.loaded.file });
