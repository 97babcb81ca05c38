import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from '@elastic/elasticsearch';
import { DistillError, SourceNotFoundError } from '../../../src/core/errors.js';
import { redactUrl, toSourceError } from '../../../src/sources/elasticsearch/map-error.js';

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
