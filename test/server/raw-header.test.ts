import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawHeader } from '../../src/server/raw-header.js';

test('a header from rawHeaders: case-insensitive; repeated ones first-wins or joined like req.headers', () => {
  const raw = ['Host', 'a', 'x-request-id', 'r1', 'AUTHORIZATION', 'Bearer one', 'X-Request-Id', 'r2', 'Authorization', 'Bearer two'];
  assert.equal(rawHeader(raw, 'host'), 'a');
  assert.equal(rawHeader(raw, 'authorization'), 'Bearer one');
  assert.equal(rawHeader(raw, 'x-request-id'), 'r1');
  assert.equal(rawHeader(raw, 'x-request-id', true), 'r1, r2');
  assert.equal(rawHeader(raw, 'accept'), undefined);
  assert.equal(rawHeader(raw, 'accept', true), undefined);
  assert.equal(rawHeader([], 'host'), undefined);
});
