import { setTimeout as sleep } from 'node:timers/promises';
import { debuglog } from 'node:util';
import {
  errors,
  Transport,
  type TransportRequestOptions,
  type TransportRequestParams,
} from '@elastic/elasticsearch';
import { UnsupportedError } from '../../core/errors.js';

const debug = debuglog('distill:elasticsearch');

/** One read endpoint Distill may call: its methods and a pattern of its path (query string excluded). */
export interface ReadOnlyEndpoint {
  readonly name: string;
  readonly methods: readonly string[];
  readonly path: RegExp;
}

/** An index target in a path: a name, pattern, comma list (URL-encoded) or `_all`; never an API segment. */
const TARGET = String.raw`(?:_all|[^/_][^/]*)`;

/**
 * The only requests Distill's Elasticsearch source sends: the allow-list behind the read-only guarantee.
 * Anything else (indexing, updates, deletes, index management, scripts, snapshots, settings) is refused before
 * it reaches the network. `DELETE /_pit` closes a point in time, which releases a search context and changes
 * no data.
 */
export const READ_ONLY_ENDPOINTS: readonly ReadOnlyEndpoint[] = [
  { name: 'info', methods: ['GET', 'HEAD'], path: /^\/$/ },
  { name: 'search', methods: ['GET', 'POST'], path: new RegExp(`^/(?:${TARGET}/)?_search$`) },
  { name: 'open_point_in_time', methods: ['POST'], path: new RegExp(`^/${TARGET}/_pit$`) },
  { name: 'close_point_in_time', methods: ['DELETE'], path: /^\/_pit$/ },
  { name: 'count', methods: ['GET', 'POST'], path: new RegExp(`^/(?:${TARGET}/)?_count$`) },
  { name: 'field_caps', methods: ['GET', 'POST'], path: new RegExp(`^/(?:${TARGET}/)?_field_caps$`) },
  { name: 'mapping', methods: ['GET'], path: new RegExp(`^/(?:${TARGET}/)?_mapping$`) },
  { name: 'cluster_health', methods: ['GET'], path: new RegExp(`^/_cluster/health(?:/${TARGET})?$`) },
];

/** The allowed endpoint a request falls under, or undefined when it is not a read Distill makes. */
export function readOnlyEndpoint(method: string, path: string): ReadOnlyEndpoint | undefined {
  const m = method.toUpperCase();
  return READ_ONLY_ENDPOINTS.find((e) => e.methods.includes(m) && e.path.test(path));
}

/** A request that passed the allow-list and is about to be sent. */
export interface AllowedRequest {
  readonly method: string;
  readonly path: string;
  readonly endpoint: string;
  readonly querystring?: unknown;
  readonly body?: unknown;
}

export interface ReadOnlyTransportOptions {
  /** Called for every request that passed the allow-list, before it is sent (logging, tests, request counts). */
  readonly onRequest?: ((request: AllowedRequest) => void) | undefined;
  /** Retries of a request answered with 429 Too Many Requests (default 3). */
  readonly maxRetries?: number | undefined;
  /** First back-off delay in ms for 429s, doubled per retry with jitter (default 500). */
  readonly backoffMs?: number | undefined;
  /** Longest back-off delay in ms, also the cap on a server's Retry-After (default 30 000). */
  readonly maxBackoffMs?: number | undefined;
}

/**
 * A transport class for the client's `Transport` option that enforces the read-only allow-list and backs off on
 * 429 Too Many Requests (which the client itself does not retry): exponential with full jitter, honouring a
 * `Retry-After` header, up to `maxRetries`, aborted early by the request's signal.
 *
 * @throws UnsupportedError (`unsupported`) for any request outside {@link READ_ONLY_ENDPOINTS}, before any I/O.
 * @example new Client({ node, Transport: readOnlyTransport({ maxRetries: 3 }) })
 */
export function readOnlyTransport(options: ReadOnlyTransportOptions = {}): typeof Transport {
  const { maxRetries, base, cap } = retrySettings(options);
  class ReadOnlyTransport extends Transport {
    // The overloads of Transport#request differ only in the response shape; one implementation serves them all,
    // so it returns `any` like the base implementation does.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
    override async request(params: TransportRequestParams, requestOptions: TransportRequestOptions = {}): Promise<any> {
      const method = params.method.toUpperCase();
      const endpoint = readOnlyEndpoint(method, params.path);
      if (endpoint === undefined) {
        throw new UnsupportedError(
          `Refused ${method} ${params.path}: Distill's Elasticsearch source only reads (search, point in time, count, field caps, mapping, info).`,
          { details: { method, path: params.path } },
        );
      }
      for (let attempt = 0; ; attempt++) {
        debug('%s %s (%s)%s', method, params.path, endpoint.name, attempt > 0 ? ` retry ${attempt}` : '');
        options.onRequest?.({
          method,
          path: params.path,
          endpoint: endpoint.name,
          ...(params.querystring === undefined ? {} : { querystring: params.querystring }),
          ...(params.body === undefined ? {} : { body: params.body }),
        });
        try {
          return await super.request(params, requestOptions);
        } catch (error) {
          if (!(error instanceof errors.ResponseError) || error.statusCode !== 429 || attempt >= maxRetries) throw error;
          const delay = backoff(attempt, retryAfterMs(error.headers?.['retry-after']), base, cap);
          debug('429 Too Many Requests; waiting %d ms', delay);
          await sleep(delay, undefined, requestOptions.signal === undefined ? {} : { signal: requestOptions.signal });
        }
      }
    }
  }
  return ReadOnlyTransport;
}

/** The 429 retry settings of a transport, defaults filled in: 3 retries, 500 ms first delay, 30 s longest. */
export function retrySettings(options: ReadOnlyTransportOptions): { readonly maxRetries: number; readonly base: number; readonly cap: number } {
  return { maxRetries: options.maxRetries ?? 3, base: options.backoffMs ?? 500, cap: options.maxBackoffMs ?? 30_000 };
}

/** Delay before retry `attempt` (0-based): the server's Retry-After if given, else full-jitter exponential. */
export function backoff(attempt: number, retryAfter: number | undefined, base: number, cap: number): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, cap);
  const ceiling = Math.min(cap, base * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** A `Retry-After` header in ms: delay-seconds or an HTTP date (0 when past); undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
