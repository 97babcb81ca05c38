import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

export interface PinnedResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The server certificate's SHA-256 fingerprint as seen in the handshake. */
  readonly fingerprint: string;
}

/**
 * An HTTPS GET pinned to a certificate fingerprint, the way a user follows the banner's advice: the TLS handshake
 * completes first, the peer certificate's SHA-256 fingerprint must equal `fingerprint`, and only then is the request
 * (with the bearer token, if any) written on that same connection. Nothing is sent to a server with another
 * certificate. Bounded by `timeoutMs`.
 *
 * @throws Error on a fingerprint mismatch, a connection failure or the timeout.
 */
export function pinnedGet(url: string, fingerprint: string, options: { token?: string | undefined; timeoutMs?: number; headers?: Readonly<Record<string, string>> } = {}): Promise<PinnedResponse> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 443);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, ...(net.isIP(host) === 0 ? { servername: host } : {}) });
    const timer = setTimeout(() => socket.destroy(new Error(`GET ${url} timed out`)), options.timeoutMs ?? 10_000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('secureConnect', () => {
      const seen = socket.getPeerCertificate().fingerprint256;
      if (seen !== fingerprint) {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`Certificate fingerprint ${seen} is not the pinned ${fingerprint}; nothing was sent.`));
        return;
      }
      const headers: http.OutgoingHttpHeaders = { ...options.headers, host: target.host, connection: 'close' };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      const req = http.request({ method: 'GET', path: `${target.pathname}${target.search}`, headers, createConnection: () => socket });
      req.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), fingerprint: seen });
        });
      });
      req.end();
    });
  });
}
