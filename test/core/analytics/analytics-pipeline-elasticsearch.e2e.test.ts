import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDistill, type Distill } from '../../../src/distill.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { collectRun, startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import { createTempSpill } from '../../../src/scratch/temp-spill.js';
import { runDistill } from '../../helpers/run-distill.js';
import { startTestServer, type TestServer } from '../../server/helpers/test-server.js';
import { connection, readOnlyFixture, SKIP, ES_URL } from '../../sources/elasticsearch/helpers/es-fixture.js';
import { close, reference, type RefJourneys } from './reference-fixture.js';

// The bundled `journeys-and-funnel` pipeline end to end: stitch users → sessionize (session id, then a 30-min gap) →
// {sessions, click journeys with metrics, checkout funnel per session, raw clicks per session per user}, one
// multi-output pipeline with one read. Run from the library, the CLI and the REST server over files, and from the
// library over the real Elasticsearch node: identical results everywhere, each equal to answers computed
// independently from the raw documents (reference.json `journeys`, scripts/reference/journeys_reference.py: pandas,
// pm4py discover_dfg, Flagon Distill pairwiseSeq/createDiGraph, networkx). Two inputs: the bundled sample and a
// generated data set with anonymous-then-signed-in sessions, null users, out-of-order events, interval logs,
// untimed custom logs and a gap over 30 minutes.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SAMPLE = path.join(ROOT, 'dist-config/sample/userale-sample.ndjson');
const BUNDLED = path.join(ROOT, 'dist-config/distill.config.json');
const NAME = 'journeys-and-funnel';

type Row = Record<string, unknown>;
interface Results {
  sessions: { kind: 'table'; rows: Row[] };
  journeys: { kind: 'graph'; nodes: Row[]; edges: Row[] };
  funnel: { kind: 'table'; rows: Row[] };
  per_user: { kind: 'table'; rows: Row[] };
}

let dir = '';
let generated = '';
let pipelines: Record<string, unknown> = {};
let distill: Distill;
const library = {} as Record<'sample' | 'generated', Results>; // filled in before()
const references: Record<'sample' | 'generated', RefJourneys> = { sample: reference.journeys.sample, generated: reference.journeys.generated };
const DATASETS = ['sample', 'generated'] as const;

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const edgeOrder = (a: Row, b: Row): number => byKey(String(a.source), String(b.source)) || byKey(String(a.target), String(b.target));

