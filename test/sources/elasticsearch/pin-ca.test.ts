import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { DistillError } from '../../../src/core/errors.js';
import { generateSelfSignedCertificate } from '../../../src/server/tls/self-signed-certificate.js';
import { fetchPinnedCa, normalizeFingerprint } from '../../../src/sources/elasticsearch/pin-ca.js';
import { opensslAvailable, withPemFiles } from '../../helpers/openssl.js';
import { generateCaChain, TEST_CA_NAME } from './helpers/ca-chain.js';

// Pinning a CA by fingerprint against a real TLS server (a self-signed certificate is its own CA): the chain's
// matching certificate comes back as PEM; a mismatch, an unreachable node and a silent one are typed errors.

const cert = generateSelfSignedCertificate({ commonName: 'pin test', dnsNames: ['localhost'] });
const fingerprint = new X509Certificate(cert.certPem).fingerprint256;
let server: ReturnType<typeof createServer>;
let silent: Server;
const silentSockets = new Set<Socket>();
let port = 0;
let silentPort = 0;
const servernames: unknown[] = [];
// A node with its own CA, serving its certificate and the CA's (as Elasticsearch's auto-configured TLS does).
const chain = generateCaChain();
let chained: ReturnType<typeof createServer>;
let chainedPort = 0;

