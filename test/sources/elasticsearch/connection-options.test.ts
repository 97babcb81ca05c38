import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { errors, Transport } from '@elastic/elasticsearch';
import { InvalidConfigError } from '../../../src/core/errors.js';
import { generateSelfSignedCertificate } from '../../../src/server/tls/self-signed-certificate.js';
import {
  clientOptions,
  createReadOnlyClient,
  pinnedCaNode,
  resolveConnection,
  usesTls,
  type ConnectionConfig,
  type ElasticsearchConnection,
} from '../../../src/sources/elasticsearch/connection-options.js';
import type { AllowedRequest } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { startFakeEs } from './helpers/fake-es.js';

// Connection settings resolved at the boundary (secrets from the environment, the CA file), the exact client
// options they become, and a client reaching a real HTTPS server through a CA pinned by fingerprint.

const cert = generateSelfSignedCertificate({ commonName: 'es test' });
let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-conn-'));
  await writeFile(path.join(dir, 'ca.pem'), cert.certPem);
  await writeFile(path.join(dir, 'not-a-cert.pem'), 'hello');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (over: Partial<ConnectionConfig> = {}): ConnectionConfig => ({ node: 'http://es:9200', requestTimeoutMs: 3000, maxRetries: 2, ...over });
function issues(fn: () => unknown): { code: string; path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InvalidConfigError, String(error));
    return error.issues.map((i) => ({ code: i.code, path: i.path.join('.'), message: i.message }));
  }
  assert.fail('expected invalid_config');
}

describe('resolveConnection', () => {
  test('defaults: one node, no auth, no CA, verification on', () => {
    assert.deepEqual(resolveConnection('es', config(), { baseDir: dir, env: {} }), {
      nodes: ['http://es:9200'],
      auth: undefined,
      ca: undefined,
      caFile: undefined,
      caFingerprint: undefined,
      rejectUnauthorized: true,
      requestTimeoutMs: 3000,
      maxRetries: 2,
    });
  });

  test('secrets as literals or from the environment, for each kind of auth', () => {
    const env = { KEY: 'k-1', USER: 'u', PASS: 'p', TOKEN: 't' };
    const resolve = (auth: ConnectionConfig['auth']) => resolveConnection('es', config({ auth }), { baseDir: dir, env }).auth;
    assert.deepEqual(resolve({ apiKey: { env: 'KEY' } }), { apiKey: 'k-1' });
    assert.deepEqual(resolve({ apiKey: 'literal' }), { apiKey: 'literal' });
    assert.deepEqual(resolve({ bearer: { env: 'TOKEN' } }), { bearer: 't' });
    assert.deepEqual(resolve({ username: { env: 'USER' }, password: { env: 'PASS' } }), { username: 'u', password: 'p' });
    assert.deepEqual(resolve({ username: 'me', password: 'pw' }), { username: 'me', password: 'pw' });
  });

  test('the process environment by default', () => {
    process.env.DISTILL_TEST_CONN_KEY = 'from-process';
    try {
      assert.deepEqual(resolveConnection('es', config({ auth: { apiKey: { env: 'DISTILL_TEST_CONN_KEY' } } }), { baseDir: dir }).auth, { apiKey: 'from-process' });
    } finally {
      delete process.env.DISTILL_TEST_CONN_KEY;
    }
  });

  test('a missing or empty variable: invalid_config naming it and the setting', () => {
    const message = (name: string, at: string) => `Environment variable ${name} is not set (needed by ${at}). Set it, or write the value in the config.`;
    assert.deepEqual(issues(() => resolveConnection('es', config({ auth: { bearer: { env: 'NOPE' } } }), { baseDir: dir, env: {} })), [
      { code: 'missing_env', path: 'sources.es.auth.bearer', message: message('NOPE', 'sources.es.auth.bearer') },
    ]);
    assert.deepEqual(issues(() => resolveConnection('x', config({ auth: { username: 'u', password: { env: 'PW' } } }), { baseDir: dir, env: { PW: '' } })), [
      { code: 'missing_env', path: 'sources.x.auth.password', message: message('PW', 'sources.x.auth.password') },
    ]);
    assert.deepEqual(issues(() => resolveConnection('x', config({ auth: { username: { env: 'U' }, password: 'p' } }), { baseDir: dir, env: {} }))[0]!.path, 'sources.x.auth.username');
    assert.deepEqual(issues(() => resolveConnection('x', config({ auth: { apiKey: { env: 'K' } } }), { baseDir: dir, env: {} }))[0]!.path, 'sources.x.auth.apiKey');
  });

  test('the CA file relative to the base directory; several nodes; the fingerprint normalised; verification off when asked', () => {
    const c = resolveConnection('es', config({ node: ['https://a:9200', 'https://b:9200'], tls: { ca: 'ca.pem', caFingerprint: 'ab:cd', rejectUnauthorized: false } }), { baseDir: dir, env: {} });
    assert.deepEqual(c, {
      nodes: ['https://a:9200', 'https://b:9200'],
      auth: undefined,
      ca: cert.certPem,
      caFile: path.join(dir, 'ca.pem'),
      caFingerprint: 'AB:CD',
      rejectUnauthorized: false,
      requestTimeoutMs: 3000,
      maxRetries: 2,
    });
  });

  test('a CA file that cannot be read or holds no certificate: invalid_config at tls.ca', () => {
    const missing = path.join(dir, 'missing.pem');
    assert.deepEqual(issues(() => resolveConnection('es', config({ tls: { ca: 'missing.pem', rejectUnauthorized: true } }), { baseDir: dir, env: {} })), [
      { code: 'unreadable_file', path: 'sources.es.tls.ca', message: `Cannot read the CA file ${missing} (ENOENT). Check "tls.ca" (relative paths start at ${dir}).` },
    ]);
    const bad = path.join(dir, 'not-a-cert.pem');
    assert.deepEqual(issues(() => resolveConnection('es', config({ tls: { ca: bad, rejectUnauthorized: true } }), { baseDir: '/elsewhere', env: {} })), [
      { code: 'invalid_certificate', path: 'sources.es.tls.ca', message: `The CA file ${bad} holds no PEM certificate. Point "tls.ca" at the CA's .pem / .crt file.` },
    ]);
  });
});

