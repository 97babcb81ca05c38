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
  // Same length, one character off (first, last); a shorter guess padded with NULs is not the token either.
  assert.equal(verify(`${token[0] === 'a' ? 'b' : 'a'}${token.slice(1)}`), false);
  assert.equal(verify(`${token.slice(0, -1)}${token.at(-1) === 'a' ? 'b' : 'a'}`), false);
  assert.equal(tokenVerifier('abcdefghijklmnop\u0000')('abcdefghijklmnop'), false);
  assert.equal(tokenVerifier('abcdefghijklmnop\u0000')('abcdefghijklmnop\u0000'), true);
  assert.equal(tokenVerifier('pässwörd-0123456789')('pässwörd-0123456789'), true);
  assert.equal(tokenVerifier('pässwörd-0123456789')('passwoerd-0123456789'), false);
  assert.notEqual(generateToken(), token);
});

test('configured tokens: exactly 16 characters is enough, 15 is not; whitespace anywhere is refused; each message names its origin', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'distill-token-'));
  try {
    assert.deepEqual(await resolveToken({ home, flag: 'a'.repeat(16) }), { token: 'a'.repeat(16), origin: 'flag' });
    const cases: [Parameters<typeof resolveToken>[0], string][] = [
      [{ home, flag: 'a'.repeat(15) }, '--token is too short: use at least 16 characters (or leave it unset to have one generated).'],
      [{ home, env: 'a'.repeat(15) }, 'DISTILL_TOKEN is too short: use at least 16 characters (or leave it unset to have one generated).'],
      [{ home, config: 'b'.repeat(15) }, 'server.token is too short: use at least 16 characters (or leave it unset to have one generated).'],
      [{ home, config: `${'b'.repeat(16)}\t` }, 'server.token must not contain whitespace.'],
      [{ home, env: `${'b'.repeat(8)}\n${'b'.repeat(8)}` }, 'DISTILL_TOKEN must not contain whitespace.'],
      [{ home, flag: ` ${'c'.repeat(16)}` }, '--token must not contain whitespace.'],
    ];
    for (const [options, message] of cases) await assert.rejects(resolveToken(options), { code: 'invalid_argument', message });
    // Empty values count as unset: the next origin decides.
    assert.deepEqual(await resolveToken({ home, flag: '', env: '', config: 'config-token-0123456789' }), { token: 'config-token-0123456789', origin: 'config' });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('a stored token is reused trimmed when it is at least 16 characters without inner whitespace, else replaced', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'distill-token-'));
  const file = path.join(home, 'token');
  try {
    await writeFile(file, `  ${'s'.repeat(16)}\n\n`);
    assert.deepEqual(await resolveToken({ home }), { token: 's'.repeat(16), origin: 'stored', file });
    for (const damaged of ['s'.repeat(15), `${'s'.repeat(10)} ${'s'.repeat(10)}`]) {
      await writeFile(file, `${damaged}\n`);
      const r = await resolveToken({ home });
      assert.equal(r.origin, 'generated', JSON.stringify(damaged));
      assert.equal(r.file, file);
      assert.equal(await readFile(file, 'utf8'), `${r.token}\n`);
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
