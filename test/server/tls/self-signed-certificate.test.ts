import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSelfSignedCertificate, ipBytes } from '../../../src/server/tls/self-signed-certificate.js';

const now = new Date('2026-11-27T12:00:00Z');

test('a self-signed P-256 certificate that node parses, with SANs, validity and matching key', () => {
  const { certPem, keyPem } = generateSelfSignedCertificate({ now });
  const cert = new X509Certificate(certPem);
  assert.equal(cert.subject, 'O=Distill\nCN=Distill local server');
  assert.equal(cert.issuer, cert.subject);
  assert.equal(cert.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.equal(cert.ca, false);
  assert.equal(new Date(cert.validFrom).toISOString(), '2026-11-27T11:00:00.000Z');
  assert.equal(new Date(cert.validTo).toISOString(), '2029-03-01T12:00:00.000Z');
  assert.ok(cert.checkPrivateKey(createPrivateKey(keyPem)));
  assert.ok(cert.verify(cert.publicKey));
  assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.ok(cert.checkHost('localhost') !== undefined);
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkIP('::1'), '::1');
  assert.equal(cert.checkIP('10.0.0.1'), undefined);
  assert.notEqual(generateSelfSignedCertificate({ now }).certPem, certPem, 'fresh key and serial each time');
});

test('OpenSSL reads the extensions and accepts the certificate as its own trust anchor under -x509_strict for TLS servers', async (t) => {
  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (openssl.status !== 0) {
    // CI installs openssl (.ci/run): there a missing tool is a failure, not a reason to skip.
    if (process.env.CI === 'true') assert.fail('openssl is not installed, and CI=true: .ci/run must install it');
    t.skip('openssl is not installed');
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'distill-cert-'));
  try {
    const file = path.join(dir, 'cert.pem');
    await writeFile(file, generateSelfSignedCertificate().certPem);
    const text = spawnSync('openssl', ['x509', '-in', file, '-noout', '-text'], { encoding: 'utf8' }).stdout;
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
    assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature/);
    assert.match(text, /X509v3 Extended Key Usage:\s*\n\s+TLS Web Server Authentication/);
    const ski = /Subject Key Identifier:\s*\n\s+([0-9A-F:]+)/.exec(text)?.[1];
    const aki = /Authority Key Identifier:\s*\n\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1];
    assert.ok(ski !== undefined && ski.length === 59);
    assert.equal(aki, ski);
    assert.match(text, /DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/);
    const verify = spawnSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', file, file], { encoding: 'utf8' });
    assert.equal(verify.stdout.trim(), `${file}: OK`, verify.stderr);
    const parse = spawnSync('openssl', ['asn1parse', '-in', file, '-strictpem'], { encoding: 'utf8' });
    assert.equal(parse.status, 0, parse.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('IP addresses encode as 4 or 16 bytes', () => {
  assert.equal(ipBytes('127.0.0.1').toString('hex'), '7f000001');
  assert.equal(ipBytes('::1').toString('hex'), '00000000000000000000000000000001');
  assert.equal(ipBytes('fe80::1:2').toString('hex'), 'fe800000000000000000000000010002');
  assert.throws(() => ipBytes('300.1.1.1'), RangeError);
  assert.throws(() => ipBytes('nope'), RangeError);
});
