import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigSchema } from '../../../src/config/config-schema.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { InvalidConfigError } from '../../../src/core/errors.js';
import { openDistill } from '../../../src/distill.js';
import { createSource, loadSourceKinds } from '../../../src/sources/create-source.js';

await loadSourceKinds(['elasticsearch']);
import { resolveConnection } from '../../../src/sources/elasticsearch/connection-options.js';
import { buildDataset } from '../conformance/dataset.js';
import { runOn } from '../conformance/oracle.js';
import { ES_URL, readOnlyFixture, SKIP } from './helpers/es-fixture.js';
import { startFakeEs } from './helpers/fake-es.js';
import { runDistill, type CliResult } from '../../helpers/run-distill.js';

// The `elasticsearch` source kind in the config file: defaults, validation with JSON paths, secrets read from
// environment variables (never shown), and the library and CLI faces (`distill fields`, `distill sources`).

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const base = { kind: 'elasticsearch', node: 'https://es.example:9200', index: 'userale' };

function issuesOf(fn: () => unknown): { code: string; path: string }[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InvalidConfigError, String(error));
    return error.issues.map((i) => ({ code: i.code, path: i.path.join('.') }));
  }
  assert.fail('expected invalid_config');
}

describe('config: the elasticsearch source kind', () => {
  test('defaults: userale mapping, verification on, 30 s timeout, 3 retries, pages of 1000, one slice, 1m keep-alive', () => {
    const config = ConfigSchema.parse({ sources: { es: { ...base, tls: {} } } });
    assert.deepEqual(config.sources.es, {
      ...base,
      schema: 'userale',
      tls: { rejectUnauthorized: true },
      requestTimeoutMs: 30_000,
      maxRetries: 3,
      pageSize: 1000,
      slices: 1,
      keepAlive: '1m',
    });
  });

  test('bad values are reported with their JSON path', () => {
    const paths = (source: Record<string, unknown>) => issuesOf(() => parseConfig({ sources: { es: { ...base, ...source } } })).map((i) => i.path);
    assert.deepEqual(paths({ node: 'ftp://es.example' }), ['sources.es.node']);
    assert.deepEqual(paths({ tls: { caFingerprint: 'AB:CD' } }), ['sources.es.tls.caFingerprint']);
    assert.deepEqual(paths({ pageSize: 0 }), ['sources.es.pageSize']);
    assert.deepEqual(paths({ keepAlive: '1 minute' }), ['sources.es.keepAlive']);
    assert.deepEqual(paths({ auth: { apiKey: { name: 'X' } } }).length, 1);
    assert.deepEqual(paths({ password: 'x' }), ['sources.es.password']);
  });

  test('a secret from a missing environment variable: invalid_config naming the variable and the setting', () => {
    const config = ConfigSchema.parse({ sources: { es: { ...base, auth: { apiKey: { env: 'DISTILL_TEST_NO_SUCH_KEY' } } } } }).sources.es!;
    assert.ok(config.kind === 'elasticsearch');
    try {
      resolveConnection('es', config, { baseDir: root, env: {} });
      assert.fail('expected invalid_config');
    } catch (error) {
      assert.ok(error instanceof InvalidConfigError);
      assert.deepEqual(error.issues.map((i) => [i.code, i.path.join('.')]), [['missing_env', 'sources.es.auth.apiKey']]);
      assert.match(error.message, /DISTILL_TEST_NO_SUCH_KEY/);
    }
  });

  test('a CA file that cannot be read: invalid_config at tls.ca', () => {
    const config = ConfigSchema.parse({ sources: { es: { ...base, tls: { ca: 'missing-ca.pem' } } } }).sources.es!;
    assert.ok(config.kind === 'elasticsearch');
    assert.deepEqual(issuesOf(() => resolveConnection('es', config, { baseDir: root })), [{ code: 'unreadable_file', path: 'sources.es.tls.ca' }]);
  });

  test('credentials reach the node as headers and never appear in describe()', async () => {
    const fake = await startFakeEs(() => undefined);
    const seen: string[] = [];
    try {
      const auths = [
        { apiKey: { env: 'DISTILL_TEST_KEY' } },
        { username: 'reader', password: { env: 'DISTILL_TEST_PASSWORD' } },
        { bearer: { env: 'DISTILL_TEST_TOKEN' } },
      ];
      process.env.DISTILL_TEST_KEY = 'a2V5LWlkOnNlY3JldA==';
      process.env.DISTILL_TEST_PASSWORD = 's3cret-pw';
      process.env.DISTILL_TEST_TOKEN = 'tok-123';
      for (const auth of auths) {
        const config = ConfigSchema.parse({ sources: { es: { ...base, node: fake.url, auth } } }).sources.es!;
        const source = createSource('es', config, { baseDir: root, schemas: {} });
        const described = JSON.stringify(source.describe());
        assert.doesNotMatch(described, /a2V5|s3cret|tok-123/);
        await runOn(source, { query: {} }, 0);
        await source.close?.();
        seen.push(String(fake.requests.at(-1)?.headers.authorization));
      }
    } finally {
      delete process.env.DISTILL_TEST_KEY;
      delete process.env.DISTILL_TEST_PASSWORD;
      delete process.env.DISTILL_TEST_TOKEN;
      await fake.close();
    }
    assert.deepEqual(seen, ['ApiKey a2V5LWlkOnNlY3JldA==', `Basic ${Buffer.from('reader:s3cret-pw').toString('base64')}`, 'Bearer tok-123']);
  });
});

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return runDistill(args, { cwd, env });
}

