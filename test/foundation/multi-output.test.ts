import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDistill, type Distill } from '../../src/distill.js';
import { runDistill } from '../helpers/run-distill.js';
import { startTestServer, type TestServer } from '../server/helpers/test-server.js';

/**
 * Several answers from one read — the same multi-output pipeline from the library, the CLI and the REST server
 * (JSON and NDJSON): each output equals the single-output pipeline it stands for, and `stats.scanned` counts the
 * source's documents once.
 */
const PLUGIN = path.resolve(import.meta.dirname, '../fixtures/plugins/foundation-ops.mjs');
const SAMPLE = path.resolve(import.meta.dirname, '../../dist-config/sample/userale-sample.ndjson');
const SAMPLE_DOCS = 2529;
const PIPELINE = {
  query: { where: { field: 'kind', op: 'eq', value: 'raw' } },
  steps: [{ op: 'tag-area' }],
  outputs: {
    types: [{ op: 'count-by', by: 'type', limit: 5 }],
    areas: [{ op: 'count-by', by: ['area'] }],
    graph: [{ op: 'type-follows' }],
    sessions: [{ op: 'partition-spans', by: ['session'] }, { op: 'limit', n: 3 }],
  },
};

let dir = '';
let distill: Distill;
let server: TestServer;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distill-multi-'));
  const config = { defaultSource: 'sample', sources: { sample: { kind: 'files' as const, paths: SAMPLE } }, plugins: [PLUGIN] };
  await writeFile(path.join(dir, 'distill.config.json'), JSON.stringify(config));
  await writeFile(path.join(dir, 'multi.json'), JSON.stringify(PIPELINE));
  distill = await openDistill({ config: path.join(dir, 'distill.config.json'), cwd: dir, userPlugins: false });
  server = await startTestServer({ distill: async () => openDistill({ config: path.join(dir, 'distill.config.json'), cwd: dir, userPlugins: false }) });
});
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Each output run alone, as a single-output pipeline: what the multi-output results must equal. */
async function singles(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, steps] of Object.entries(PIPELINE.outputs)) {
    const env = await distill.run({ query: PIPELINE.query, steps: [...PIPELINE.steps, ...steps] });
    out[name] = env.result;
  }
  return out;
}

test('library: runOutputs gives one result per output from one read', async () => {
  const env = await distill.runOutputs(PIPELINE);
  assert.deepEqual(Object.keys(env.results), ['types', 'areas', 'graph', 'sessions']);
  assert.equal(env.stats.scanned, SAMPLE_DOCS, 'the source was read once');
  assert.deepEqual(env.results, await singles());
  assert.equal(env.results.graph!.kind, 'graph');
  // derived attribute `area` is usable by name; the document is untouched
  const areas = env.results.areas!;
  assert.ok(areas.kind === 'table' && areas.rows.some((r) => r.area === 'checkout' || r.area === 'cart' || r.area === 'product'));
  await assert.rejects(distill.run(PIPELINE), (e: { code?: string }) => e.code === 'invalid_argument');
  const one = await distill.run(PIPELINE, { output: 'types' });
  assert.deepEqual(one.result, env.results.types);
  assert.equal(one.request.selected, 'types');
});

test('CLI: JSON envelope with results, one output as CSV, a file per output with --out-dir', async () => {
  const cfg = ['--config', path.join(dir, 'distill.config.json'), '-q'];
  const json = await runDistill(['run', 'multi.json', ...cfg], { cwd: dir });
  assert.equal(json.code, 0, json.stderr);
  const env = JSON.parse(json.stdout);
  assert.equal(env.result, undefined);
  assert.deepEqual(env.results, await singles());
  assert.equal(env.stats.scanned, SAMPLE_DOCS);
  const csv = await runDistill(['run', 'multi.json', ...cfg, '--output', 'types', '-f', 'csv'], { cwd: dir });
  assert.equal(csv.code, 0, csv.stderr);
  const rows = (env.results.types as { rows: { type: string; count: number }[] }).rows;
  assert.equal(csv.stdout, `type,count\n${rows.map((r) => `${r.type},${r.count}`).join('\n')}\n`);
  const noName = await runDistill(['run', 'multi.json', ...cfg, '-f', 'ndjson'], { cwd: dir });
  assert.equal(noName.code, 2);
  assert.match(noName.stderr, /several outputs \(types, areas, graph, sessions\)/);
  const out = await runDistill(['run', 'multi.json', ...cfg, '--out-dir', 'answers', '-f', 'csv'], { cwd: dir });
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual((await readdir(path.join(dir, 'answers'))).sort(), ['areas.csv', 'envelope.json', 'graph.csv', 'sessions.csv', 'types.csv']);
  assert.equal(await readFile(path.join(dir, 'answers', 'types.csv'), 'utf8'), csv.stdout);
  const meta = JSON.parse(await readFile(path.join(dir, 'answers', 'envelope.json'), 'utf8'));
  assert.deepEqual(meta.outputs, ['types', 'areas', 'graph', 'sessions']);
  assert.equal(meta.stats.scanned, SAMPLE_DOCS);
});

