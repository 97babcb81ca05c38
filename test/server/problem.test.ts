import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DistillError, type ErrorCode } from '../../src/core/errors.js';
import { statusText, toProblem } from '../../src/server/problem.js';

// The problem document (RFC 9457) of every error code, written out: status, title and type are API, clients
// branch on them, so each is asserted exactly.

const EXPECTED: Record<ErrorCode, [number, string]> = {
  invalid_argument: [400, 'Invalid request'],
  invalid_query: [422, 'Invalid query'],
  invalid_pipeline: [422, 'Invalid pipeline'],
  invalid_config: [500, 'Server configuration error'],
  invalid_plugin: [500, 'Server plugin error'],
  unknown_operator: [404, 'Unknown operator'],
  source_not_found: [404, 'Source not found'],
  source_unavailable: [503, 'Source unavailable'],
  auth_failed: [502, "Source refused the server's credentials"],
  tls_failed: [502, 'TLS to the source failed'],
  malformed_input: [422, 'Malformed source data'],
  unsupported: [501, 'Not supported'],
  aborted: [503, 'Request aborted'],
  internal: [500, 'Internal error'],
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  not_found: [404, 'Not found'],
  method_not_allowed: [405, 'Method not allowed'],
  not_acceptable: [406, 'Not acceptable'],
  payload_too_large: [413, 'Request body too large'],
  timeout: [504, 'Request timed out'],
  busy: [503, 'Server busy'],
  limit_exceeded: [422, 'Limit exceeded'],
};

test('every error code: its status, title, type URI, detail, instance and issues', () => {
  for (const [code, [status, title]] of Object.entries(EXPECTED) as [ErrorCode, [number, string]][]) {
    const issue = { code: 'x', path: ['a', 0], message: 'm' };
    const { problem, error } = toProblem(new DistillError(code, `msg ${code}`, { issues: [issue] }), 'req-1');
    assert.deepEqual(problem, {
      type: `https://distill.dev/problems/${code}`,
      title,
      status,
      detail: `msg ${code}`,
      code,
      instance: 'urn:distill:request:req-1',
      requestId: 'req-1',
      issues: [issue],
    });
    assert.equal(error.code, code);
  }
});

test('details travel when there are some, and only then', () => {
  const { problem } = toProblem(new DistillError('timeout', 'slow', { details: { afterMs: 300 } }), 'r');
  assert.deepEqual(problem.details, { afterMs: 300 });
  assert.equal('details' in toProblem(new DistillError('timeout', 'slow'), 'r').problem, false);
});

test('anything that is not a DistillError is an internal problem with a generic detail; abort errors are aborted', () => {
  const { problem } = toProblem(new TypeError('secret /etc/passwd'), 'r2');
  assert.deepEqual(problem, {
    type: 'https://distill.dev/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'Distill hit an internal error. Re-run with NODE_DEBUG=distill* for details.',
    code: 'internal',
    instance: 'urn:distill:request:r2',
    requestId: 'r2',
    issues: [],
  });
  const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
  assert.equal(toProblem(abort, 'r3').problem.code, 'aborted');
  assert.equal(toProblem(abort, 'r3').problem.status, 503);
});

test('status text is the reason phrase, empty for an unknown status', () => {
  assert.equal(statusText(404), 'Not Found');
  assert.equal(statusText(422), 'Unprocessable Entity');
  assert.equal(statusText(799), '');
});
