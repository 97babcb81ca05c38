import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDistill } from '../../../src/distill.js';
import { runDistill } from '../../helpers/run-distill.js';
import { startTestServer, type TestServer } from '../../server/helpers/test-server.js';
import { readOnlyFixture, SKIP, ES_URL } from '../../sources/elasticsearch/helpers/es-fixture.js';
import { reference } from './reference-fixture.js';

// One multi-output pipeline over the bundled sample with one read — sessions → transition graph with metrics,
// checkout funnel, per-user raw-click statistics — run from the library, the CLI and the REST server over files,
// and from the library over the real Elasticsearch node: identical results everywhere, and the graph's
// directly-follows counts equal pm4py's and the per-user clicks pandas' (reference.json, independent tools).
// Sessions come from the session role (UserALE sessionId / sessionID); the sequence helper's stitch-users and
// sessionize steps can be prepended once they are registered.
const SAMPLE = path.resolve(import.meta.dirname, '../../../dist-config/sample/userale-sample.ndjson');

const RAW_CLICK = { all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'kind', op: 'eq', value: 'raw' }] };
const ANALYSIS = {
  query: { where: { field: 'kind', op: 'eq', value: 'raw' } },
  outputs: {
    graph: [{ op: 'transition-graph', partition: 'session', label: 'target' }],
    funnel: [
      {
        op: 'funnel',
        windowMs: 3_600_000,
        steps: [
          { name: 'product', where: { field: 'page', op: 'contains', value: '/product/' } },
          { name: 'cart', where: { field: 'page', op: 'contains', value: '/cart' } },
          { name: 'checkout', where: { field: 'page', op: 'contains', value: '/checkout' } },
        ],
      },
    ],
    user_clicks: [{ op: 'stats', partition: 'user', level: 'value', where: RAW_CLICK }],
  },
};

type Results = Record<string, { kind: string; rows?: Record<string, unknown>[]; nodes?: Record<string, unknown>[]; edges?: Record<string, unknown>[] }>;

let dir = '';
let files: Results;

function checkAgainstReferences(results: Results): void {
  const edges = results.graph!.edges!.map((e) => ({ source: e.source, target: e.target, count: e.count }));
  edges.sort((a, b) => (String(a.source) < String(b.source) ? -1 : String(a.source) > String(b.source) ? 1 : String(a.target) < String(b.target) ? -1 : 1));
  assert.deepEqual(edges, reference.sample.edges);
  for (const n of results.graph!.nodes!) for (const m of ['betweenness', 'closeness', 'pagerank']) assert.equal(typeof n[m], 'number', `${String(n.key)} ${m}`);
  assert.deepEqual(Object.fromEntries(results.user_clicks!.rows!.map((r) => [r.user ?? 'null', r.value])), reference.sample.clicks_per_user);
  assert.deepEqual(results.funnel!.rows!.map((r) => r.name), ['product', 'cart', 'checkout']);
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-analytics-e2e-'));
  await writeFile(path.join(dir, 'distill.config.json'), JSON.stringify({ sources: { sample: { kind: 'files', paths: SAMPLE, schema: 'userale' } } }));
  await writeFile(path.join(dir, 'analysis.json'), JSON.stringify({ source: 'sample', ...ANALYSIS }));
  const distill = await openDistill({ config: path.join(dir, 'distill.config.json'), userPlugins: false });
  const env = await distill.runOutputs({ source: 'sample', ...ANALYSIS });
  files = env.results as unknown as Results;
  assert.equal(env.stats.scanned, 2529, 'one read of the sample for all three outputs');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('analytics pipeline over files: library, CLI and REST agree', () => {
  test('library: the results match pm4py and pandas', () => {
    checkAgainstReferences(files);
  });

  test('CLI: `distill run analysis.json` prints the same results', async () => {
    const r = await runDistill(['run', 'analysis.json', '--config', 'distill.config.json', '--out', 'out.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const env = JSON.parse(await readFile(path.join(dir, 'out.json'), 'utf8')) as { results: Results };
    assert.deepEqual(env.results, files);
  });

  test('REST: POST /v1/pipelines/run returns the same results', async () => {
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ config: () => ({ sources: { sample: { kind: 'files', paths: SAMPLE, schema: 'userale' } } }) });
      const reply = await server.request('/v1/pipelines/run', { body: { source: 'sample', ...ANALYSIS } });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.json<{ results: Results }>().results, files);
    } finally {
      await server?.close();
    }
  });
});

describe('analytics pipeline over Elasticsearch equals files', { skip: SKIP }, () => {
  test('the same multi-output pipeline over the sample indexed in the real node gives identical results', async () => {
    const lines = (await readFile(SAMPLE, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // Ids are line numbers, so ties in time keep the file's order (ids compare digit runs as numbers).
    const fixture = await readOnlyFixture('analytics', docs, docs.map((_, i) => String(i + 1)), { shards: 2 });
    try {
      const distill = await openDistill({ config: { sources: { es: { kind: 'elasticsearch', node: ES_URL!, index: fixture.index } } }, userPlugins: false });
      try {
        const env = await distill.runOutputs({ source: 'es', ...ANALYSIS });
        // One read; the node filters raw logs itself, so only those are scanned.
        assert.equal(env.stats.scanned, docs.filter((d) => d.logType === 'raw').length);
        assert.deepEqual(env.results, files);
        checkAgainstReferences(env.results as unknown as Results);
      } finally {
        await distill.close();
      }
    } finally {
      await fixture.close();
    }
  });
});