before(async () => {
  server = createServer(
    {
      cert: cert.certPem,
      key: cert.keyPem,
      // Called during the handshake, only when the client sends a server name.
      SNICallback: (servername, done) => {
        servernames.push(servername);
        done(null, undefined);
      },
    },
    (socket: TLSSocket) => socket.end(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  silent = createTcpServer((s) => silentSockets.add(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as AddressInfo).port;
  chained = createServer({ cert: chain.leafPem + chain.caPem, key: chain.leafKeyPem }, (socket: TLSSocket) => socket.end());
  await new Promise<void>((resolve) => chained.listen(0, '127.0.0.1', resolve));
  chainedPort = (chained.address() as AddressInfo).port;
});
after(async () => {
  for (const s of silentSockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await new Promise<void>((resolve) => chained.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<DistillError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DistillError, String(error));
    return error;
  }
  assert.fail('expected a failure');
}

describe('the chained node\'s certificates (helpers/ca-chain.ts, made by src/server/tls/generate-certificate.ts)', () => {
  test('node reads a CA (CA:TRUE) that issued the server certificate for localhost / 127.0.0.1', () => {
    const ca = new X509Certificate(chain.caPem);
    const leaf = new X509Certificate(chain.leafPem);
    assert.equal(ca.subject, `O=Distill\nCN=${TEST_CA_NAME}`);
    assert.equal(ca.issuer, ca.subject);
    assert.equal(ca.ca, true);
    assert.equal(leaf.subject, 'O=Distill\nCN=localhost');
    assert.equal(leaf.issuer, ca.subject);
    assert.equal(leaf.ca, false);
    assert.equal(leaf.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1');
    assert.equal(leaf.verify(ca.publicKey), true);
    assert.equal(leaf.verify(leaf.publicKey), false);
    assert.equal(leaf.checkIssued(ca), true);
  });

  test('openssl verify -x509_strict -CAfile: the CA anchors the server certificate; the certificate alone does not', async (t) => {
    if (!opensslAvailable(t)) return;
    await withPemFiles({ 'ca.pem': chain.caPem, 'node.pem': chain.leafPem }, (openssl) => {
      const ok = openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'ca.pem', 'node.pem');
      assert.equal(ok.stdout, 'node.pem: OK\n', ok.stderr);
      const alone = openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'node.pem', 'node.pem');
      assert.equal(alone.status, 2);
      assert.match(alone.stderr, /error 20 at 0 depth lookup: unable to get local issuer certificate/);
    });
  });
});

describe('fetchPinnedCa', () => {
  test('the certificate with the pinned fingerprint, as PEM, whatever the fingerprint spelling', async () => {
    const pem = await fetchPinnedCa(`https://127.0.0.1:${port}`, fingerprint.replace(/:/g, '').toLowerCase(), 5000);
    assert.equal(pem, cert.certPem);
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    assert.equal(new X509Certificate(pem).fingerprint256, fingerprint);
  });

  test('a CA the node serves above its own certificate: the CA, found through the issuer chain', async () => {
    const caFingerprint = new X509Certificate(chain.caPem).fingerprint256;
    assert.equal(await fetchPinnedCa(`https://127.0.0.1:${chainedPort}`, caFingerprint, 5000), chain.caPem);
    assert.equal(await fetchPinnedCa(`https://127.0.0.1:${chainedPort}`, new X509Certificate(chain.leafPem).fingerprint256, 5000), chain.leafPem, 'the node certificate itself may be pinned too');
  });

  test('a host name is sent as the server name (SNI); an IP address is not', async () => {
    servernames.length = 0;
    await fetchPinnedCa(`https://localhost:${port}`, fingerprint, 5000);
    await fetchPinnedCa(`https://127.0.0.1:${port}/`, fingerprint, 5000);
    assert.deepEqual(servernames, ['localhost']);
  });

  test('no certificate of the node has the fingerprint: tls_failed (ca_fingerprint_mismatch)', async () => {
    const other = '00'.repeat(32);
    const e = await failure(fetchPinnedCa(`https://127.0.0.1:${port}`, other, 5000));
    assert.equal(e.code, 'tls_failed');
    assert.equal(
      e.message,
      `No certificate presented by https://127.0.0.1:${port} has the pinned SHA-256 fingerprint ${'00:'.repeat(31)}00. Check "tls.caFingerprint" (the fingerprint of the CA certificate, as Elasticsearch prints it at first start) or that the node serves its CA in the chain.`,
    );
    assert.deepEqual(e.details, { reason: 'ca_fingerprint_mismatch', node: `https://127.0.0.1:${port}` });
  });

  test('a node that refuses the connection: source_unavailable (unreachable)', async () => {
    const e = await failure(fetchPinnedCa('https://127.0.0.1:1', fingerprint, 5000));
    assert.equal(e.code, 'source_unavailable');
    assert.equal(e.message, 'Cannot open a TLS connection to https://127.0.0.1:1 to check the pinned CA (connect ECONNREFUSED 127.0.0.1:1).');
    assert.deepEqual(e.details, { reason: 'unreachable', node: 'https://127.0.0.1:1' });
  });

  test('the default HTTPS port is 443; IPv6 addresses lose their brackets', async () => {
    const port443 = await failure(fetchPinnedCa('https://127.0.0.1', fingerprint, 5000));
    assert.equal(port443.message, 'Cannot open a TLS connection to https://127.0.0.1 to check the pinned CA (connect ECONNREFUSED 127.0.0.1:443).');
    const v6 = await failure(fetchPinnedCa('https://[::1]:1', fingerprint, 5000));
    assert.equal(v6.message, 'Cannot open a TLS connection to https://[::1]:1 to check the pinned CA (connect ECONNREFUSED ::1:1).');
  });

  test('a node that never completes the handshake: source_unavailable after the timeout', async () => {
    const e = await failure(fetchPinnedCa(`https://127.0.0.1:${silentPort}`, fingerprint, 50));
    assert.equal(e.code, 'source_unavailable');
    assert.equal(e.message, `Cannot open a TLS connection to https://127.0.0.1:${silentPort} to check the pinned CA (timed out after 50 ms).`);
  });
});

describe('normalizeFingerprint', () => {
  test('upper case, colon-separated, whatever the input spelling', () => {
    assert.equal(normalizeFingerprint('ab:cd:0f'), 'AB:CD:0F');
    assert.equal(normalizeFingerprint('abcd0f'), 'AB:CD:0F');
    assert.equal(normalizeFingerprint('AB:CD:0F'), 'AB:CD:0F');
    assert.equal(normalizeFingerprint(''), '');
  });
});
