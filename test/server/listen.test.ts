import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

function handshake(options: tls.ConnectionOptions): Promise<{ protocol: string | null; cipher: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: s.running.port, ca: s.certPem, servername: 'localhost', ...options }, () => {
      const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      socket.end();
      resolve(result);
    });
    socket.on('error', reject);
  });
}

test('HTTPS only, TLS 1.3 by default with an AEAD suite, verified against the pinned certificate', async () => {
  const r = await handshake({});
  assert.equal(r.protocol, 'TLSv1.3');
  assert.match(r.cipher, /^TLS_(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305)/);
  assert.equal(s.url.startsWith('https://127.0.0.1:'), true);
});

test('TLS 1.2 works with forward-secret AEAD ciphers only', async () => {
  const r = await handshake({ maxVersion: 'TLSv1.2' });
  assert.equal(r.protocol, 'TLSv1.2');
  assert.match(r.cipher, /^ECDHE-ECDSA-(AES128-GCM|AES256-GCM|CHACHA20-POLY1305)/);
  await assert.rejects(handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:AES128-GCM-SHA256' }));
});

test('TLS 1.1 and 1.0 are refused', async () => {
  await assert.rejects(handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }));
});

test('a client that does not trust the certificate cannot connect (no silent downgrade)', async () => {
  await assert.rejects(handshake({ ca: undefined }), (e: NodeJS.ErrnoException) => e.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || e.code === 'SELF_SIGNED_CERT_IN_CHAIN');
  await assert.rejects(handshake({ servername: 'example.org' }), (e: NodeJS.ErrnoException) => e.code === 'ERR_TLS_CERT_ALTNAME_INVALID');
});
