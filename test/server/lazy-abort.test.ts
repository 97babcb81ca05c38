import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyAbort } from '../../src/server/lazy-abort.js';

test('the signal is made on first use and is the same object afterwards; abort fires it with the reason, once', () => {
  const calls: unknown[] = [];
  const handle = new LazyAbort((reason) => calls.push(reason));
  const signal = handle.signal;
  assert.equal(handle.signal, signal);
  assert.equal(signal.aborted, false);
  assert.equal(handle.aborted, false);
  assert.equal(handle.reason, undefined);
  const events: unknown[] = [];
  signal.addEventListener('abort', () => events.push(signal.reason));
  const first = new Error('client gone');
  handle.abort(first);
  handle.abort(new Error('second'));
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, first);
  assert.deepEqual(events, [first]);
  assert.deepEqual(calls, [first]);
  assert.equal(handle.aborted, true);
  assert.equal(handle.reason, first);
});

test('aborted before anyone asked for the signal: the signal made later is already aborted with that reason', () => {
  const handle = new LazyAbort();
  const reason = new Error('timeout');
  handle.abort(reason);
  assert.equal(handle.signal.aborted, true);
  assert.equal(handle.signal.reason, reason);
});
