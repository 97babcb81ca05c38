import { getHeapStatistics } from 'node:v8';
import { defaultSortMemoryBytes } from '../scratch/default-sort-budget.js';
import type { ParameterizedContext } from 'koa';
import type { Distill } from '../distill.js';
import type { Logger } from './logger.js';
import { AnswerCache } from './answer-cache.js';
import { WorkTracker } from './work-tracker.js';

/** Resource limits of the server. */
export interface ServerLimits {
  /** Largest request body in bytes (default 1 MiB). Larger ones get 413. */
  readonly bodyBytes: number;
  /** Longest a request may take, in milliseconds (default 5 minutes); the work is aborted and 504 sent. */
  readonly requestTimeoutMs: number;
  /** Largest `limit` of a paged request (default 10,000 records). */
  readonly maxPageSize: number;
  /** Largest `sample` of a fields request (default 100,000 documents). */
  readonly maxSample: number;
  /** Time box of each source probe in GET /v1/health, in milliseconds (default 2,000). */
  readonly healthProbeMs: number;
  /** Requests reading sources at once (default 4); more get 503 `busy` with `Retry-After` (middleware/run-slots.ts). */
  readonly maxConcurrentRuns: number;
  /**
   * Memory for named pipelines' answers over unchanged local files, in bytes (default 0: no cache, as the
   * requirements ask — "no storage or caching of transformed data"; an operator may opt in). See answer-cache.ts.
   */
  readonly answerCacheBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyBytes: 1024 * 1024,
  requestTimeoutMs: 5 * 60 * 1000,
  maxPageSize: 10_000,
  maxSample: 100_000,
  healthProbeMs: 2_000,
  maxConcurrentRuns: 4,
  answerCacheBytes: 0,
};

/** What `createApp` needs: everything injected, nothing read from the process. */
export interface ServerDeps {
  readonly distill: Distill;
  /** The bearer token every route but health requires. */
  readonly token: string;
  readonly logger: Logger;
  /** Origins allowed to call from a browser (CORS); none by default. */
  readonly cors?: readonly string[] | undefined;
  readonly limits?: Partial<ServerLimits> | undefined;
  /** Serve /openapi.json and /docs without a token (default false: every route but health needs it). */
  readonly publicDocs?: boolean | undefined;
  /** The built documentation site served at /guide/ (default: `<assets dir>/site`, see routes/guide.ts). */
  readonly siteDir?: string | undefined;
  /** Clock in epoch ms (uptime, tests). */
  readonly now?: (() => number) | undefined;
  /** Requests in flight; pass one to share it with the listener's shutdown. */
  readonly work?: WorkTracker | undefined;
  /** Folder of the built web app served under /app/ (default: `app/` of the bundled assets, `dist-config/app`). */
  readonly appDir?: string | undefined;
}

/** Deps with defaults applied, once, at createApp. */
export interface ServerEnv {
  readonly distill: Distill;
  readonly logger: Logger;
  readonly cors: ReadonlySet<string>;
  readonly limits: ServerLimits;
  readonly publicDocs: boolean;
  readonly now: () => number;
  readonly startedAt: number;
  readonly work: WorkTracker;
  /** Named pipelines' answers (limits.answerCacheBytes). */
  readonly answers: AnswerCache;
  /**
   * Sort budget of one run when the config sets none (`run.sortMemoryBytes`): the library default computed over the
   * heap share of one run slot (heap limit ÷ maxConcurrentRuns), so concurrent runs together stay within what one
   * process's default would hold. Undefined when the config sets a budget (then it applies to each run).
   */
  readonly sortMemoryBytes: number | undefined;
  /** Set when shutdown begins: responses then carry `Connection: close`. */
  shuttingDown: boolean;
  /** The OpenAPI document as JSON text and the /docs page, built once by createApp. */
  documents: { readonly openapiJson: string; readonly docsHtml: string };
}

export function normalizeDeps(deps: ServerDeps): ServerEnv {
  const now = deps.now ?? Date.now;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(deps.limits ?? {}).filter(([, v]) => v !== undefined)) };
  return {
    distill: deps.distill,
    logger: deps.logger,
    cors: new Set(deps.cors ?? []),
    limits,
    answers: new AnswerCache(limits.answerCacheBytes),
    sortMemoryBytes: deps.distill.loaded.config.run?.sortMemoryBytes === undefined ? defaultSortMemoryBytes(getHeapStatistics().heap_size_limit / limits.maxConcurrentRuns) : undefined,
    publicDocs: deps.publicDocs ?? false,
    now,
    startedAt: now(),
    work: deps.work ?? new WorkTracker(),
    shuttingDown: false,
    documents: { openapiJson: '{}', docsHtml: '' },
  };
}

/** Per-request state set by the middleware. */
export interface AppState {
  requestId: string;
  /** Aborted when the client goes away, the request times out, or the server shuts down. */
  signal: AbortSignal;
  /** The request carried a valid token. */
  authenticated: boolean;
  /** Bytes of a streamed body (for the access log). */
  bytes?: number;
  /** An error that cut a stream short after the status was sent. */
  streamError?: unknown;
  /** The client went away before the response finished. */
  clientGone?: boolean;
}

/** The Koa context every middleware and route sees. */
export type ServerContext = ParameterizedContext<AppState> & { params?: Record<string, string> };
