import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBanner } from '../../../src/server/banner.js';
import type { StartedServer } from '../../../src/server/start-server.js';
import { BANNER_END, parseBanner } from '../../../build/smoke/parse-banner.js';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).toUpperCase().padStart(2, '0')).join(':');

/** What `distill serve` prints, made by the server's own banner function (so a change there shows up here). */
function banner(tokenOrigin: 'generated' | 'stored', certPath = '/home/ana/.config/distill/cert.pem'): string {
  const started = {
    running: { host: '127.0.0.1', port: 8443, url: 'https://127.0.0.1:8443' },
    certificate: { certPath, origin: 'generated', fingerprint: FINGERPRINT, validTo: new Date('2029-01-01T00:00:00Z') },
    token: { token: 'tok_0123456789abcdefghij', origin: tokenOrigin, file: '/home/ana/.config/distill/token' },
    distill: { loaded: { file: '/x/distill.config.json', config: { sources: { sample: {} } } } },
    notices: [],
  } as unknown as StartedServer;
  return formatBanner(started);
}

test('reads URL, the newly generated token, the certificate file and its fingerprint from the real banner', () => {
  const text = banner('generated');
  assert.ok(text.includes(BANNER_END));
  assert.deepEqual(parseBanner(text), {
    url: 'https://127.0.0.1:8443',
    token: 'tok_0123456789abcdefghij',
    certificate: '/home/ana/.config/distill/cert.pem',
    fingerprint: FINGERPRINT,
  });
});

test('a stored token is not printed, so none is read', () => {
  assert.equal(parseBanner(banner('stored')).token, undefined);
});

test('a Windows certificate path is read whole', () => {
  assert.equal(parseBanner(banner('generated', 'C:\\Users\\ana\\AppData\\Roaming\\Distill\\cert.pem')).certificate, 'C:\\Users\\ana\\AppData\\Roaming\\Distill\\cert.pem');
});

test('a banner without a fingerprint, or with a malformed one, is an error naming it', () => {
  assert.throws(() => parseBanner('  URL          https://127.0.0.1:1\n'), /no "Certificate" line/);
  assert.throws(() => parseBanner(banner('generated').replace(FINGERPRINT, 'AB:CD')), /Not a SHA-256 fingerprint: AB:CD/);
});
