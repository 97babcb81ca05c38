import { STATUS_CODES } from 'node:http';
import { toDistillError, type DistillError, type ErrorCode, type Issue } from '../core/errors.js';

/** Base of the problem `type` URIs; `<base><code>` names each error class, and /docs describes them. */
export const PROBLEM_TYPE_BASE = 'https://distill.dev/problems/';

/**
 * HTTP status of each error code, mapped once. Invalid requests are 400 (malformed: bad JSON, bad query-string
 * values, bad arguments) or 422 (well-formed but invalid query, pipeline, params, data); a client that has gone
 * away (`aborted`) never sees its status — 503 is what a shutdown sends to clients still waiting. A source that
 * refuses the server's credentials or TLS (`auth_failed`, `tls_failed`) is the server's upstream failing: 502, not
 * the client's 401. `timeout` (a source or the request itself took too long) is 504.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_argument: 400,
  invalid_query: 422,
  invalid_pipeline: 422,
  invalid_config: 500,
  invalid_plugin: 500,
  unknown_operator: 404,
  source_not_found: 404,
  source_unavailable: 503,
  auth_failed: 502,
  tls_failed: 502,
  malformed_input: 422,
  unsupported: 501,
  aborted: 503,
  internal: 500,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  payload_too_large: 413,
  busy: 503,
  limit_exceeded: 422,
  timeout: 504,
};

/** Short, stable titles (RFC 9457 `title`): the same for every occurrence of a code. */
export const PROBLEM_TITLES: Readonly<Record<ErrorCode, string>> = {
  invalid_argument: 'Invalid request',
  invalid_query: 'Invalid query',
  invalid_pipeline: 'Invalid pipeline',
  invalid_config: 'Server configuration error',
  invalid_plugin: 'Server plugin error',
  unknown_operator: 'Unknown operator',
  source_not_found: 'Source not found',
  source_unavailable: 'Source unavailable',
  auth_failed: 'Source refused the server\'s credentials',
  tls_failed: 'TLS to the source failed',
  malformed_input: 'Malformed source data',
  unsupported: 'Not supported',
  aborted: 'Request aborted',
  internal: 'Internal error',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  not_acceptable: 'Not acceptable',
  payload_too_large: 'Request body too large',
  busy: 'Server busy',
  limit_exceeded: 'Limit exceeded',
  timeout: 'Request timed out',
};

/** An RFC 9457 problem document as Distill sends it. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The stable error code (also the last segment of `type`). */
  readonly code: ErrorCode;
  /** The request id (also in the `X-Request-Id` header and the access log). */
  readonly instance: string;
  /** The request id alone, for logs and support requests. */
  readonly requestId: string;
  /** Each problem in the input, with the JSON path of the offending part. */
  readonly issues: readonly Issue[];
  /** Extra, safe details (never a stack or a back-end body). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Build the problem document for a thrown value. Anything that is not a DistillError becomes `internal` with a
 * generic message: stack traces and raw back-end bodies never reach a client.
 */
export function toProblem(error: unknown, requestId: string): { problem: Problem; error: DistillError } {
  const e = toDistillError(error);
  const problem: Problem = {
    type: `${PROBLEM_TYPE_BASE}${e.code}`,
    title: PROBLEM_TITLES[e.code],
    status: HTTP_STATUS[e.code],
    detail: e.message,
    code: e.code,
    instance: `urn:distill:request:${requestId}`,
    requestId,
    issues: e.issues,
    ...(Object.keys(e.details).length === 0 ? {} : { details: e.details }),
  };
  return { problem, error: e };
}

/** The reason phrase of a status. */
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? '';
}