test('REST: JSON envelope with results; NDJSON of one output with ?output=; NDJSON of all refused', async () => {
  const r = await server.request('/v1/pipelines/run', { body: PIPELINE });
  assert.equal(r.status, 200, r.text);
  const env = r.json();
  assert.deepEqual(env.results, await singles());
  assert.equal(env.stats.scanned, SAMPLE_DOCS);
  const nd = await server.request('/v1/pipelines/run?format=ndjson&output=graph', { body: PIPELINE });
  assert.equal(nd.status, 200, nd.text);
  assert.deepEqual(nd.text.trim().split('\n').map((l) => JSON.parse(l)), env.results.graph.edges);
  assert.equal(JSON.parse(nd.trailers['distill-stats']!).scanned, SAMPLE_DOCS);
  const all = await server.request('/v1/pipelines/run?format=ndjson', { body: PIPELINE });
  assert.equal(all.status, 400);
  assert.equal(all.json().issues[0].code, 'output_required');
  const paged = await server.request('/v1/pipelines/run?output=graph&limit=2', { body: PIPELINE });
  assert.equal(paged.status, 400);
  assert.equal(paged.json().issues[0].code, 'not_pageable');
  const unknown = await server.request('/v1/pipelines/run?output=nope', { body: PIPELINE });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json().issues[0].code, 'unknown_output');
  const gexf = await server.request('/v1/pipelines/run?format=gexf&output=graph', { body: PIPELINE });
  assert.equal(gexf.status, 200);
  assert.equal(gexf.headers['content-type'], 'application/gexf+xml; charset=utf-8');
  assert.match(gexf.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<gexf /);
});

test('validation: output names, empty outputs, formats per kind, paths spelled steps[1].by', async () => {
  const problems = async (pipeline: unknown): Promise<{ path: string; code: string; message?: string }[]> => {
    try {
      distill.validatePipeline(pipeline as Record<string, unknown>);
      return [];
    } catch (error) {
      return (error as { issues: { path: (string | number)[]; code: string }[] }).issues.map((i) => ({ path: i.path.join('/'), code: i.code }));
    }
  };
  assert.deepEqual(await problems({ outputs: { '1x': [] } }), [{ path: 'outputs/1x', code: 'invalid_key' }]);
  assert.deepEqual(await problems({ outputs: {} }), [{ path: 'outputs', code: 'invalid_value' }]);
  assert.deepEqual(await problems({ steps: [{ op: 'count-by', by: 'type' }], output: { format: 'dot' } }), [{ path: 'output/format', code: 'invalid_value' }]);
  // messages report the value received (zod reportInput)
  try {
    distill.validatePipeline({ outputs: { a: [{ op: 'count-by', by: 3 }] } });
    assert.fail('expected an error');
  } catch (error) {
    assert.deepEqual((error as { issues: unknown[] }).issues, [{ code: 'invalid_type', path: ['outputs', 'a', 0, 'by'], message: 'Expected string, got number 3.' }]);
    assert.equal((error as Error).message, 'Invalid pipeline at outputs.a[0].by: Expected string, got number 3.');
  }
  try {
    distill.validatePipeline({ steps: [{ op: 'limit', n: 1 }, { op: 'count-by', by: ['type', 'type'] }] });
    assert.fail('expected an error');
  } catch (error) {
    assert.match((error as Error).message, /^Invalid pipeline at steps\[1\]\.by: /);
  }
});