/** Every output against the independent answers for one input. */
function checkAgainstReference(results: Results, ref: RefJourneys): void {
  // Sessions: the stitched user and the session id of every session, with its event count.
  const sessions = results.sessions.rows.map((r) => ({ user: r.user ?? null, session: r.session, count: r.count }));
  sessions.sort((a, b) => byKey(String(a.session), String(b.session)));
  assert.deepEqual(sessions, ref.sessions);
  // Journeys: directly-follows counts equal pm4py's and Flagon Distill's; metrics equal networkx's.
  const edges = results.journeys.edges.map((e) => ({ source: e.source, target: e.target, count: e.count })).sort(edgeOrder);
  assert.deepEqual(edges, ref.journeys.edges);
  assert.deepEqual(edges, ref.journeys.flagon_edges);
  assert.equal(results.journeys.nodes.length, Object.keys(ref.journeys.metrics).length);
  for (const n of results.journeys.nodes) {
    const want = ref.journeys.metrics[String(n.key)]!;
    for (const m of ['in_degree', 'out_degree', 'in_weight', 'out_weight']) assert.equal(n[m], want[m], `${String(n.key)} ${m}`);
    close(n.betweenness as number, want.betweenness, 1e-12, `${String(n.key)} betweenness`);
    close(n.closeness as number, want.closeness, 1e-12, `${String(n.key)} closeness`);
    close(n.pagerank as number, want.pagerank, 1e-6, `${String(n.key)} pagerank`); // both stop at networkx's tolerance 1e-6 · n
  }
  // Funnel per session: every column, dropped sessions as a set.
  assert.deepEqual(
    results.funnel.rows.map((r) => ({ ...r, dropped_ids: [...(r.dropped_ids as string[])].sort(byKey) })),
    ref.funnel.rows,
  );
  // Per user: raw clicks of each session summarised.
  const perUser = [...results.per_user.rows].sort((a, b) => (a.user === null ? 1 : b.user === null ? -1 : byKey(String(a.user), String(b.user))));
  assert.deepEqual(perUser.map((r) => r.user), ref.per_user.map((r) => r.user));
  for (const [i, row] of perUser.entries()) {
    const want = ref.per_user[i]!;
    assert.equal(row.count, want.count);
    assert.deepEqual(row.modes, want.modes);
    for (const k of ['sum', 'mean', 'median', 'min', 'max', 'range', 'variance_sample', 'variance_population', 'std_sample', 'std_population', 'p25', 'p50', 'p75', 'p90']) {
      close(row[k] as number | null, want[k] as number | null, 1e-12, `${String(row.user)} ${k}`);
    }
  }
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-journeys-e2e-'));
  generated = path.join(dir, 'generated.ndjson');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/generate-sample.ts'), ...reference.journeys.generated.args, '--out', generated], { cwd: ROOT, stdio: 'ignore' });
  pipelines = (JSON.parse(await readFile(BUNDLED, 'utf8')) as { pipelines: Record<string, unknown> }).pipelines;
  const config = { sources: { sample: { kind: 'files', paths: SAMPLE, schema: 'userale' }, generated: { kind: 'files', paths: generated, schema: 'userale' } }, pipelines };
  await writeFile(path.join(dir, 'distill.config.json'), JSON.stringify(config));
  distill = await openDistill({ config: path.join(dir, 'distill.config.json'), userPlugins: false });
  for (const name of DATASETS) {
    const env = await distill.runOutputs({ ...distill.pipelineDocument(NAME), source: name });
    // One read for all four outputs: every document is scanned exactly once.
    assert.equal(env.stats.scanned, references[name].quirks.documents, `${name}: one read`);
    library[name] = env.results as unknown as Results;
  }
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('journeys-and-funnel over files: library, CLI and REST agree with independent references', () => {
  test('the generated data set has the quirks of real UserALE logs the pipeline must survive', () => {
    const g = reference.journeys.generated;
    assert.deepEqual(g.stitch, { stitched: 6, single: 16, anonymous: 11, conflict: 0 }); // anonymous → signed in: 6 sessions
    assert.equal(g.quirks.documents, 3055);
    assert.ok(g.quirks.interval_logs > 0 && g.quirks.untimed > 0 && g.quirks.null_user_events > 0 && g.quirks.out_of_order_pairs > 0, JSON.stringify(g.quirks));
    assert.equal(g.gap_splits, 1, 'one session split by a gap over 30 minutes');
    assert.equal(reference.journeys.sample.stitch.stitched, 6);
  });

  for (const name of DATASETS) {
    test(`library, ${name}: sessions, journeys (pm4py, Flagon Distill, networkx), funnel and per-user stats equal the references`, () => {
      checkAgainstReference(library[name], references[name]);
    });
  }

  test('the funnel counts per session, after stitching: anonymous visits are their own sessions', () => {
    // 4 steps over the sample's 24 sessions (pandas reference: 15 → 8 → 5 → 3).
    assert.deepEqual(library.sample.funnel.rows.map((r) => r.reached), [15, 8, 5, 3]);
    assert.ok(library.sample.sessions.rows.some((r) => r.user === null));
  });

  test('CLI: `distill run journeys-and-funnel --source …` prints the same results', async () => {
    for (const name of DATASETS) {
      const r = await runDistill(['run', NAME, '--source', name, '--config', 'distill.config.json', '--out', `${name}.json`], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const env = JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')) as { results: Results; stats: { scanned: number } };
      assert.equal(env.stats.scanned, references[name].quirks.documents);
      assert.deepEqual(env.results, library[name]);
    }
  });

  test('REST: GET /v1/pipelines lists it; POST /v1/pipelines/journeys-and-funnel/run returns the same results', async () => {
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ config: () => ({ sources: { sample: { kind: 'files', paths: SAMPLE, schema: 'userale' }, generated: { kind: 'files', paths: generated, schema: 'userale' } }, pipelines: { [NAME]: pipelines[NAME] as never } }) });
      const list = await server.request('/v1/pipelines', { method: 'GET' });
      assert.equal(list.status, 200, list.text);
      assert.ok(JSON.stringify(list.json()).includes(`"${NAME}"`), list.text);
      for (const name of DATASETS) {
        const reply = await server.request(`/v1/pipelines/${NAME}/run`, { body: { source: name } });
        assert.equal(reply.status, 200, reply.text);
        const env = reply.json<{ results: Results; stats: { scanned: number } }>();
        assert.equal(env.stats.scanned, references[name].quirks.documents);
        assert.deepEqual(env.results, library[name]);
      }
    } finally {
      await server?.close();
    }
  });
});

describe('journeys-and-funnel over Elasticsearch equals files', { skip: SKIP }, () => {
  for (const name of DATASETS) {
    test(`${name} indexed in the real node: one read, identical results`, async () => {
      const file = name === 'sample' ? SAMPLE : generated;
      const docs = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
      // Ids name the file and line as the file source does, so ties in time break alike.
      const fixture = await readOnlyFixture('journeys', docs, docs.map((_, i) => `${path.basename(file)}#${i + 1}`), { shards: 2 });
      try {
        const es = await openDistill({ config: { sources: { es: { kind: 'elasticsearch', node: ES_URL!, index: fixture.index, schema: 'userale' } }, pipelines: { [NAME]: pipelines[NAME] as never } }, userPlugins: false });
        try {
          const env = await es.runOutputs({ ...es.pipelineDocument(NAME), source: 'es' });
          assert.equal(env.stats.scanned, docs.length, 'one read of the index for all four outputs');
          assert.deepEqual(env.results, library[name]);
          checkAgainstReference(env.results as unknown as Results, references[name]);
        } finally {
          await es.close();
        }
        // The same run through the runner with every request to the node recorded: one point in time is opened
        // (one read, search_after pages through it) and closed, and nothing but reads is sent.
        const source = createElasticsearchSource({ id: 'es', connection: connection(), index: fixture.index, mapping: resolveMapping('userale'), onRequest: fixture.audit.onRequest });
        try {
          const audited = await collectRun(
            startPipeline({ ...(pipelines[NAME] as Record<string, unknown>), source: 'es' }, { registry: createRegistry(), defaultSource: 'es', resolveSource: () => source, sort: { memoryBytes: 256 * 1024 * 1024, spill: () => createTempSpill() } }),
          );
          assert.ok('results' in audited);
          assert.deepEqual(audited.results, library[name]);
          const calls = (endpoint: string): number => fixture.audit.requests.filter((r) => r.endpoint === endpoint).length;
          assert.deepEqual([calls('open_point_in_time'), calls('close_point_in_time')], [1, 1]);
        } finally {
          await source.close?.();
        }
      } finally {
        await fixture.close();
      }
    });
  }
});
