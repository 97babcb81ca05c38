import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '../core/errors.js';
import type { DistillApp } from './app.js';
import { ShutdownError } from './middleware/request-work.js';
import { TLS_SETTINGS } from './tls/tls-settings.js';

export interface ListenOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  /** PEM certificate (chain) and private key. */
  readonly cert: string;
  readonly key: string;
  /** How long shutdown waits for aborted requests to finish before closing every connection (default 5000). */
  readonly shutdownGraceMs?: number | undefined;
}

/** A listening server. */
export interface RunningServer {
  readonly server: https.Server;
  readonly host: string;
  readonly port: number;
  /** `https://host:port` (IPv6 hosts in brackets). */
  readonly url: string;
  /**
   * Graceful shutdown: stop accepting connections, abort every request in flight (their source reads stop; waiting
   * clients get 503 with `Connection: close`), close idle keep-alive connections, wait up to the grace period for
   * the rest, then close every connection. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Serve a Distill app over HTTPS only: TLS 1.2 or newer with forward-secret AEAD ciphers (`tls-settings.ts`).
 * Request headers and bodies must arrive within 60 s (slow clients cannot hold connections); the work itself is
 * bounded by the app's request timeout.
 *
 * @throws InvalidArgumentError when the address is in use or not permitted.
 */
export async function listen(app: DistillApp, options: ListenOptions): Promise<RunningServer> {
  const server = https.createServer({ cert: options.cert, key: options.key, ...TLS_SETTINGS }, app.callback());
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const where = `${options.host}:${options.port}`;
      if (error.code === 'EADDRINUSE') reject(new InvalidArgumentError(`${where} is already in use. Choose another port with --port (0 picks a free one).`));
      else if (error.code === 'EACCES') reject(new InvalidArgumentError(`Not permitted to listen on ${where}; ports below 1024 need privileges. Use --port 8443.`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new InvalidArgumentError(`${options.host} is not an address of this machine. Use --host 127.0.0.1.`));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.address;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const grace = options.shutdownGraceMs ?? 5000;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const env = app.serverEnv;
      env.shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      app.work.abortAll(new ShutdownError());
      await Promise.race([app.work.idle(), delay(grace)]);
      server.closeIdleConnections();
      await Promise.race([closed, delay(Math.min(grace, 1000))]);
      server.closeAllConnections();
      await closed;
    })());
  return { server, host, port: address.port, url, close };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