const conn = (over: Partial<ElasticsearchConnection> = {}): ElasticsearchConnection => ({ nodes: ['http://es:9200'], rejectUnauthorized: true, requestTimeoutMs: 3000, maxRetries: 2, ...over });

describe('client options', () => {
  test('usesTls: any node over https, in any case', () => {
    assert.equal(usesTls(conn()), false);
    assert.equal(usesTls(conn({ nodes: ['http://a', 'HTTPS://b'] })), true);
  });

  test('pinnedCaNode: the first HTTPS node when a fingerprint is pinned without a CA file and verification is on', () => {
    const pinned = { nodes: ['http://a:9200', 'HTTPS://b:9200', 'https://c:9200'], caFingerprint: 'AB' };
    assert.equal(pinnedCaNode(conn(pinned)), 'HTTPS://b:9200');
    assert.equal(pinnedCaNode(conn({ ...pinned, ca: cert.certPem })), undefined);
    assert.equal(pinnedCaNode(conn({ ...pinned, rejectUnauthorized: false })), undefined);
    assert.equal(pinnedCaNode(conn({ nodes: pinned.nodes })), undefined);
    assert.equal(pinnedCaNode(conn({ nodes: ['http://a:9200'], caFingerprint: 'AB' })), undefined);
  });

  const strip = (o: Record<string, unknown>) => {
    const { Transport: t, ...rest } = o;
    assert.ok((t as { prototype: unknown }).prototype instanceof Transport, 'the read-only transport');
    return rest;
  };
  const common = { requestTimeout: 3000, maxRetries: 2, compression: false, sniffOnStart: false, sniffInterval: false, sniffOnConnectionFault: false, name: 'distill', redaction: { type: 'replace' } };

  test('plain HTTP: no TLS options even with a CA; credentials passed on', () => {
    assert.deepEqual(strip(clientOptions(conn({ auth: { apiKey: 'k' }, caFingerprint: 'AB' }), cert.certPem) as Record<string, unknown>), { node: ['http://es:9200'], ...common, auth: { apiKey: 'k' } });
  });

  test('HTTPS: verification setting, the CA when there is one, the fingerprint when pinned', () => {
    assert.deepEqual(strip(clientOptions(conn({ nodes: ['https://es:9200'], caFingerprint: 'AB:CD' }), cert.certPem) as Record<string, unknown>), {
      node: ['https://es:9200'],
      ...common,
      tls: { rejectUnauthorized: true, ca: cert.certPem },
      caFingerprint: 'AB:CD',
    });
    assert.deepEqual(strip(clientOptions(conn({ nodes: ['https://es:9200'], rejectUnauthorized: false }), undefined) as Record<string, unknown>), {
      node: ['https://es:9200'],
      ...common,
      tls: { rejectUnauthorized: false },
    });
  });
});

describe('createReadOnlyClient', () => {
  test('the read-only transport gets the hooks and the retry count: every attempt reported, 429s retried maxRetries times (fault injection)', async () => {
    const fake = await startFakeEs(() => ({ status: 429, body: { error: { type: 'es_rejected_execution_exception' }, status: 429 } }));
    const seen: AllowedRequest[] = [];
    const client = await createReadOnlyClient(conn({ nodes: [fake.url], maxRetries: 1 }), { onRequest: (r) => seen.push(r), backoffMs: 1 });
    try {
      await assert.rejects(client.transport.request({ method: 'GET', path: '/' }), (e: unknown) => e instanceof errors.ResponseError && e.statusCode === 429);
      assert.equal(fake.requests.length, 2);
      assert.deepEqual(seen, [
        { method: 'GET', path: '/', endpoint: 'info' },
        { method: 'GET', path: '/', endpoint: 'info' },
      ]);
    } finally {
      await client.close();
      await fake.close();
    }
  });
});

describe('createReadOnlyClient over HTTPS', () => {
  let server: Server;
  let url = '';
  before(async () => {
    server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
      res.end(JSON.stringify({ name: 'n', cluster_name: 'c', version: { number: '8.19.0' }, tagline: 'You Know, for Search' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('a pinned fingerprint: the CA is fetched and trusted, verification stays on', async () => {
    const client = await createReadOnlyClient(conn({ nodes: [url], caFingerprint: new X509Certificate(cert.certPem).fingerprint256, maxRetries: 0 }));
    try {
      assert.equal((await client.info()).tagline, 'You Know, for Search');
    } finally {
      await client.close();
    }
  });

  test('the CA file is trusted as given; without it the certificate is refused', async () => {
    const trusted = await createReadOnlyClient(conn({ nodes: [url], ca: cert.certPem, maxRetries: 0 }));
    const untrusted = await createReadOnlyClient(conn({ nodes: [url], maxRetries: 0 }));
    try {
      assert.equal((await trusted.info()).version.number, '8.19.0');
      await assert.rejects(untrusted.info(), /self[- ]signed/i);
    } finally {
      await trusted.close();
      await untrusted.close();
    }
  });
});
