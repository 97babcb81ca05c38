/**
 * Distill's error vocabulary: one base class, a few subclasses with a literal `name` and a stable snake_case
 * `code`. Messages say what failed, the offending value and how to fix it. HTTP statuses and CLI exit codes are
 * mapped from `code` once, at the edges (`src/cli/exit-codes.ts`, the server's problem middleware).
 *
 * Tests assert the `code`, never the wording.
 */

/** One problem in a piece of user input: where it is (JSON path) and what is wrong with it. */
export interface Issue {
  /** Stable machine-readable reason, e.g. `invalid_type`, `unknown_key`, `unknown_field`. */
  readonly code: string;
  /** JSON path of the offending part, as an array of keys and indexes (`["steps", 2, "by"]`). */
  readonly path: readonly (string | number)[];
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Every stable error code Distill can produce. */
export type ErrorCode =
  | 'invalid_query'
  | 'invalid_pipeline'
  | 'invalid_config'
  | 'invalid_argument'
  | 'unknown_operator'
  | 'invalid_plugin'
  | 'source_not_found'
  | 'source_unavailable'
  | 'auth_failed'
  | 'tls_failed'
  | 'timeout'
  | 'malformed_input'
  | 'unsupported'
  | 'aborted'
  | 'internal'
  // Raised by the REST server only (src/server): each maps to one HTTP status in src/server/problem.ts.
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'not_acceptable'
  | 'payload_too_large'
  | 'busy'
  // A request, pipeline or query beyond a documented size limit (src/core/limits.ts).
  | 'limit_exceeded';

export interface DistillErrorOptions {
  readonly issues?: readonly Issue[];
  readonly cause?: unknown;
  /** Free-form, serialisable details safe to show to a user (never a raw back-end body). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Base class of every error Distill raises on purpose. Safe to show to users: no stack, no raw back-end body. */
export class DistillError extends Error {
  override readonly name: string = 'DistillError';
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: DistillErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
    this.details = options.details ?? {};
  }

  /** A plain, serialisable view (what the server and `--format json` errors print). */
  toJSON(): { code: ErrorCode; message: string; issues: readonly Issue[]; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, issues: this.issues, details: this.details };
  }
}

/** A query does not validate or cannot be compiled. */
export class InvalidQueryError extends DistillError {
  override readonly name = 'InvalidQueryError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('invalid_query', message, options);
  }
}

/** A pipeline document does not validate (unknown operator, bad params, bad shape). */
export class InvalidPipelineError extends DistillError {
  override readonly name = 'InvalidPipelineError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('invalid_pipeline', message, options);
  }
}

/** Input beyond one of the documented size limits (`src/core/limits.ts`); the issues name the limit. */
export class LimitExceededError extends DistillError {
  override readonly name = 'LimitExceededError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('limit_exceeded', message, options);
  }
}

/** The configuration file does not validate. */
export class InvalidConfigError extends DistillError {
  override readonly name = 'InvalidConfigError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('invalid_config', message, options);
  }
}

/** A command-line argument or library argument is wrong (unknown flag, missing value). */
export class InvalidArgumentError extends DistillError {
  override readonly name = 'InvalidArgumentError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('invalid_argument', message, options);
  }
}

/** A pipeline names an operator the registry does not know. */
export class UnknownOperatorError extends DistillError {
  override readonly name = 'UnknownOperatorError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('unknown_operator', message, options);
  }
}

/** A named source, file or index does not exist. */
export class SourceNotFoundError extends DistillError {
  override readonly name = 'SourceNotFoundError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('source_not_found', message, options);
  }
}

/** A source exists but cannot be read right now (unreachable, permission denied, TLS failure, timeout). */
export class SourceUnavailableError extends DistillError {
  override readonly name = 'SourceUnavailableError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('source_unavailable', message, options);
  }
}

/** A source refused the credentials (HTTP 401) or their permissions (HTTP 403). */
export class AuthFailedError extends DistillError {
  override readonly name = 'AuthFailedError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('auth_failed', message, options);
  }
}

/** A TLS connection could not be established safely (untrusted or mismatched certificate, CA pin mismatch). */
export class TlsFailedError extends DistillError {
  override readonly name = 'TlsFailedError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('tls_failed', message, options);
  }
}

/** A source did not answer in time (request timeout). */
export class SourceTimeoutError extends DistillError {
  override readonly name = 'SourceTimeoutError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('timeout', message, options);
  }
}

/** Input data is malformed and strict mode forbids skipping it. */
export class MalformedInputError extends DistillError {
  override readonly name = 'MalformedInputError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('malformed_input', message, options);
  }
}

/** A back end cannot do what was asked and there is no in-memory fallback. */
export class UnsupportedError extends DistillError {
  override readonly name = 'UnsupportedError';
  constructor(message: string, options: DistillErrorOptions = {}) {
    super('unsupported', message, options);
  }
}

/** The work was cancelled (client disconnect, Ctrl-C, `AbortSignal`). */
export class AbortedError extends DistillError {
  override readonly name = 'AbortedError';
  constructor(message = 'The operation was aborted.', options: DistillErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/** Narrow an unknown thrown value to a DistillError, wrapping anything else as `internal` without leaking it. */
export function toDistillError(error: unknown): DistillError {
  if (error instanceof DistillError) return error;
  if (isAbortLike(error)) return new AbortedError(undefined, { cause: error });
  return new DistillError('internal', 'Distill hit an internal error. Re-run with NODE_DEBUG=distill* for details.', {
    cause: error,
  });
}

function isAbortLike(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
