import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A fake Elasticsearch for fault injection only (timeouts, 401/403, 429, shard failures, non-Elasticsearch
 * servers): everything else is tested against the real node. It answers like Elasticsearch 8 — including the
 * `X-Elastic-Product: Elasticsearch` header the client's product check requires — unless told otherwise.
 */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** 1-based position of this request. */
  readonly n: number;
}

export interface FakeResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Answer after this many milliseconds. */
  readonly delayMs?: number;
  /** Send the product header (default true). */
  readonly product?: boolean;
}

/** `hang`: never answer; `destroy`: drop the connection. */
export type FakeAnswer = FakeResponse | 'hang' | 'destroy';

export interface FakeEs {
  readonly url: string;
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeEs(handler: (request: FakeRequest) => FakeAnswer | undefined): Promise<FakeEs> {
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, body, headers: req.headers, n: requests.length + 1 };
      requests.push(request);
      const answer = handler(request) ?? defaultAnswer(request);
      if (answer === 'hang') return;
      if (answer === 'destroy') {
        req.socket.destroy();
        return;
      }
      const send = (): void => {
        const payload = JSON.stringify(answer.body ?? {});
        res.writeHead(answer.status ?? 200, {
          'content-type': 'application/json',
          ...(answer.product === false ? {} : { 'x-elastic-product': 'Elasticsearch' }),
          ...answer.headers,
        });
        res.end(payload);
      };
      if (answer.delayMs === undefined) send();
      else setTimeout(send, answer.delayMs).unref();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Index metadata and empty answers, so a source can get as far as the request under test. */
export function defaultAnswer(request: FakeRequest): FakeResponse {
  const { method, path } = request;
  if (method === 'GET' && path === '/') return { body: { version: { number: '8.19.21' }, tagline: 'You Know, for Search' } };
  if (path.endsWith('/_field_caps')) {
    return { body: { indices: ['logs'], fields: { type: { keyword: { type: 'keyword', searchable: true, aggregatable: true } } } } };
  }
  if (path.endsWith('/_mapping')) return { body: { logs: { mappings: { properties: { type: { type: 'keyword' }, clientTime: { type: 'date' } } } } } };
  if (path.endsWith('/_pit') && method === 'POST') return { body: { id: 'pit-1' } };
  if (path === '/_pit' && method === 'DELETE') return { body: { succeeded: true, num_freed: 1 } };
  if (path.endsWith('/_count')) return { body: { count: 0, _shards: { total: 1, successful: 1, failed: 0 } } };
  if (path.endsWith('/_search')) return { body: searchBody([]) };
  return { status: 404, body: { error: { type: 'fake_unhandled', reason: `${method} ${path}` }, status: 404 } };
}

/** A search response with the given hits (sorted reads need `sort` values; the fake gives `[n]`). */
export function searchBody(hits: readonly Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    took: 1,
    timed_out: false,
    pit_id: 'pit-1',
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { total: { value: hits.length, relation: 'eq' }, hits: hits.map((h, i) => ({ _index: 'logs', _id: `d${i}`, sort: [i], _source: h })) },
    aggregations: { fields: { buckets: [] } },
    ...extra,
  };
}

/** A TCP proxy in front of a real node that can be cut like a node going away. Counts the bytes it relays. */
export async function startTcpProxy(target: string): Promise<{ url: string; bytesIn: () => number; stop: () => Promise<void> }> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  let bytes = 0;
  const server = createTcpServer((client) => {
    const upstream = connect(Number(t.port), t.hostname);
    sockets.add(client);
    sockets.add(upstream);
    upstream.on('data', (d: Buffer) => (bytes += d.length));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bytesIn: () => bytes,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
