import type { AnyEnvelope, FieldList, OperatorList, PipelineRequest, Problem, SourceList } from './types.js';

/** Header every API call of the app carries; the server refuses cookie-authenticated calls without it (CSRF). */
export const APP_HEADER = 'X-Distill-App';

/** A problem document from the server, as an Error. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
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
    throw new ApiError(response.status, problem.code ?? 'http_error', problem.detail ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

/** Run an inline pipeline (POST /v1/pipelines/run). */
export function runPipeline(pipeline: PipelineRequest, signal?: AbortSignal): Promise<AnyEnvelope> {
  return api<AnyEnvelope>('/v1/pipelines/run', { method: 'POST', body: pipeline, ...(signal === undefined ? {} : { signal }) });
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
