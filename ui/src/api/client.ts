import type { AnyEnvelope, FieldList, OperatorList, PipelineRequest, Problem, SourceList } from './types.js';

/** Header every API call of the app carries; the server refuses cookie-authenticated calls without it (CSRF). */
export const APP_HEADER = 'X-Distill-App';

/** A problem document from the server, as an Error. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** From `Retry-After` (503 busy), in milliseconds; 1 s when absent. */
  readonly retryAfterMs: number;
  constructor(status: number, code: string, message: string, retryAfterMs = 1000) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Call the server's `/v1` API from the app: same origin, the session cookie, the app header. A problem response
 * becomes an {@link ApiError} with the server's code and detail; a 401 sends the browser to the sign-in page.
 */
export async function api<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', [APP_HEADER]: '1', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });
  if (response.status === 401) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new ApiError(401, 'unauthorized', 'Not signed in.');
  }
  if (!response.ok) {
    let problem: Partial<Problem> = {};
    try {
      problem = (await response.json()) as Problem;
    } catch {
      // not a problem document
    }
    const retry = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, problem.code ?? 'http_error', problem.detail ?? `HTTP ${response.status}`, Number.isFinite(retry) && retry > 0 ? retry * 1000 : 1000);
  }
  return (await response.json()) as T;
}

/** Pipelines one tab runs at once: the server runs `server.maxConcurrentRuns` (default 4) and refuses more. */
export const MAX_PARALLEL_RUNS = 2;
/** Attempts of a run the server refused as `busy` (it then asks to retry after `Retry-After` seconds). */
export const BUSY_ATTEMPTS = 5;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Run an inline pipeline (POST /v1/pipelines/run): at most {@link MAX_PARALLEL_RUNS} at a time from this tab (the
 * rest wait their turn), and a run refused with 503 `busy` is retried after the server's `Retry-After`.
 */
export async function runPipeline(pipeline: PipelineRequest, signal?: AbortSignal): Promise<AnyEnvelope> {
  if (running >= MAX_PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await api<AnyEnvelope>('/v1/pipelines/run', { method: 'POST', body: pipeline, ...(signal === undefined ? {} : { signal }) });
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'busy' || attempt >= BUSY_ATTEMPTS || signal?.aborted === true) throw error;
        await new Promise((r) => setTimeout(r, error.retryAfterMs));
      }
    }
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export const getSources = (): Promise<SourceList> => api<SourceList>('/v1/sources');
export const getOperators = (): Promise<OperatorList> => api<OperatorList>('/v1/operators');
export const getFields = (source: string): Promise<FieldList> => api<FieldList>(`/v1/sources/${encodeURIComponent(source)}/fields`);

/** Download a pipeline's result in another format (e.g. GEXF for graphs) as a Blob. */
export async function download(pipeline: PipelineRequest, format: string): Promise<Blob> {
  const response = await fetch(`/v1/pipelines/run?format=${encodeURIComponent(format)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { [APP_HEADER]: '1', 'Content-Type': 'application/json' },
    body: JSON.stringify(pipeline),
  });
  if (!response.ok) throw new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
  return response.blob();
}
