import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { pinnedGet } from '../../../build/smoke/pinned-request.js';
import { generateSelfSignedCertificate } from '../../../src/server/tls/self-signed-certificate.js';

let server: https.Server;
let url = '';
let fingerprint = '';
const seen: (string | undefined)[] = [];

before(async () => {
  const { certPem, keyPem } = generateSelfSignedCertificate();
  fingerprint = new X509Certificate(certPem).fingerprint256;
  server = https.createServer({ cert: certPem, key: keyPem }, (req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(req.url === '/v1/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('with the right fingerprint the request goes through, with the token as a bearer header', async () => {
  const res = await pinnedGet(`${url}/v1/health`, fingerprint, { token: 'secret-token-123456' });
  assert.equal(res.status, 200);
  assert.equal(res.body, '{"status":"ok"}');
  assert.equal(res.fingerprint, fingerprint);
  assert.equal(seen.at(-1), 'Bearer secret-token-123456');
});

test('with another fingerprint nothing is sent: the token never reaches the server', async () => {
  const before = seen.length;
  const wrong = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00');
  await assert.rejects(pinnedGet(`${url}/v1/health`, wrong, { token: 'secret-token-123456' }), /is not the pinned/);
  assert.equal(seen.length, before);
});

test('a closed port fails fast', async () => {
  const closed = https.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(pinnedGet(`https://127.0.0.1:${port}/v1/health`, fingerprint), /ECONNREFUSED/);
});
