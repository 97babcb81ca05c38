import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserSessions, MAX_PENDING_SECRETS, SESSION_TTL_MS } from '../../../src/server/browser/browser-sessions.js';

test('a one-time secret is accepted once; unknown secrets never', () => {
  const b = new BrowserSessions(() => 0);
  const secret = b.issueSecret();
  assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(b.redeemSecret('made-up'), false);
  assert.equal(b.redeemSecret(secret), true);
  assert.equal(b.redeemSecret(secret), false);
});

test('at most 16 unused secrets are kept: the oldest is dropped first', () => {
  const b = new BrowserSessions(() => 0);
  const secrets = Array.from({ length: MAX_PENDING_SECRETS + 1 }, () => b.issueSecret());
  assert.equal(b.redeemSecret(secrets[0]!), false);
  assert.equal(b.redeemSecret(secrets[1]!), true);
  assert.equal(b.redeemSecret(secrets[MAX_PENDING_SECRETS]!), true);
});

test('a session lasts 12 hours from sign-in, and sign-out ends it at once', () => {
  let now = 1_000;
  const b = new BrowserSessions(() => now);
  const id = b.open();
  const other = b.open();
  now += SESSION_TTL_MS - 1;
  assert.equal(b.check(id), true);
  b.close(other);
  assert.equal(b.check(other), false);
  now += 1;
  assert.equal(b.check(id), false);
  assert.equal(b.check('not-a-session'), false);
});
