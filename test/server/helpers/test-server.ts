import https from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import { openDistill, type Distill } from '../../../src/distill.js';
import { createApp, type DistillApp } from '../../../src/server/app.js';
import { listen, type RunningServer } from '../../../src/server/listen.js';
import { createLogger } from '../../../src/server/logger.js';
import type { ServerLimits } from '../../../src/server/server-deps.js';
import { certificateFingerprint, spkiPin } from '../../../src/server/tls/fingerprint.js';
import { generateSelfSignedCertificate } from '../../../src/server/tls/self-signed-certificate.js';

export const TOKEN = 'test-token-0123456789-abcdefghijklmnop';

/** A UserALE raw log document, deterministic in `i`. */
export function useraleDoc(i: number): Record<string, unknown> {
  const types = ['click', 'focus', 'blur', 'input', 'load'];
  return {
    clientTime: 1_700_000_000_000 + i * 1000,
    microTime: 0.5,
    type: types[i % types.length],
    logType: 'raw',
    userId: i % 7 === 6 ? null : `u${(i % 3) + 1}`,
    sessionId: `s${i % 4}`,
    target: `button#b${i % 5}.btn primary`,
    path: [`button#b${i % 5}`, 'body'],
    pageUrl: `https://shop.example/p${i % 2}`,
    details: { clicks: i % 3 },
  };
}

/** Write `n` documents as NDJSON (plus one malformed line after the first when `malformed`). */
export async function writeNdjson(file: string, n: number, options: { malformed?: boolean } = {}): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify(useraleDoc(i)));
    if (i === 0 && options.malformed === true) lines.push('{not json');
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}

export interface TestServer {
  readonly url: string;
  readonly certPem: string;
  /** The server's private key (for a second test origin with the same pinned certificate). */
  readonly keyPem: string;
  readonly fingerprint: string;
  readonly spki: string;
  readonly app: DistillApp;
  readonly running: RunningServer;
  readonly distill: Distill;
  readonly dir: string;
  /** Access-log lines written so far, parsed. */
  logs(): Record<string, unknown>[];
  request(pathname: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  /** Raw body text (sent as is). */
  readonly raw?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Token to send; `null` sends none. Default: the right one. */
  readonly token?: string | null;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly trailers: Record<string, string | undefined>;
  readonly text: string;
  json<T = any>(): T;
}

export interface StartTestServerOptions {
  /** Extra config on top of the fixture's sources (`logs`: 50 documents with one malformed line). */
  readonly config?: (dir: string) => ConfigInput | Promise<ConfigInput>;
  readonly limits?: Partial<ServerLimits>;
  readonly cors?: readonly string[];
  readonly publicDocs?: boolean;
  /** The built documentation site to serve at /guide/. */
  readonly siteDir?: string;
  /** Folder of the built web app (default: none, so /app/ says it is not built). */
  readonly appDir?: string;
  /** The app's clock (epoch ms): uptime, and the answer cache's "racy" check. */
  readonly now?: () => number;
  /** Build the Distill (e.g. a spy subclass). */
  readonly distill?: (config: ConfigInput, dir: string) => Promise<Distill>;
  /** Keep the access-log lines for logs() (default true). Long runs measuring memory turn it off: the lines are still
   * written (formatted as the server formats them) but not kept, so they do not count as memory the server holds. */
  readonly keepLogs?: boolean;
}

/**
 * A real HTTPS Distill server on 127.0.0.1, port 0, with a freshly generated certificate that the test client
 * trusts explicitly (as its only CA), over fixture files in a temp directory.
 */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'distill-server-'));
  await writeNdjson(path.join(dir, 'logs.ndjson'), 50, { malformed: true });
  const base: ConfigInput = {
    defaultSource: 'logs',
    sources: {
      logs: { kind: 'files', paths: path.join(dir, 'logs.ndjson'), schema: 'userale', description: 'fixture' },
      missing: { kind: 'files', paths: path.join(dir, 'nope', '*.ndjson') },
    },
    pipelines: {
      types: { description: 'Events per type', steps: [{ op: 'count-by', by: 'type', sort: 'key' }] },
      broken: { steps: [{ op: 'count-by', by: 3 }] },
    },
  };
  const extra = options.config === undefined ? {} : await options.config(dir);
  const config: ConfigInput = {
    ...base,
    ...extra,
    sources: { ...base.sources, ...(extra.sources ?? {}) },
    pipelines: { ...base.pipelines, ...(extra.pipelines ?? {}) },
  };
  const distill = options.distill === undefined ? await openDistill({ config, cwd: dir }) : await options.distill(config, dir);
  const { certPem, keyPem } = generateSelfSignedCertificate();
  const lines: string[] = [];
  const app = createApp({
    distill,
    token: TOKEN,
    logger: createLogger({ write: (text: string) => (options.keepLogs === false ? undefined : lines.push(text)) }, { level: 'debug' }),
    cors: options.cors,
    limits: options.limits,
    publicDocs: options.publicDocs,
    siteDir: options.siteDir,
    appDir: options.appDir ?? path.join(dir, 'no-app'),
    now: options.now,
  });
  const running = await listen(app, { host: '127.0.0.1', port: 0, cert: certPem, key: keyPem, shutdownGraceMs: 2000 });
  // Idle sockets are dropped after 2 s, well before the server's 5 s keepAliveTimeout: reusing a socket the server
  // is closing resets the request (seen on a loaded machine).
  const agent = new https.Agent({ ca: certPem, keepAlive: true, maxSockets: 8, timeout: 2000 });
  const request = (pathname: string, o: RequestOptions = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
      const headers: Record<string, string> = { ...(o.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...o.headers };
      const token = o.token === undefined ? TOKEN : o.token;
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      const req = https.request(`${running.url}${pathname}`, { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, trailers: res.trailers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    url: running.url,
    certPem,
    keyPem,
    fingerprint: certificateFingerprint(certPem),
    spki: spkiPin(certPem),
    app,
    running,
    distill,
    dir,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    request,
    async close() {
      agent.destroy();
      await running.close();
      await distill.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Wait until `check` holds (polling), or fail after `ms`. */
export async function eventually(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
