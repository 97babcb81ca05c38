import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateToken, resolveToken, tokenVerifier } from '../../src/server/token.js';

test('precedence: flag, then DISTILL_TOKEN, then config, then the stored token, else a new one stored user-only', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'distill-token-'));
  try {
    const generated = await resolveToken({ home });
    assert.equal(generated.origin, 'generated');
    assert.match(generated.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await readFile(path.join(home, 'token'), 'utf8')).trim(), generated.token);
    if (process.platform !== 'win32') assert.equal((await stat(path.join(home, 'token'))).mode & 0o777, 0o600);
    assert.deepEqual(await resolveToken({ home }), { token: generated.token, origin: 'stored', file: path.join(home, 'token') });
    assert.equal((await resolveToken({ home, config: 'config-token-0123456789' })).origin, 'config');
    assert.equal((await resolveToken({ home, config: 'config-token-0123456789', env: 'env-token-0123456789ab' })).token, 'env-token-0123456789ab');
    assert.equal((await resolveToken({ home, env: 'env-token-0123456789ab', flag: 'flag-token-0123456789a' })).origin, 'flag');
    await assert.rejects(resolveToken({ home, env: 'short' }), { code: 'invalid_argument', message: /DISTILL_TOKEN is too short/ });
    await assert.rejects(resolveToken({ home, flag: 'has space in the token' }), { code: 'invalid_argument' });
    await writeFile(path.join(home, 'token'), 'x\n');
    assert.equal((await resolveToken({ home })).origin, 'generated', 'a damaged stored token is replaced');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('the verifier accepts only the exact token, whatever the length of the guess', () => {
  const token = generateToken();
  const verify = tokenVerifier(token);
  assert.equal(verify(token), true);
  assert.equal(verify(`${token}x`), false);
  assert.equal(verify(token.slice(0, -1)), false);
  assert.equal(verify(''), false);
  assert.equal(verify('x'.repeat(10_000)), false);
  assert.notEqual(generateToken(), token);
});
