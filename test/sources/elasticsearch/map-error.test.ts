import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from '@elastic/elasticsearch';
import { DistillError, SourceNotFoundError } from '../../../src/core/errors.js';
import { errorType, redactUrl, toSourceError } from '../../../src/sources/elasticsearch/map-error.js';

// Every failure the client can raise becomes a DistillError with a stable code; messages say what to fix and
// never carry the raw body. (TLS failures Node raises by code are covered here; the tls test meets them live.)

const scope = { source: 'es', index: 'userale', node: 'https://es.example:9200', requestTimeoutMs: 3000, keepAlive: '1m' };

function response(status: number, body: unknown, headers: Record<string, string> = { 'x-elastic-product': 'Elasticsearch' }): errors.ResponseError {
  return new errors.ResponseError({ body, statusCode: status, headers, warnings: null, meta: {} } as never);
}

function connection(message: string, code?: string): errors.ConnectionError {
  const e = new errors.ConnectionError(message);
  if (code !== undefined) Object.assign(e, { code });
  return e;
}

const cases: [string, unknown, string, string][] = [
  ['connection refused', connection('connect ECONNREFUSED 10.0.0.1:9200'), 'source_unavailable', 'unreachable'],
  ['unknown host', connection('getaddrinfo ENOTFOUND es.example'), 'source_unavailable', 'unreachable'],
  ['no living node', new errors.NoLivingConnectionsError('There are no living connections', {} as never), 'source_unavailable', 'unreachable'],
  ['self-signed chain', connection('self-signed certificate in certificate chain'), 'tls_failed', 'untrusted_certificate'],
  ['self-signed leaf', connection('x', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls_failed', 'untrusted_certificate'],
  ['unverifiable leaf', connection('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls_failed', 'untrusted_certificate'],
  ['host name not in the certificate', connection("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), 'tls_failed', 'hostname_mismatch'],
  ['expired certificate', connection('certificate has expired', 'CERT_HAS_EXPIRED'), 'tls_failed', 'certificate_expired'],
  ['CA pin mismatch', connection('Server certificate CA fingerprint does not match the value configured in caFingerprint'), 'tls_failed', 'ca_fingerprint_mismatch'],
  ['TLS to a plain port', connection('error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), 'tls_failed', 'not_tls'],
  ['timeout', new errors.TimeoutError('Request timed out'), 'timeout', 'timeout'],
  ['401', response(401, { error: { type: 'security_exception', reason: 'missing authentication credentials' } }), 'auth_failed', 'unauthenticated'],
  ['403', response(403, { error: { type: 'security_exception', reason: 'unauthorized' } }), 'auth_failed', 'forbidden'],
  ['missing index', response(404, { error: { type: 'index_not_found_exception', reason: 'no such index [userale]' } }), 'source_not_found', 'index_not_found'],
  ['expired point in time', response(404, { error: { type: 'search_context_missing_exception', reason: 'No search context found for id [1]' } }), 'source_unavailable', 'pit_expired'],
  ['429 after retries', response(429, { error: { type: 'es_rejected_execution_exception' } }), 'source_unavailable', 'rate_limited'],
  ['503', response(503, { error: { type: 'cluster_block_exception' } }), 'source_unavailable', 'server_error'],
  ['a web server, not Elasticsearch', response(400, '<html>400 The plain HTTP request was sent to HTTPS port</html>', {}), 'source_unavailable', 'not_elasticsearch'],
  ['not Elasticsearch (product check)', new errors.ProductNotSupportedError('Elasticsearch', {} as never), 'source_unavailable', 'not_elasticsearch'],
];

describe('client failures → Distill errors', () => {
  for (const [name, error, code, reason] of cases) {
    test(`${name}: ${code} (${reason})`, () => {
      const mapped = toSourceError(error, scope);
      assert.ok(mapped instanceof DistillError);
      assert.equal(mapped.code, code);
      assert.equal(mapped.details.reason, reason);
      assert.match(mapped.message, /es|userale|es\.example/);
      assert.doesNotMatch(mapped.message, /root_cause|\{"|<html>/);
    });
  }

  test('400: unsupported, the error type kept, the quoted request dropped from the reason', () => {
    const e = toSourceError(
      response(400, { error: { root_cause: [{ type: 'query_shard_exception', reason: 'failed to create query: {"term":{"a":1}}' }], type: 'search_phase_execution_exception' } }),
      scope,
    );
    assert.equal(e.code, 'unsupported');
    assert.equal(e.details.type, 'query_shard_exception');
    assert.match(e.message, /failed to create query\)/);
  });

  test('an abort is `aborted`; a DistillError passes through; anything else is `internal` without its message', () => {
    assert.equal(toSourceError(new errors.RequestAbortedError('Request aborted'), scope).code, 'aborted');
    const own = new SourceNotFoundError('x');
    assert.equal(toSourceError(own, scope), own);
    const other = toSourceError(new TypeError('secret internals'), scope);
    assert.equal(other.code, 'internal');
    assert.doesNotMatch(other.message, /secret/);
  });

  test('node URLs lose their credentials in messages', () => {
    assert.equal(redactUrl('https://elastic:changeme@es.example:9200/'), 'https://es.example:9200');
  });
});

// Every branch of the mapping with its exact message and details: what a user reads is part of the contract.
describe('exact messages and details', () => {
  const W = 'Elasticsearch at https://es.example:9200';
  const F = 'source "es"';
  const D = { node: 'https://es.example:9200', index: 'userale' };
  const map = (error: unknown, s: typeof scope | Omit<typeof scope, 'requestTimeoutMs' | 'keepAlive'> = scope) => {
    const e = toSourceError(error, s);
    return { code: e.code, message: e.message, details: e.details };
  };
  const bare = { source: 'es', index: 'userale', node: 'https://es.example:9200' };

  test('aborts, product check, timeouts', () => {
    assert.deepEqual(map(new errors.RequestAbortedError('Request aborted')), { code: 'aborted', message: 'The Elasticsearch read was aborted.', details: {} });
    assert.deepEqual(map(Object.assign(new Error('x'), { name: 'AbortError' })).code, 'aborted');
    assert.deepEqual(map(null).code, 'internal');
    assert.deepEqual(map(new errors.ProductNotSupportedError('Elasticsearch', {} as never)), {
      code: 'source_unavailable',
      message: `The server at https://es.example:9200 is not Elasticsearch (it does not identify itself with X-Elastic-Product: Elasticsearch). Check "node" for ${F}.`,
      details: { reason: 'not_elasticsearch', node: 'https://es.example:9200' },
    });
    assert.deepEqual(map(new errors.TimeoutError('Request timed out')), {
      code: 'timeout',
      message: `${W} did not answer within 3000 ms. Raise "requestTimeoutMs" for ${F}, narrow the query, or check the node's load.`,
      details: { reason: 'timeout', node: 'https://es.example:9200' },
    });
    assert.equal(map(new errors.TimeoutError('t'), bare).message, `${W} did not answer. Raise "requestTimeoutMs" for ${F}, narrow the query, or check the node's load.`);
  });

  test('unreadable responses, client configuration, anything else', () => {
    assert.deepEqual(map(new errors.DeserializationError('bad json', '{')), {
      code: 'source_unavailable',
      message: `${W} sent a response Distill could not read. Check that "node" for ${F} points at Elasticsearch.`,
      details: { reason: 'unreadable_response', node: 'https://es.example:9200' },
    });
    assert.equal(map(new errors.SerializationError('cannot serialize', {})).details.reason, 'unreadable_response');
    assert.deepEqual(map(new errors.ConfigurationError('Bad option\nsecond line')), {
      code: 'source_unavailable',
      message: `The Elasticsearch client rejected the request for ${F}: Bad option`,
      details: { reason: 'client_configuration' },
    });
    assert.deepEqual(map(new TypeError('boom')), { code: 'internal', message: `Reading ${F} failed unexpectedly. Re-run with NODE_DEBUG=distill* for details.`, details: {} });
  });

  test('responses: not Elasticsearch, 401, 403, index missing, point in time expired, 429, 400, 5xx, other', () => {
    assert.deepEqual(map(response(404, 'Not Found', {})), {
      code: 'source_unavailable',
      message: `The server at https://es.example:9200 did not answer as Elasticsearch (HTTP 404). Check the scheme (http:// or https://), host and port in "node" of ${F}.`,
      details: { reason: 'not_elasticsearch', status: 404, node: 'https://es.example:9200' },
    });
    assert.equal(map(response(401, 'no', {})).code, 'auth_failed', 'a 401 without the product header is still an authentication failure');
    assert.equal(map(response(403, 'no', {})).code, 'auth_failed');
    assert.equal(map(response(429, 'slow down', {})).details.reason, 'rate_limited');
    assert.equal(map(response(404, { error: { type: 'index_not_found_exception' } }, {})).code, 'source_not_found', 'an Elasticsearch error type without the header');
    assert.deepEqual(map(new errors.ResponseError({ body: undefined, statusCode: undefined, headers: {}, warnings: null, meta: {} } as never)).details, { reason: 'not_elasticsearch', status: 0, node: 'https://es.example:9200' });
    assert.deepEqual(map(response(401, {})), {
      code: 'auth_failed',
      message: `${W} rejected the credentials (401). Check "auth" for ${F}: the API key, username and password or bearer token, and the environment variables they are read from.`,
      details: { status: 401, ...D, reason: 'unauthenticated' },
    });
    assert.deepEqual(map(response(403, { error: { type: 'security_exception' } })), {
      code: 'auth_failed',
      message: `The credentials of ${F} may not read index "userale" (403). Grant them the "read" and "view_index_metadata" index privileges.`,
      details: { status: 403, type: 'security_exception', ...D, reason: 'forbidden' },
    });
    assert.deepEqual(map(response(404, { error: { type: 'index_not_found_exception' } })), {
      code: 'source_not_found',
      message: `Index "userale" does not exist on ${W}. Check "index" for ${F}.`,
      details: { status: 404, type: 'index_not_found_exception', ...D, reason: 'index_not_found' },
    });
    assert.deepEqual(map(response(404, { error: { type: 'search_context_missing_exception' } })), {
      code: 'source_unavailable',
      message: `The point in time expired between two pages. Raise "keepAlive" for ${F} (now 1m) or consume the results faster.`,
      details: { status: 404, type: 'search_context_missing_exception', ...D, reason: 'pit_expired' },
    });
    assert.equal(map(response(404, { error: { type: 'search_context_missing_exception' } }), bare).message, `The point in time expired between two pages. Raise "keepAlive" for ${F} or consume the results faster.`);
    assert.equal(map(response(404, { error: { type: 'x', reason: 'No Search Context found' } })).details.reason, 'pit_expired', 'by the reason of a 404');
    assert.equal(map(response(404, { error: { type: 'x', reason: 'point in time id not found' } })).details.reason, 'pit_expired');
    assert.equal(map(response(500, { error: { type: 'x', reason: 'point in time id not found' } })).details.reason, 'server_error', 'only a 404 says so by its reason');
    assert.equal(map(response(404, { error: { type: 'x', reason: 'other' } })).details.reason, 'unexpected_status');
    assert.equal(map(response(404, { error: { type: 'x' } })).details.reason, 'unexpected_status');
    assert.deepEqual(map(response(429, {})), {
      code: 'source_unavailable',
      message: `${W} kept answering 429 Too Many Requests after the retries. Try again later, lower "pageSize" or "slices" for ${F}, or raise "maxRetries".`,
      details: { status: 429, ...D, reason: 'rate_limited' },
    });
    assert.deepEqual(map(response(400, { error: { type: 'parsing_exception', reason: 'Unknown key for a START_OBJECT in [foo].' } })), {
      code: 'unsupported',
      message: `${W} rejected the request Distill built for ${F} (parsing_exception: Unknown key for a START_OBJECT in). Check the query's fields against the index mapping (distill fields).`,
      details: { status: 400, type: 'parsing_exception', ...D, reason: 'bad_request' },
    });
    assert.equal(
      map(response(400, {})).message,
      `${W} rejected the request Distill built for ${F} (bad request). Check the query's fields against the index mapping (distill fields).`,
    );
    assert.deepEqual(map(response(502, {})), { code: 'source_unavailable', message: `${W} failed (502). Check the cluster's health and try again.`, details: { status: 502, ...D, reason: 'server_error' } });
    assert.equal(map(response(500, { error: { type: 'x' } })).message, `${W} failed (500 x). Check the cluster's health and try again.`);
    assert.deepEqual(map(response(409, { error: { type: 'version_conflict' } })), {
      code: 'source_unavailable',
      message: `${W} answered 409 (version_conflict) for ${F}.`,
      details: { status: 409, type: 'version_conflict', ...D, reason: 'unexpected_status' },
    });
    assert.equal(map(response(499, {})).message, `${W} answered 499 for ${F}.`);
  });

  test('the error type: the root cause of a search phase failure, else the type; nothing without an error object', () => {
    assert.equal(errorType({ error: { type: 'search_phase_execution_exception', root_cause: [{ type: 'query_shard_exception' }] } }), 'query_shard_exception');
    assert.equal(errorType({ error: { type: 'search_phase_execution_exception', root_cause: [] } }), 'search_phase_execution_exception');
    assert.equal(errorType({ error: { type: 'other', root_cause: [{ type: 'inner' }] } }), 'other');
    assert.equal(errorType({ error: { type: 5 } }), undefined);
    assert.equal(errorType({ error: 'text' }), undefined);
    assert.equal(errorType({ error: null }), undefined);
    assert.equal(errorType(null), undefined);
    assert.equal(errorType(undefined), undefined);
  });

  test('the reason: root cause first, the first line, no quoted request, no trailing punctuation, at most 200 characters', () => {
    const reason = (error: unknown) => map(response(400, { error })).message.replace(/^.*\(bad request: |^.*\(x: /, '').replace(/\)\. Check.*$/, '');
    assert.equal(reason({ type: 'x', root_cause: [{ reason: 'from the root' }], reason: 'outer' }), 'from the root');
    assert.equal(reason({ type: 'x', root_cause: [{ reason: 5 }], reason: 'outer' }), 'outer');
    assert.equal(reason({ type: 'x', reason: 'line one;  \nline two' }), 'line one');
    assert.equal(reason({ type: 'x', reason: 'failed [term] : {"a":1}' }), 'failed');
    assert.equal(reason({ type: 'x', reason: 'a'.repeat(250) }), 'a'.repeat(200));
    assert.equal(map(response(400, { error: { type: 'x', reason: '{"only":"json"}' } })).message, `${W} rejected the request Distill built for ${F} (x). Check the query's fields against the index mapping (distill fields).`);
    assert.equal(map(response(400, { error: { type: 'x', reason: 7 } })).message, `${W} rejected the request Distill built for ${F} (x). Check the query's fields against the index mapping (distill fields).`);
  });

  test('connections and TLS: by code or message, of the error or its cause', () => {
    const tls = (hint: string, reason: string) => ({ code: 'tls_failed', message: `TLS with ${W} failed: ${hint}`, details: { reason, node: 'https://es.example:9200' } });
    assert.deepEqual(map(connection('fingerprint mismatch')), tls(`the node's CA certificate does not match "tls.caFingerprint" of ${F}. Check the fingerprint (SHA-256 of the CA certificate).`, 'ca_fingerprint_mismatch'));
    assert.deepEqual(map(connection('x', 'ERR_TLS_CERT_ALTNAME_INVALID')), tls(`the node's certificate is not valid for the host name in "node" of ${F}. Connect with a name the certificate lists, or fix its subject alternative names.`, 'hostname_mismatch'));
    assert.equal(map(connection("Host: x. is not in the cert's altnames: DNS:y")).details.reason, 'hostname_mismatch');
    assert.deepEqual(map(connection('x', 'CERT_NOT_YET_VALID')), tls(`the node's certificate has expired or is not valid yet. Renew it on the node.`, 'certificate_expired'));
    assert.deepEqual(map(connection('unable to get local issuer certificate')), tls(`the node's certificate is not signed by a CA Distill trusts. Set "tls.ca" of ${F} to the CA's PEM file, or pin the CA with "tls.caFingerprint".`, 'untrusted_certificate'));
    for (const text of ['x UNABLE_TO_GET_ISSUER_CERT', 'self signed certificate', 'bad certificate', 'CERT_REVOKED']) assert.equal(map(connection(text)).details.reason, 'untrusted_certificate', text);
    assert.deepEqual(map(connection('x', 'EPROTO')), tls(`the node does not speak TLS on that port. Use http:// (or the node's HTTPS port) in "node" of ${F}.`, 'not_tls'));
    for (const text of ['packet length too long', 'SSL routines', 'ERR_SSL_WRONG_VERSION', 'ssl3_get_record']) assert.equal(map(connection(text)).details.reason, 'not_tls', text);
    const unreachable = (why: string) => ({ code: 'source_unavailable', message: `Cannot reach ${W} (${why}). Check that the node is running and that "node" of ${F} is right.`, details: { reason: 'unreachable', node: 'https://es.example:9200' } });
    assert.deepEqual(map(connection('x', 'ECONNREFUSED')), unreachable('connection refused'));
    assert.deepEqual(map(connection('getaddrinfo EAI_AGAIN es')), unreachable('unknown host'));
    assert.deepEqual(map(connection('socket hang up')), unreachable('connection closed by the node'));
    for (const text of ['read ECONNRESET', 'other side closed', 'x UND_ERR_SOCKET']) assert.deepEqual(map(connection(text)), unreachable('connection closed by the node'), text);
    assert.deepEqual(map(new errors.NoLivingConnectionsError('There are no living connections', {} as never)), unreachable('no node answers'));
    assert.deepEqual(map(connection('weird')), unreachable('connection failed'));
    assert.deepEqual(map(Object.assign(new errors.ConnectionError('x'), { cause: { code: 'ECONNREFUSED' } })), unreachable('connection refused'));
    // Errors Node raises directly (not wrapped by the client), recognised by their code.
    assert.deepEqual(map(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), unreachable('connection refused'));
    assert.equal(map(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).details.reason, 'untrusted_certificate');
    assert.equal(map(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).details.reason, 'hostname_mismatch');
    assert.equal(map(Object.assign(new Error('x'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' })).details.reason, 'not_tls');
    assert.equal(map(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' })).details.reason, 'unreachable');
    assert.equal(map(Object.assign(new Error('x'), { code: 'ECONNRESET1' })).code, 'internal', 'not a socket error code');
    assert.equal(map(Object.assign(new Error('x'), { code: 'econnreset' })).code, 'internal');
    assert.equal(map(Object.assign(new Error('x'), { code: 'XECONNRESET' })).code, 'internal');
    assert.equal(map(Object.assign(new Error('x'), { code: 5 })).code, 'internal');
  });

  test('each pattern on its own: host names, expiry, trust, not TLS; a response without headers', () => {
    assert.equal(map(connection("Hostname/IP does not match certificate's altnames: IP: 10.0.0.1")).details.reason, 'hostname_mismatch');
    assert.equal(map(connection('certificate has expired')).details.reason, 'certificate_expired');
    assert.equal(map(connection('x', 'CERT_HAS_EXPIRED')).details.reason, 'certificate_expired');
    assert.equal(map(connection('self-signed certificate')).details.reason, 'untrusted_certificate');
    assert.equal(map(connection('peer is self-signed')).details.reason, 'untrusted_certificate');
    assert.equal(map(connection('peer is self signed')).details.reason, 'untrusted_certificate');
    assert.equal(map(connection('x', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')).details.reason, 'untrusted_certificate');
    assert.equal(map(connection('x', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY')).details.reason, 'untrusted_certificate');
    assert.equal(map(connection('unable to verify the first one')).details.reason, 'untrusted_certificate');
    assert.equal(map(connection('wrong version number')).details.reason, 'not_tls');
    assert.equal(map(connection('getaddrinfo ENOTFOUND es')).message, `Cannot reach ${W} (unknown host). Check that the node is running and that "node" of ${F} is right.`);
    assert.equal(map(connection('no living connections')).message, `Cannot reach ${W} (no node answers). Check that the node is running and that "node" of ${F} is right.`);
    assert.equal(map(new errors.ResponseError({ body: 'x', statusCode: 502, warnings: null, meta: {} } as never)).details.reason, 'not_elasticsearch');
  });

  test('the original error is kept as the cause (for NODE_DEBUG), never in the message', () => {
    const abort = new errors.RequestAbortedError('Request aborted');
    assert.equal(toSourceError(abort, scope).cause, abort);
    const odd = new TypeError('boom');
    assert.equal(toSourceError(odd, scope).cause, odd);
  });

  test('Node socket codes without a CERT part, CERT codes alone, a null error body', () => {
    assert.equal(map(Object.assign(new Error('x'), { code: 'ERR_TLS_HANDSHAKE_TIMEOUT' })).details.reason, 'unreachable');
    assert.equal(map(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' })).details.reason, 'certificate_expired');
    assert.equal(map(response(400, { error: null })).message, `${W} rejected the request Distill built for ${F} (bad request). Check the query's fields against the index mapping (distill fields).`);
  });

  test('reasons: leading blanks and several trailing separators go', () => {
    const message = (reason: string) => map(response(400, { error: { type: 'x', reason } })).message;
    assert.equal(message('  bad value: , [x]'), `${W} rejected the request Distill built for ${F} (x: bad value). Check the query's fields against the index mapping (distill fields).`);
    assert.equal(map(new errors.ConfigurationError('  Bad option  ')).message, `The Elasticsearch client rejected the request for ${F}: Bad option`);
  });

  test('redactUrl: credentials and the trailing slash removed; an invalid URL named as such', () => {
    assert.equal(redactUrl('http://user@es:9200'), 'http://es:9200');
    assert.equal(redactUrl('https://es.example:9200/prefix/'), 'https://es.example:9200/prefix');
    assert.equal(redactUrl('not a url'), '(invalid URL)');
  });
});
