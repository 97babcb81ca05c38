import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { generateSelfSignedCertificate } from '../../../src/server/tls/self-signed-certificate.js';
import { opensslAvailable, withPemFiles } from '../../helpers/openssl.js';

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
  if (!opensslAvailable(t)) return;
  await withPemFiles({ 'cert.pem': generateSelfSignedCertificate().certPem }, (openssl) => {
    const text = openssl('x509', '-in', 'cert.pem', '-noout', '-text').stdout;
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
    const verify = openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'cert.pem', 'cert.pem');
    assert.equal(verify.stdout.trim(), 'cert.pem: OK', verify.stderr);
    const parse = openssl('asn1parse', '-in', 'cert.pem', '-strictpem');
    assert.equal(parse.status, 0, parse.stderr);
    // The shape, in DER order: algorithm, issuer, subject, key, then each extension and its critical flag.
    const shape = parse.stdout.split('\n').flatMap((line) => /prim: (?:OBJECT|BOOLEAN) +:(.*)$/.exec(line)?.[1] ?? []);
    assert.deepEqual(shape, [
      'ecdsa-with-SHA256',
      'organizationName',
      'commonName',
      'organizationName',
      'commonName',
      'id-ecPublicKey',
      'prime256v1',
      'X509v3 Basic Constraints',
      '255',
      'X509v3 Key Usage',
      '255',
      'X509v3 Extended Key Usage',
      'X509v3 Subject Key Identifier',
      'X509v3 Authority Key Identifier',
      'X509v3 Subject Alternative Name',
      'ecdsa-with-SHA256',
    ]);
  });
});
