import { errors } from '@elastic/elasticsearch';
import {
  AbortedError,
  AuthFailedError,
  DistillError,
  SourceNotFoundError,
  SourceTimeoutError,
  SourceUnavailableError,
  TlsFailedError,
  UnsupportedError,
} from '../../core/errors.js';

/** What an error message may name: the source, its index and node (never credentials). */
export interface ErrorScope {
  readonly source: string;
  readonly index: string;
  /** Node URL(s) with any user:password removed. */
  readonly node: string;
  readonly requestTimeoutMs?: number | undefined;
  readonly keepAlive?: string | undefined;
}

/**
 * Turn anything the Elasticsearch client (or a TLS handshake) throws into a Distill error with a stable code and a
 * message saying what to fix. Never passes on a raw Elasticsearch body or stack: only the error `type` Elasticsearch
 * reports (`index_not_found_exception`), the HTTP status and a one-line reason go into `details`.
 *
 * | failure | code |
 * |---|---|
 * | connection refused, unknown host, reset, no living node, 5xx or 429 after retries, not Elasticsearch, shard failures | `source_unavailable` |
 * | index missing | `source_not_found` |
 * | 401 / 403 | `auth_failed` |
 * | untrusted or mismatched certificate, CA pin mismatch, TLS spoken to a plain port | `tls_failed` |
 * | request timeout | `timeout` |
 * | request rejected as malformed (400) | `unsupported` |
 * | aborted by the caller | `aborted` |
 */
export function toSourceError(error: unknown, scope: ErrorScope): DistillError {
  if (error instanceof DistillError) return error;
  const where = `Elasticsearch at ${scope.node}`;
  const forSource = `source "${scope.source}"`;
  if (error instanceof errors.RequestAbortedError || (error as { name?: unknown } | null)?.name === 'AbortError') {
    return new AbortedError('The Elasticsearch read was aborted.', { cause: error });
  }
  if (error instanceof errors.ProductNotSupportedError) {
    return new SourceUnavailableError(
      `The server at ${scope.node} is not Elasticsearch (it does not identify itself with X-Elastic-Product: Elasticsearch). Check "node" for ${forSource}.`,
      { cause: error, details: { reason: 'not_elasticsearch', node: scope.node } },
    );
  }
  if (error instanceof errors.TimeoutError) {
    const ms = scope.requestTimeoutMs === undefined ? '' : ` within ${scope.requestTimeoutMs} ms`;
    return new SourceTimeoutError(
      `${where} did not answer${ms}. Raise "requestTimeoutMs" for ${forSource}, narrow the query, or check the node's load.`,
      { cause: error, details: { reason: 'timeout', node: scope.node } },
    );
  }
  if (error instanceof errors.ResponseError) return responseError(error, scope, where, forSource);
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError || isNodeSocketError(error)) {
    return connectionError(error as Error, scope, where, forSource);
  }
  if (error instanceof errors.DeserializationError || error instanceof errors.SerializationError) {
    return new SourceUnavailableError(`${where} sent a response Distill could not read. Check that "node" for ${forSource} points at Elasticsearch.`, {
      cause: error,
      details: { reason: 'unreadable_response', node: scope.node },
    });
  }
  if (error instanceof errors.ConfigurationError) {
    return new SourceUnavailableError(`The Elasticsearch client rejected the request for ${forSource}: ${firstLine((error as Error).message)}`, {
      cause: error,
      details: { reason: 'client_configuration' },
    });
  }
  return new DistillError('internal', `Reading ${forSource} failed unexpectedly. Re-run with NODE_DEBUG=distill* for details.`, {
    cause: error,
  });
}

function responseError(error: errors.ResponseError, scope: ErrorScope, where: string, forSource: string): DistillError {
  const status = error.statusCode ?? 0;
  const type = errorType(error.body);
  const product = error.headers?.['x-elastic-product'];
  if (product === undefined && type === undefined && status !== 401 && status !== 403 && status !== 429) {
    // Not an Elasticsearch error at all: a proxy, a web server, or plain HTTP sent to an HTTPS port.
    return new SourceUnavailableError(
      `The server at ${scope.node} did not answer as Elasticsearch (HTTP ${status}). Check the scheme (http:// or https://), host and port in "node" of ${forSource}.`,
      { cause: error, details: { reason: 'not_elasticsearch', status, node: scope.node } },
    );
  }
  const details = { status, ...(type === undefined ? {} : { type }), node: scope.node, index: scope.index };
  if (status === 401) {
    return new AuthFailedError(
      `${where} rejected the credentials (401). Check "auth" for ${forSource}: the API key, username and password or bearer token, and the environment variables they are read from.`,
      { cause: error, details: { ...details, reason: 'unauthenticated' } },
    );
  }
  if (status === 403) {
    return new AuthFailedError(
      `The credentials of ${forSource} may not read index "${scope.index}" (403). Grant them the "read" and "view_index_metadata" index privileges.`,
      { cause: error, details: { ...details, reason: 'forbidden' } },
    );
  }
  if (type === 'index_not_found_exception') {
    return new SourceNotFoundError(`Index "${scope.index}" does not exist on ${where}. Check "index" for ${forSource}.`, {
      cause: error,
      details: { ...details, reason: 'index_not_found' },
    });
  }
  if (type === 'search_context_missing_exception' || (status === 404 && /point in time|search context/i.test(reasonOf(error.body) ?? ''))) {
    return new SourceUnavailableError(
      `The point in time expired between two pages. Raise "keepAlive" for ${forSource}${scope.keepAlive === undefined ? '' : ` (now ${scope.keepAlive})`} or consume the results faster.`,
      { cause: error, details: { ...details, reason: 'pit_expired' } },
    );
  }
  if (status === 429) {
    return new SourceUnavailableError(
      `${where} kept answering 429 Too Many Requests after the retries. Try again later, lower "pageSize" or "slices" for ${forSource}, or raise "maxRetries".`,
      { cause: error, details: { ...details, reason: 'rate_limited' } },
    );
  }
  if (status === 400) {
    const reason = reasonOf(error.body);
    return new UnsupportedError(
      `${where} rejected the request Distill built for ${forSource} (${type ?? 'bad request'}${reason === undefined ? '' : `: ${reason}`}). Check the query's fields against the index mapping (distill fields).`,
      { cause: error, details: { ...details, reason: 'bad_request' } },
    );
  }
  if (status >= 500) {
    return new SourceUnavailableError(`${where} failed (${status}${type === undefined ? '' : ` ${type}`}). Check the cluster's health and try again.`, {
      cause: error,
      details: { ...details, reason: 'server_error' },
    });
  }
  return new SourceUnavailableError(`${where} answered ${status}${type === undefined ? '' : ` (${type})`} for ${forSource}.`, {
    cause: error,
    details: { ...details, reason: 'unexpected_status' },
  });
}

