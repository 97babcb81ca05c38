import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { AbortedError } from '../../../src/core/errors.js';
import { followAbort } from '../../../src/sources/elasticsearch/follow-abort.js';

test('followAbort: the own signal aborts with the caller’s; stop removes the listener and aborts the own signal', () => {
  const caller = new AbortController();
  const link = followAbort(caller.signal);
  assert.equal(getEventListeners(caller.signal, 'abort').length, 1);
  assert.notEqual(link.signal, caller.signal);
  assert.equal(link.signal.aborted, false);
  caller.abort();
  assert.equal(link.signal.aborted, true);
  assert.equal(getEventListeners(caller.signal, 'abort').length, 0, 'registered once: the abort removed it');

  const other = new AbortController();
  const second = followAbort(other.signal);
  second.stop();
  assert.deepEqual(getEventListeners(other.signal, 'abort'), []);
  assert.equal(second.signal.aborted, true, 'stop aborts what is still in flight');
  assert.equal(other.signal.aborted, false, 'the caller’s signal is left alone');
});

test('followAbort: an already aborted signal is refused (its listener would never fire); no signal is followed by nothing', () => {
  const caller = new AbortController();
  caller.abort();
  assert.throws(() => followAbort(caller.signal), (error: unknown) => {
    assert.ok(error instanceof AbortedError);
    assert.equal(error.code, 'aborted');
    assert.equal(error.message, 'The operation was aborted.');
    return true;
  });
  assert.deepEqual(getEventListeners(caller.signal, 'abort'), []);
  const alone = followAbort(undefined);
  assert.equal(alone.signal.aborted, false);
  alone.stop();
  assert.equal(alone.signal.aborted, true);
});