if (SKIP !== false) test('library and CLI over Elasticsearch', { skip: SKIP }, () => {});
else {
  describe('library and CLI over an Elasticsearch source', () => {
    const dataset = buildDataset(400, 23);
    let fixture: Awaited<ReturnType<typeof readOnlyFixture>>;
    let dir = '';
    before(async () => {
      fixture = await readOnlyFixture('config', dataset.docs, dataset.ids);
      dir = await mkdtemp(path.join(tmpdir(), 'distill-es-config-'));
      await writeFile(
        path.join(dir, 'distill.config.json'),
        JSON.stringify({ sources: { es: { kind: 'elasticsearch', node: ES_URL, index: fixture.index } }, pipelines: { types: { steps: [{ op: 'count-by', by: 'type' }] } } }),
      );
      await writeFile(
        path.join(dir, 'needs-env.json'),
        JSON.stringify({ sources: { es: { kind: 'elasticsearch', node: ES_URL, index: fixture.index, auth: { bearer: { env: 'DISTILL_TEST_UNSET_TOKEN' } } } } }),
      );
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
      await fixture.close();
    });

    test('library: fields() reads the mapping and field caps; run() pushes count-by down', async () => {
      const distill = await openDistill({ config: path.join(dir, 'distill.config.json') });
      try {
        const fields = await distill.fields('es', { sample: 100 });
        const byName = new Map(fields.map((f) => [f.field, f]));
        assert.deepEqual(byName.get('clientTime')?.types, ['date']);
        assert.deepEqual(byName.get('details.clicks')?.types, ['integer']);
        assert.deepEqual(byName.get('type')?.types, ['keyword']);
        assert.deepEqual(byName.get('userId')?.roles, ['user']);
        const env = await distill.run('types');
        assert.deepEqual(env.source, { id: 'es', kind: 'elasticsearch' });
        assert.deepEqual(env.stats.pushedDown, ['aggregation:count-by']);
      } finally {
        await distill.close();
      }
    });

    test('CLI: `distill fields` and `distill sources` against the node; a missing secret exits 2 naming it', async () => {
      const fields = await cli(['fields', '--source', 'es', '--sample', '50'], dir);
      assert.equal(fields.code, 0, fields.stderr);
      const parsed = JSON.parse(fields.stdout) as { source: string; fields: { field: string; types: string[] }[] };
      assert.equal(parsed.source, 'es');
      assert.deepEqual(parsed.fields.find((f) => f.field === 'startTime')?.types, ['date']);
      const sources = await cli(['sources'], dir);
      assert.equal(sources.code, 0, sources.stderr);
      assert.match(sources.stdout, /"kind": "elasticsearch"/);
      const missing = await cli(['fields', '--config', 'needs-env.json', '--source', 'es'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /invalid_config.*DISTILL_TEST_UNSET_TOKEN/);
    });
  });
}
