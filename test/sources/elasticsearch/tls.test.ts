import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DistillError } from '../../../src/core/errors.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import { createSource, loadSourceKinds } from '../../../src/sources/create-source.js';

await loadSourceKinds(['elasticsearch']);
import { ElasticsearchSourceConfig } from '../../../src/config/config-schema.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import type { ElasticsearchConnection } from '../../../src/sources/elasticsearch/connection-options.js';
import { buildDataset } from '../conformance/dataset.js';
import { runOn } from '../conformance/oracle.js';
import { ES_URL, readOnlyFixture, SKIP } from './helpers/es-fixture.js';

// TLS towards Elasticsearch through the test node's nginx proxy (scripts/es-node/tls-proxy.sh) with a test CA:
// trusting a CA file, pinning the CA by fingerprint with verification still on, and every way it must refuse.

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const NOW = Date.UTC(2024, 2, 11);

interface TlsEnv {
  url: string;
  ca: string;
  fingerprint: string;
  otherCa: string;
}

/** Use the running proxy (DISTILL_ES_TLS_*), or start it; returns how to stop what was started. */
function tlsProxy(): { env: TlsEnv; stop: () => void } {
  const fromEnv = process.env.DISTILL_ES_TLS_URL;
  if (fromEnv !== undefined) {
    return {
      env: { url: fromEnv, ca: process.env.DISTILL_ES_CA!, fingerprint: process.env.DISTILL_ES_CA_FINGERPRINT!, otherCa: process.env.DISTILL_ES_OTHER_CA! },
      stop: () => {},
    };
  }
  const script = path.join(root, 'scripts/es-node/tls-proxy.sh');
  const upstream = new URL(ES_URL!);
  const r = spawnSync('bash', [script, 'start'], { encoding: 'utf8', env: { ...process.env, ES_UPSTREAM: `${upstream.hostname}:${upstream.port}` } });
  if (r.status !== 0) throw new Error(`tls-proxy.sh start failed: ${r.stderr}`);
  const vars = Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const wasRunning = /already running/.test(r.stderr);
  return {
    env: { url: vars.DISTILL_ES_TLS_URL!, ca: vars.DISTILL_ES_CA!, fingerprint: vars.DISTILL_ES_CA_FINGERPRINT!, otherCa: vars.DISTILL_ES_OTHER_CA! },
    // Stop only a proxy this test started.
    stop: () => (wasRunning ? undefined : void spawnSync('bash', [script, 'stop'], { stdio: 'ignore' })),
  };
}

if (SKIP !== false) test('tls', { skip: SKIP }, () => {});
else {
  describe('TLS: CA file, CA pinning, and refusals', () => {
    const dataset = buildDataset(60, 5);
    let fixture: Awaited<ReturnType<typeof readOnlyFixture>>;
    let proxy: ReturnType<typeof tlsProxy>;
    let tls: TlsEnv;
    const sources: EventSource[] = [];

    before(async () => {
      proxy = tlsProxy();
      tls = proxy.env;
      fixture = await readOnlyFixture('tls', dataset.docs, dataset.ids);
    });
    after(async () => {
      await Promise.all(sources.map((s) => s.close?.()));
      await fixture.close();
      proxy.stop();
    });

    const make = (conn: Partial<ElasticsearchConnection>): EventSource => {
      const s = createElasticsearchSource({
        id: 'secure',
        connection: { nodes: [tls.url], rejectUnauthorized: true, requestTimeoutMs: 5000, maxRetries: 0, ...conn },
        index: fixture.index,
        mapping: resolveMapping('userale'),
        onRequest: fixture.audit.onRequest,
      });
      sources.push(s);
      return s;
    };
    const count = async (s: EventSource) => (await runOn(s, { query: {} }, NOW)).result.count;
    const failure = async (s: EventSource): Promise<DistillError> => {
      try {
        await runOn(s, { query: {} }, NOW);
      } catch (error) {
        assert.ok(error instanceof DistillError);
        return error;
      }
      assert.fail('expected a TLS failure');
    };

    test('trusting the CA file: reads over TLS', async () => {
      assert.equal(await count(make({ ca: readFileSync(tls.ca, 'utf8') })), dataset.docs.length);
    });

    test('pinning the CA by fingerprint keeps verification on and reads', async () => {
      const env = await runOn(make({ caFingerprint: tls.fingerprint }), { query: {} }, NOW);
      assert.equal(env.result.count, dataset.docs.length);
      assert.equal(env.warnings.find((w) => w.code === 'tls_unverified'), undefined);
    });

    test('a fingerprint that matches no certificate of the node: tls_failed', async () => {
      const other = new X509Certificate(readFileSync(tls.otherCa)).fingerprint256;
      const err = await failure(make({ caFingerprint: other }));
      assert.equal(err.code, 'tls_failed');
      assert.equal(err.details.reason, 'ca_fingerprint_mismatch');
      assert.match(err.message, /caFingerprint/);
    });

    test('a CA file of another CA, or none at all: tls_failed (untrusted certificate)', async () => {
      const other = await failure(make({ ca: readFileSync(tls.otherCa, 'utf8') }));
      assert.equal(other.code, 'tls_failed');
      assert.equal(other.details.reason, 'untrusted_certificate');
      assert.match(other.message, /tls\.ca/);
      const none = await failure(make({}));
      assert.equal(none.code, 'tls_failed');
      assert.equal(none.details.reason, 'untrusted_certificate');
    });

    test('rejectUnauthorized: false works only when explicit, and every result says so', async () => {
      const s = make({ rejectUnauthorized: false });
      const env = await runOn(s, { query: {} }, NOW);
      assert.equal(env.result.count, dataset.docs.length);
      assert.equal(env.warnings.find((w) => w.code === 'tls_unverified')?.count, 1);
      const counted = await runOn(s, { steps: [{ op: 'count-by', by: 'type' }] }, NOW);
      assert.ok(counted.warnings.some((w) => w.code === 'tls_unverified'));
    });

    test('plain HTTP to the TLS port: not Elasticsearch; TLS to the plain port: tls_failed', async () => {
      const plain = await failure(make({ nodes: [tls.url.replace('https:', 'http:')] }));
      assert.equal(plain.code, 'source_unavailable');
      assert.equal(plain.details.reason, 'not_elasticsearch');
      const wrong = await failure(make({ nodes: [ES_URL!.replace('http:', 'https:')] }));
      assert.equal(wrong.code, 'tls_failed');
      assert.equal(wrong.details.reason, 'not_tls');
    });

    test('from a config block: CA path relative to the config file, fingerprint in any case and spelling', async () => {
      const withCa = ElasticsearchSourceConfig.parse({ kind: 'elasticsearch', node: tls.url, index: fixture.index, tls: { ca: path.basename(tls.ca) } });
      const a = createSource('a', withCa, { baseDir: path.dirname(tls.ca), schemas: {} });
      sources.push(a);
      assert.equal(await count(a), dataset.docs.length);
      assert.equal((a.describe().details.tls as { ca: string }).ca, tls.ca);
      const pinned = ElasticsearchSourceConfig.parse({
        kind: 'elasticsearch',
        node: tls.url,
        index: fixture.index,
        tls: { caFingerprint: tls.fingerprint.replace(/:/g, '').toLowerCase() },
      });
      const b = createSource('b', pinned, { baseDir: root, schemas: {} });
      sources.push(b);
      assert.equal(await count(b), dataset.docs.length);
    });
  });
}
