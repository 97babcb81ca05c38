import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCertificate } from '../../../src/server/tls/ensure-certificate.js';
import { generateSelfSignedCertificate } from '../../../src/server/tls/self-signed-certificate.js';
import { certificateFingerprint } from '../../../src/server/tls/fingerprint.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'distill-ensure-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('generated on first start into the home (key user-only), then reused', () =>
  withDir(async (dir) => {
    const home = path.join(dir, 'home');
    const first = await ensureCertificate({ home });
    assert.equal(first.origin, 'generated');
    assert.equal(first.certPath, path.join(home, 'cert.pem'));
    assert.equal(first.fingerprint, certificateFingerprint(await readFile(first.certPath, 'utf8')));
    if (process.platform !== 'win32') {
      assert.equal((await stat(path.join(home, 'key.pem'))).mode & 0o777, 0o600);
      assert.equal((await stat(home)).mode & 0o777, 0o700);
    }
    const again = await ensureCertificate({ home });
    assert.equal(again.origin, 'stored');
    assert.equal(again.fingerprint, first.fingerprint);
  }));

test('regenerated when about to expire or damaged', () =>
  withDir(async (dir) => {
    const old = generateSelfSignedCertificate({ now: new Date(Date.now() - 820 * 86_400_000) });
    await writeFile(path.join(dir, 'cert.pem'), old.certPem);
    await writeFile(path.join(dir, 'key.pem'), old.keyPem);
    const renewed = await ensureCertificate({ home: dir });
    assert.equal(renewed.origin, 'generated');
    await writeFile(path.join(dir, 'cert.pem'), 'garbage');
    assert.equal((await ensureCertificate({ home: dir })).origin, 'generated');
  }));

test('the user\'s own files: both needed, the key must match, missing files are named', () =>
  withDir(async (dir) => {
    const a = generateSelfSignedCertificate();
    const b = generateSelfSignedCertificate();
    await writeFile(path.join(dir, 'a.pem'), a.certPem);
    await writeFile(path.join(dir, 'a.key'), a.keyPem);
    await writeFile(path.join(dir, 'b.key'), b.keyPem);
    const mine = await ensureCertificate({ home: dir, certFile: path.join(dir, 'a.pem'), keyFile: path.join(dir, 'a.key') });
    assert.equal(mine.origin, 'user');
    await assert.rejects(ensureCertificate({ home: dir, certFile: path.join(dir, 'a.pem') }), { code: 'invalid_argument' });
    await assert.rejects(ensureCertificate({ home: dir, certFile: path.join(dir, 'a.pem'), keyFile: path.join(dir, 'b.key') }), { code: 'invalid_argument', message: /does not belong/ });
    await assert.rejects(ensureCertificate({ home: dir, certFile: path.join(dir, 'nope.pem'), keyFile: path.join(dir, 'a.key') }), { code: 'source_not_found' });
    await assert.rejects(ensureCertificate({ home: dir, certFile: path.join(dir, 'a.key'), keyFile: path.join(dir, 'a.key') }), { code: 'invalid_argument', message: /not a PEM certificate/ });
  }));
