import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbortedError,
  AuthFailedError,
  DistillError,
  InvalidArgumentError,
  InvalidConfigError,
  InvalidPipelineError,
  InvalidQueryError,
  LimitExceededError,
  MalformedInputError,
  SourceNotFoundError,
  SourceTimeoutError,
  SourceUnavailableError,
  TlsFailedError,
  UnknownOperatorError,
  UnsupportedError,
  toDistillError,
  type DistillErrorOptions,
  type ErrorCode,
  type Issue,
} from '../../src/core/errors.js';

type Subclass = new (message: string, options?: DistillErrorOptions) => DistillError;

// Every subclass with the literal name and the stable code it must carry.
const SUBCLASSES: readonly [Subclass, string, ErrorCode][] = [
  [InvalidQueryError, 'InvalidQueryError', 'invalid_query'],
  [InvalidPipelineError, 'InvalidPipelineError', 'invalid_pipeline'],
  [LimitExceededError, 'LimitExceededError', 'limit_exceeded'],
  [InvalidConfigError, 'InvalidConfigError', 'invalid_config'],
  [InvalidArgumentError, 'InvalidArgumentError', 'invalid_argument'],
  [UnknownOperatorError, 'UnknownOperatorError', 'unknown_operator'],
  [SourceNotFoundError, 'SourceNotFoundError', 'source_not_found'],
  [SourceUnavailableError, 'SourceUnavailableError', 'source_unavailable'],
  [AuthFailedError, 'AuthFailedError', 'auth_failed'],
  [TlsFailedError, 'TlsFailedError', 'tls_failed'],
  [SourceTimeoutError, 'SourceTimeoutError', 'timeout'],
  [MalformedInputError, 'MalformedInputError', 'malformed_input'],
  [UnsupportedError, 'UnsupportedError', 'unsupported'],
  [AbortedError, 'AbortedError', 'aborted'],
];

const issues: readonly Issue[] = [{ code: 'invalid_type', path: ['steps', 2, 'by'], message: 'Expected string, got number 3.' }];

test('the base class: code, message, no issues and no details by default, no cause property unless given', () => {
  const e = new DistillError('internal', 'Something broke.');
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'DistillError');
  assert.equal(e.code, 'internal');
  assert.equal(e.message, 'Something broke.');
  assert.deepEqual(e.issues, []);
  assert.deepEqual(e.details, {});
  assert.equal(Object.hasOwn(e, 'cause'), false);
  assert.deepEqual(e.toJSON(), { code: 'internal', message: 'Something broke.', issues: [], details: {} });
  assert.equal(JSON.stringify(e), '{"code":"internal","message":"Something broke.","issues":[],"details":{}}');
});

test('the base class keeps the issues, details and cause it is given, and toJSON shows all but the cause', () => {
  const cause = new Error('socket hang up');
  const e = new DistillError('source_unavailable', 'Elasticsearch is unreachable.', { issues, details: { node: 'https://es:9200' }, cause });
  assert.equal(e.issues, issues);
  assert.deepEqual(e.details, { node: 'https://es:9200' });
  assert.equal(e.cause, cause);
  assert.equal(Object.hasOwn(e, 'cause'), true);
  assert.deepEqual(e.toJSON(), {
    code: 'source_unavailable',
    message: 'Elasticsearch is unreachable.',
    issues: [{ code: 'invalid_type', path: ['steps', 2, 'by'], message: 'Expected string, got number 3.' }],
    details: { node: 'https://es:9200' },
  });
});

test('a falsy cause other than undefined is still kept', () => {
  const e = new DistillError('internal', 'x', { cause: 0 });
  assert.equal(Object.hasOwn(e, 'cause'), true);
  assert.equal(e.cause, 0);
});

test('every subclass has its literal name and stable code, and passes message, issues, details and cause through', () => {
  for (const [Class, name, code] of SUBCLASSES) {
    const bare = new Class('Bare.');
    assert.ok(bare instanceof DistillError, name);
    assert.ok(bare instanceof Class, name);
    assert.equal(bare.name, name);
    assert.equal(bare.code, code, name);
    assert.equal(bare.message, 'Bare.', name);
    assert.deepEqual(bare.issues, [], name);
    assert.deepEqual(bare.details, {}, name);
    assert.equal(Object.hasOwn(bare, 'cause'), false, name);
    assert.deepEqual(bare.toJSON(), { code, message: 'Bare.', issues: [], details: {} }, name);

    const cause = new Error('underneath');
    const full = new Class('Full.', { issues, details: { n: 1 }, cause });
    assert.deepEqual(full.toJSON(), { code, message: 'Full.', issues, details: { n: 1 } }, name);
    assert.equal(full.cause, cause, name);
  }
  // Names are distinct, so `error.name` alone tells the class.
  assert.equal(new Set(SUBCLASSES.map(([, name]) => name)).size, SUBCLASSES.length);
});

test('AbortedError has a default message', () => {
  const e = new AbortedError();
  assert.equal(e.message, 'The operation was aborted.');
  assert.equal(e.code, 'aborted');
  assert.deepEqual(e.issues, []);
  const withCause = new AbortedError(undefined, { cause: 'stop' });
  assert.equal(withCause.message, 'The operation was aborted.');
  assert.equal(withCause.cause, 'stop');
});

test('toDistillError returns a DistillError as it is', () => {
  const e = new InvalidQueryError('Bad query.', { issues });
  assert.equal(toDistillError(e), e);
  const base = new DistillError('busy', 'Busy.');
  assert.equal(toDistillError(base), base);
});

test('toDistillError turns an AbortError (DOMException or any object named so) into AbortedError, keeping the cause', () => {
  const controller = new AbortController();
  controller.abort();
  const reason: unknown = controller.signal.reason;
  const fromSignal = toDistillError(reason);
  assert.ok(fromSignal instanceof AbortedError);
  assert.equal(fromSignal.code, 'aborted');
  assert.equal(fromSignal.message, 'The operation was aborted.');
  assert.equal(fromSignal.cause, reason);

  const plain = { name: 'AbortError' };
  const fromPlain = toDistillError(plain);
  assert.ok(fromPlain instanceof AbortedError);
  assert.equal(fromPlain.cause, plain);
});

test('toDistillError wraps anything else as internal, with a fixed message and the original as cause', () => {
  const message = 'Distill hit an internal error. Re-run with NODE_DEBUG=distill* for details.';
  const error = new TypeError('x is not a function');
  const thrownValues: unknown[] = [error, null, undefined, 'AbortError', 42, { name: 'TimeoutError' }, { message: 'AbortError' }, Object.create(null)];
  for (const [i, thrown] of thrownValues.entries()) {
    const wrapped = toDistillError(thrown);
    assert.equal(wrapped.constructor, DistillError, `value ${i}`);
    assert.equal(wrapped.name, 'DistillError');
    assert.equal(wrapped.code, 'internal');
    assert.equal(wrapped.message, message);
    assert.equal(wrapped.cause, thrown);
    assert.equal(Object.hasOwn(wrapped, 'cause'), thrown !== undefined);
    assert.deepEqual(wrapped.toJSON(), { code: 'internal', message, issues: [], details: {} });
  }
});
