import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { generateCertificate } from '../../../src/server/tls/generate-certificate.js';
import { opensslAvailable, withPemFiles } from '../../helpers/openssl.js';

// A CA and the certificates it signs, read back by independent readers: node's X509Certificate (OpenSSL through
// node's bindings) and the openssl command line under -x509_strict. The self-signed server profile is
// self-signed-certificate.test.ts's.

const now = new Date('2026-11-27T12:00:00Z');
const ca = generateCertificate({ commonName: 'Test CA', ca: true, now, days: 10 });
const leaf = generateCertificate({ commonName: 'node-1', dnsNames: ['node-1.local'], ipAddresses: ['10.0.0.7'], issuer: { privateKey: ca.keyPem, commonName: 'Test CA' }, now });

test('a CA certificate: self-signed, CA:TRUE, no SubjectAltName or ExtendedKeyUsage', () => {
  const cert = new X509Certificate(ca.certPem);
  assert.equal(cert.subject, 'O=Distill\nCN=Test CA');
  assert.equal(cert.issuer, cert.subject);
  assert.equal(cert.ca, true);
  assert.equal(cert.subjectAltName, undefined);
  assert.equal(cert.keyUsage, undefined, 'node reports the ExtendedKeyUsage here: a CA has none');
  assert.equal(cert.verify(cert.publicKey), true);
  assert.equal(cert.checkIssued(cert), true);
  assert.equal(cert.checkPrivateKey(createPrivateKey(ca.keyPem)), true);
  assert.equal(new Date(cert.validFrom).toISOString(), '2026-11-27T11:00:00.000Z');
  assert.equal(new Date(cert.validTo).toISOString(), '2026-12-07T12:00:00.000Z');
});

test('a server certificate signed by the CA: issuer name, signature and key are the CA\'s, the rest its own', () => {
  const caCert = new X509Certificate(ca.certPem);
  const cert = new X509Certificate(leaf.certPem);
  assert.equal(cert.subject, 'O=Distill\nCN=node-1');
  assert.equal(cert.issuer, 'O=Distill\nCN=Test CA');
  assert.equal(cert.ca, false);
  assert.equal(cert.subjectAltName, 'DNS:node-1.local, IP Address:10.0.0.7');
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.equal(cert.verify(caCert.publicKey), true);
  assert.equal(cert.verify(cert.publicKey), false, 'not self-signed');
  assert.equal(cert.checkIssued(caCert), true);
  assert.equal(caCert.checkIssued(cert), false);
  assert.equal(cert.checkPrivateKey(createPrivateKey(leaf.keyPem)), true);
  assert.equal(cert.checkPrivateKey(createPrivateKey(ca.keyPem)), false, 'its own key, not the issuer\'s');
  assert.equal(new Date(cert.validTo).toISOString(), '2029-03-01T12:00:00.000Z');
});

test('the issuer key may be a KeyObject as well as PEM; a CA may sign an intermediate CA', () => {
  const intermediate = generateCertificate({ commonName: 'Intermediate', ca: true, issuer: { privateKey: createPrivateKey(ca.keyPem), commonName: 'Test CA' } });
  const cert = new X509Certificate(intermediate.certPem);
  assert.equal(cert.ca, true);
  assert.equal(cert.issuer, 'O=Distill\nCN=Test CA');
  assert.equal(cert.checkIssued(new X509Certificate(ca.certPem)), true);
  const end = new X509Certificate(generateCertificate({ issuer: { privateKey: intermediate.keyPem, commonName: 'Intermediate' } }).certPem);
  assert.equal(end.issuer, 'O=Distill\nCN=Intermediate');
  assert.equal(end.subject, 'O=Distill\nCN=Distill local server');
  assert.equal(end.verify(cert.publicKey), true);
});

test('openssl -x509_strict: the CA anchors the server certificate for sslserver; a non-CA issuer is refused', async (t) => {
  if (!opensslAvailable(t)) return;
  const notCa = generateCertificate({ commonName: 'Not a CA' });
  const signedByNotCa = generateCertificate({ commonName: 'node-2', issuer: { privateKey: notCa.keyPem, commonName: 'Not a CA' } });
  const files = { 'ca.pem': ca.certPem, 'leaf.pem': leaf.certPem, 'not-ca.pem': notCa.certPem, 'leaf2.pem': signedByNotCa.certPem };
  await withPemFiles(files, (openssl) => {
    const caText = openssl('x509', '-in', 'ca.pem', '-noout', '-text').stdout;
    assert.match(caText, /X509v3 Basic Constraints: critical\s+CA:TRUE\n/);
    assert.match(caText, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
    assert.doesNotMatch(caText, /Subject Alternative Name|Extended Key Usage/);
    const leafText = openssl('x509', '-in', 'leaf.pem', '-noout', '-text').stdout;
    assert.match(leafText, /Issuer: O = Distill, CN = Test CA\n/);
    assert.match(leafText, /Subject: O = Distill, CN = node-1\n/);
    assert.match(leafText, /X509v3 Basic Constraints: critical\s+CA:FALSE\n/);
    assert.match(leafText, /X509v3 Key Usage: critical\s+Digital Signature\n/);
    const keyIds = (text: string): [string | undefined, string | undefined] => [
      /Subject Key Identifier:\s*\n\s+([0-9A-F:]{59})\n/.exec(text)?.[1],
      /Authority Key Identifier:\s*\n\s+(?:keyid:)?([0-9A-F:]{59})\n/.exec(text)?.[1],
    ];
    const [caSki, caAki] = keyIds(caText);
    const [leafSki, leafAki] = keyIds(leafText);
    assert.ok(caSki !== undefined && leafSki !== undefined);
    assert.equal(caAki, caSki, 'a root names itself');
    assert.equal(leafAki, caSki, 'the leaf names its issuer\'s key');
    assert.notEqual(leafSki, caSki);

    const chain = openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'ca.pem', 'leaf.pem');
    assert.equal(chain.stdout, 'leaf.pem: OK\n', chain.stderr);
    const root = openssl('verify', '-x509_strict', '-CAfile', 'ca.pem', 'ca.pem');
    assert.equal(root.stdout, 'ca.pem: OK\n', root.stderr);
    const refused = openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'not-ca.pem', 'leaf2.pem');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /error 79 at 1 depth lookup: invalid CA certificate/);
    const stranger = openssl('verify', '-x509_strict', '-CAfile', 'ca.pem', 'leaf2.pem');
    assert.match(stranger.stderr, /error 20 at 0 depth lookup: unable to get local issuer certificate/);
  });
});

test('refused: SubjectAltName on a CA, an issuer key that is not an EC private key', () => {
  assert.throws(() => generateCertificate({ ca: true, dnsNames: ['x'] }), {
    name: 'RangeError',
    message: 'A CA certificate carries no SubjectAltName: leave dnsNames and ipAddresses out when ca is true.',
  });
  assert.throws(() => generateCertificate({ ca: true, ipAddresses: [] }), { name: 'RangeError' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  assert.throws(() => generateCertificate({ issuer: { privateKey: rsa.privateKey, commonName: 'RSA CA' } }), {
    name: 'RangeError',
    message: "The issuer's key must be an EC private key (ecdsa-with-SHA256), got a private rsa key.",
  });
  assert.throws(() => generateCertificate({ issuer: { privateKey: new X509Certificate(ca.certPem).publicKey, commonName: 'Test CA' } }), {
    name: 'RangeError',
    message: "The issuer's key must be an EC private key (ecdsa-with-SHA256), got a public ec key.",
  });
});
