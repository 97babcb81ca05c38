import https from 'node:https';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_TYPE_BASE } from './problem.js';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '../core/errors.js';
import type { DistillApp } from './app.js';
import { ShutdownError } from './middleware/request-frame.js';
import { TLS_SETTINGS } from './tls/tls-settings.js';

/** Where and how {@link listen} serves the app: address, port, PEM certificate and key, shutdown grace. */
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
  server.on('clientError', answerClientError);
  // CONNECT and protocol upgrades bypass the app; without these the connection would just be closed.
  server.on('connect', (_req, socket: Duplex) =>
    writeProblem(socket, 405, 'method_not_allowed', 'Method not allowed', 'CONNECT is not supported: Distill is not a proxy.'),
  );
  server.on('upgrade', (_req, socket: Duplex) =>
    writeProblem(socket, 400, 'invalid_argument', 'Upgrade not supported', 'Protocol upgrades (WebSocket, h2c) are not supported; send plain HTTP/1.1 requests.'),
  );
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

/** Statuses for requests Node's HTTP parser rejects before the app sees them. */
const PARSER_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * Answer a request Node's HTTP parser rejected (bad method, over-long headers, malformed or smuggling framing) with
 * a problem document instead of an empty reply, then close the connection — the parser's state is lost, so nothing
 * more can be read from it. Connections already answering, or already gone, are just closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const code = error.code ?? '';
  if (code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true) {
    socket.destroy();
    return;
  }
  const status = PARSER_STATUS[code] ?? 400;
  writeProblem(socket, status, 'invalid_argument', 'Malformed HTTP request', `The HTTP request could not be parsed (${code === '' ? 'parse error' : code}). Send a well-formed HTTP/1.1 request.`, code === '' ? 'parse error' : code);
}

/** Write a complete problem response on a raw socket and close it. */
function writeProblem(socket: Duplex, status: number, code: string, title: string, detail: string, reason = code): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title,
    status,
    detail,
    code,
    issues: [{ code: code === 'invalid_argument' ? 'malformed_http' : code, path: [], message: reason }],
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n${body}`,
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
