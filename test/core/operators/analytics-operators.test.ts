import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DistillError } from '../../../src/core/errors.js';
import { runPipelineOn } from '../../../src/library.js';

// The analytics operators through the real runner over a real file: fields they read from documents survive the
// run's projection and sort (each step declares them), and bad parameters are typed errors with JSON paths.
let dir = '';
let file = '';
const T0 = Date.UTC(2024, 0, 1);
const docs = [
  // team a: ok values 10, 30 (20 is not ok); team b: ok value 5; team c: none ok
  { team: 'a', n: 1, ok: true, ms: 10 },
  { team: 'a', n: 2, ok: false, ms: 20 },
  { team: 'a', n: 3, ok: true, ms: 30 },
  { team: 'b', n: 4, ok: true, ms: 5 },
  { team: 'c', n: 5, ok: false, ms: 7 },
].map((d) => ({ logType: 'raw', clientTime: T0 + d.n * 1000, userId: `u${d.n}`, sessionId: 's', type: 'click', target: `#t${d.n % 2}`, details: { team: d.team, ok: d.ok, ms: d.ms } }));

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-analytics-ops-'));
  file = path.join(dir, 'logs.ndjson');
  await writeFile(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rows(step: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const env = await runPipelineOn(file, { steps: [step] });
  return (env.result as unknown as { rows: Record<string, unknown>[] }).rows;
}

test('stats partitions by a document field and measures another, filtered by a third', async () => {
  const got = await rows({ op: 'stats', partition: 'details.team', measure: 'field', field: 'details.ms', where: { field: 'details.ok', op: 'eq', value: true }, level: 'value', of: 'sum' });
  assert.deepEqual(got, [
    { 'details.team': 'a', value: 40 },
    { 'details.team': 'b', value: 5 },
    { 'details.team': 'c', value: 0 },
  ]);
});

test('stats per time bucket: each partition split by bucket; between-partition summaries per bucket', async () => {
  // events one per second from T0 + 1 s; 2 s buckets: a {1} {2, 3}, b {4}, c {5}
  const value = await rows({ op: 'stats', partition: 'details.team', level: 'value', interval: '2s' });
  assert.deepEqual(value, [
    { 'details.team': 'a', time: T0, value: 1 },
    { 'details.team': 'a', time: T0 + 2000, value: 2 },
    { 'details.team': 'b', time: T0 + 4000, value: 1 },
    { 'details.team': 'c', time: T0 + 4000, value: 1 },
  ]);
  const between = await rows({ op: 'stats', partition: 'details.team', level: 'between', interval: '2s', quantiles: [] });
  assert.deepEqual(between.map((r) => [r.time, r.count, r.mean, r.sum]), [[T0, 1, 1, 1], [T0 + 2000, 1, 2, 2], [T0 + 4000, 2, 1, 2]]);
});

test('funnel steps on document fields, partitioned by one', async () => {
  const got = await rows({ op: 'funnel', partition: 'details.team', steps: [{ where: { field: 'details.ok', op: 'eq', value: true } }, { where: { field: 'details.ms', op: 'gt', value: 25 } }] });
  assert.deepEqual(got.map((r) => [r.reached, r.dropped_ids]), [[2, ['c']], [1, ['b']]]);
});

test('path-probabilities with an action condition on a document field', async () => {
  const got = await rows({ op: 'path-probabilities', partition: 'details.team', action: { field: 'details.ok', op: 'eq', value: true } });
  // ok clicks: #t1 (n 1, 3), #t0 (n 4)
  assert.deepEqual(got.map((r) => [r.label, r.count, r.denominator, r.partitions]), [['#t1', 2, 3, 1], ['#t0', 1, 3, 1]]);
});

async function pipelineError(step: Record<string, unknown>): Promise<DistillError> {
  try {
    await runPipelineOn(file, { steps: [step] });
  } catch (error) {
    assert.ok(error instanceof DistillError, String(error));
    return error;
  }
  assert.fail('expected an error');
}

test('bad parameters are invalid_pipeline with the path of the offending parameter', async () => {
  const e1 = await pipelineError({ op: 'stats', measure: 'field' });
  assert.equal(e1.code, 'invalid_pipeline');
  assert.ok(e1.issues.some((i) => i.path.join('.') === 'steps.0.field'), JSON.stringify(e1.issues));
  const e2 = await pipelineError({ op: 'funnel', steps: [] });
  assert.equal(e2.code, 'invalid_pipeline');
  assert.ok(e2.issues.some((i) => i.path.join('.') === 'steps.0.steps'), JSON.stringify(e2.issues));
  const e3 = await pipelineError({ op: 'transition-graph', metrics: ['katz'] });
  assert.ok(e3.issues.some((i) => i.path.join('.').startsWith('steps.0.metrics')), JSON.stringify(e3.issues));
  const e4 = await pipelineError({ op: 'transition-graph', label: '{type}:{}' });
  assert.equal(e4.code, 'invalid_pipeline');
  assert.ok(e4.issues.some((i) => i.path.join('.') === 'steps.0.label'), JSON.stringify(e4.issues));
});

test('compare refuses more partitions than maxPartitions with a typed error', async () => {
  const e = await pipelineError({ op: 'compare', partition: 'user', maxPartitions: 2 });
  assert.equal(e.code, 'invalid_argument');
  assert.deepEqual(e.issues.map((i) => i.code), ['too_many_partitions']);
});

test('transition-graph over pathMetricsMaxNodes: betweenness and closeness null with a metrics_skipped warning, the rest computed', async () => {
  // one session: #t1 → #t0 → #t1 → #t0 → #t1 (2 nodes)
  const over = await runPipelineOn(file, { steps: [{ op: 'transition-graph', pathMetricsMaxNodes: 1 }] });
  const nodes = (over.result as unknown as { nodes: Record<string, unknown>[] }).nodes;
  assert.deepEqual(nodes.map((n) => [n.key, n.betweenness, n.closeness, n.in_degree, n.pagerank]), [
    ['#t1', null, null, 1, 0.5],
    ['#t0', null, null, 1, 0.5],
  ]);
  assert.deepEqual(over.warnings.map((w) => [w.code, w.count]), [['metrics_skipped', 1]]);
  const within = await runPipelineOn(file, { steps: [{ op: 'transition-graph' }] });
  assert.deepEqual((within.result as unknown as { nodes: Record<string, unknown>[] }).nodes.map((n) => [n.betweenness, n.closeness]), [[0, 1], [0, 1]]);
  assert.deepEqual(within.warnings, []);
});
