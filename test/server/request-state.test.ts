import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyAbort } from '../../src/server/lazy-abort.js';
import { RequestState } from '../../src/server/request-state.js';

test('keeps what the outer middleware set and reads the signal from the abort handle', () => {
  const handle = new LazyAbort();
  const state = new RequestState({ requestId: 'req-1', authenticated: true }, handle);
  assert.equal(state.requestId, 'req-1');
  assert.equal(state.authenticated, true);
  assert.equal(state.clientGone, undefined);
  assert.equal(state.signal, handle.signal);
  handle.abort('gone');
  assert.equal(state.signal.aborted, true);
  assert.equal(state.signal.reason, 'gone');
});

test('defaults without earlier state: no id yet, not authenticated', () => {
  const state = new RequestState({}, new LazyAbort());
  assert.equal(state.requestId, '');
  assert.equal(state.authenticated, false);
  assert.equal(state.signal.aborted, false);
});