function connectionError(error: Error, scope: ErrorScope, where: string, forSource: string): DistillError {
  const message = error.message ?? '';
  const code = String((error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code ?? '');
  const text = `${code} ${message}`;
  const tls = (hint: string, reason: string): TlsFailedError =>
    new TlsFailedError(`TLS with ${where} failed: ${hint}`, { cause: error, details: { reason, node: scope.node } });
  if (/fingerprint/i.test(text)) {
    return tls(`the node's CA certificate does not match "tls.caFingerprint" of ${forSource}. Check the fingerprint (SHA-256 of the CA certificate).`, 'ca_fingerprint_mismatch');
  }
  if (/ALTNAME|Hostname\/IP does not match|not in the cert's altnames/i.test(text)) {
    return tls(`the node's certificate is not valid for the host name in "node" of ${forSource}. Connect with a name the certificate lists, or fix its subject alternative names.`, 'hostname_mismatch');
  }
  if (/CERT_HAS_EXPIRED|certificate has expired|CERT_NOT_YET_VALID/i.test(text)) {
    return tls(`the node's certificate has expired or is not valid yet. Renew it on the node.`, 'certificate_expired');
  }
  if (/SELF_SIGNED|self[- ]signed|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|unable to (?:verify|get)|certificate|CERT_/i.test(text)) {
    return tls(
      `the node's certificate is not signed by a CA Distill trusts. Set "tls.ca" of ${forSource} to the CA's PEM file, or pin the CA with "tls.caFingerprint".`,
      'untrusted_certificate',
    );
  }
  if (/wrong version number|EPROTO|ssl3_get_record|packet length too long|SSL routines|ERR_SSL/i.test(text)) {
    return tls(`the node does not speak TLS on that port. Use http:// (or the node's HTTPS port) in "node" of ${forSource}.`, 'not_tls');
  }
  const why = /ECONNREFUSED/.test(text)
    ? 'connection refused'
    : /ENOTFOUND|EAI_AGAIN/.test(text)
      ? 'unknown host'
      : /ECONNRESET|socket hang up|other side closed|UND_ERR_SOCKET/i.test(text)
        ? 'connection closed by the node'
        : /no living connections/i.test(text)
          ? 'no node answers'
          : 'connection failed';
  return new SourceUnavailableError(`Cannot reach ${where} (${why}). Check that the node is running and that "node" of ${forSource} is right.`, {
    cause: error,
    details: { reason: 'unreachable', node: scope.node },
  });
}

function isNodeSocketError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(?:E[A-Z]+|ERR_TLS_[A-Z_]+|ERR_SSL_[A-Z_]+|[A-Z_]*CERT[A-Z_]*|UND_ERR_[A-Z_]+)$/.test(code);
}

/** The Elasticsearch error `type` of a response body, if it has one. */
export function errorType(body: unknown): string | undefined {
  const err = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof err === 'object' && err !== null) {
    const type = (err as { type?: unknown }).type;
    const cause = (err as { root_cause?: { type?: unknown }[] }).root_cause?.[0]?.type;
    if (type === 'search_phase_execution_exception' && typeof cause === 'string') return cause;
    if (typeof type === 'string') return type;
  }
  return undefined;
}

/** A short, single-line reason from an Elasticsearch error body (at most 200 characters). */
function reasonOf(body: unknown): string | undefined {
  const err = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof err !== 'object' || err === null) return undefined;
  const root = (err as { root_cause?: { reason?: unknown }[] }).root_cause?.[0]?.reason;
  const reason = typeof root === 'string' ? root : (err as { reason?: unknown }).reason;
  if (typeof reason !== 'string') return undefined;
  // Reasons often quote the request as JSON: keep only the words before it.
  const words = firstLine(reason).split(/[{[]/)[0]!.replace(/[\s:;,]+$/, '').slice(0, 200);
  return words === '' ? undefined : words;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/** A node URL without credentials, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
