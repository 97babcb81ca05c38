import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDistill } from '../../src/distill.js';
import { close, reference, type RefSummary } from '../core/analytics/reference-fixture.js';

// The bundled config's named pipelines over the bundled sample, checked against pandas (reference.json `sample`,
// scripts/reference/analytics_fixtures.py): a click is a raw log, never an interval summary.
const CONFIG = path.join(import.meta.dirname, '../../dist-config/distill.config.json');

type Result = { rows?: Record<string, unknown>[]; nodes?: Record<string, unknown>[]; edges?: Record<string, unknown>[] };

async function results(name: string, outputs = false): Promise<Record<string, Result>> {
  const distill = await openDistill({ config: CONFIG, userPlugins: false });
  if (outputs) return ((await distill.runOutputs(name)) as unknown as { results: Record<string, Result> }).results;
  return { result: (await distill.run(name)).result as unknown as Result };
}

async function rows(name: string): Promise<Record<string, unknown>[]> {
  return (await results(name)).result!.rows!;
}

/** A stats row against a pandas summary (1e-12 relative; quantiles p25 … p90). */
function assertSummary(row: Record<string, unknown>, ref: RefSummary): void {
  assert.equal(row.count, ref.count);
  for (const k of ['sum', 'mean', 'median', 'min', 'max', 'range', 'variance_sample', 'variance_population', 'std_sample', 'std_population']) {
    close(row[k] as number, ref[k] as number, 1e-12, k);
  }
  assert.deepEqual(row.modes, ref.modes);
  for (const q of [25, 50, 75, 90]) close(row[`p${q}`] as number, ref[`q${q / 100}`] as number, 1e-12, `p${q}`);
}

test('clicks-per-user counts raw clicks only (pandas: raw clicks groupby userId, dropna=False)', async () => {
  const got = Object.fromEntries((await rows('clicks-per-user')).map((r) => [r.user ?? 'null', r.count]));
  assert.deepEqual(got, reference.sample.clicks_per_user);
  // The sample has interval click summaries that the old pipeline counted as well.
  assert.ok(reference.sample.click_logs_by_kind.interval! > 0);
});

test('top-click-targets counts raw clicks only (pandas: raw clicks groupby target, top 20)', async () => {
  const got = (await rows('top-click-targets')).map((r) => [r.target, r.count]);
  const want = reference.sample.top_click_targets;
  assert.equal(got.length, 20);
  for (const [i, [target, count]] of got.entries()) {
    assert.equal(count, want[i]!.count, `row ${i}`);
    assert.ok(want.some((w) => w.target === target && w.count === count), `${String(target)} ${String(count)}`);
  }
});

test('sessions-per-user: one value per signed-in user and their spread, as pandas nunique()', async () => {
  const r = await results('sessions-per-user', true);
  assert.deepEqual(Object.fromEntries(r.per_user!.rows!.map((x) => [x.user, x.value])), reference.sample.sessions_per_user.values);
  assertSummary(r.between_users!.rows![0]!, reference.sample.sessions_per_user.summary);
});

test('click-stats-between-users: raw clicks per signed-in user summarised between users, as pandas', async () => {
  assertSummary((await rows('click-stats-between-users'))[0]!, reference.sample.click_stats_between_users);
});

test('journeys-pages: page transitions with start and end, repeats collapsed, as pandas', async () => {
  const graph = (await results('journeys-pages')).result!;
  const got = graph.edges!.map((e) => ({ source: e.source, target: e.target, count: e.count }));
  got.sort((a, b) => (String(a.source) < String(b.source) ? -1 : String(a.source) > String(b.source) ? 1 : String(a.target) < String(b.target) ? -1 : 1));
  assert.deepEqual(got, reference.sample.journeys_pages);
  for (const n of graph.nodes!) assert.equal(typeof n.pagerank, 'number');
});

test('top-variants: the 10 most frequent page sequences and the rest folded, as pandas value counts', async () => {
  const got = await rows('top-variants');
  const want = reference.sample.variants;
  const total = Object.values(want).reduce((a, b) => a + b, 0);
  assert.equal(got.length, 11);
  let top = 0;
  for (const row of got.slice(0, 10)) {
    assert.equal(row.count, want[row.variant as string], String(row.variant));
    top += row.count as number;
  }
  const counts = Object.values(want).sort((a, b) => b - a);
  assert.deepEqual(got.slice(0, 10).map((r) => r.count), counts.slice(0, 10));
  assert.equal(got[10]!.count, total - top);
  assert.equal(got[10]!.variants, Object.keys(want).length - 10);
});

test('checkout-funnel: reached and median time per step equal a plain Python reading of the same rule', async () => {
  const funnel = await rows('checkout-funnel');
  const want = reference.sample.checkout_funnel;
  assert.deepEqual(funnel.map((r) => r.name), ['product', 'cart', 'checkout', 'confirmation']);
  assert.deepEqual(funnel.map((r) => r.reached), want.reached);
  assert.equal((funnel[0]!.reached as number) + (funnel[0]!.dropped as number), want.partitions);
  funnel.forEach((r, i) => close(r.median_time_to_convert_ms as number, want.median_time_to_convert_ms[i], 1e-12, `step ${i + 1}`));
});

test('journeys-targets: raw-click transitions within sessions equal pm4py discover_dfg (fewer than the top 100 kept)', async () => {
  const edges = (await results('journeys-targets')).result!.edges!.map((e) => ({ source: e.source, target: e.target, count: e.count }));
  edges.sort((a, b) => (String(a.source) < String(b.source) ? -1 : String(a.source) > String(b.source) ? 1 : String(a.target) < String(b.target) ? -1 : 1));
  assert.deepEqual(edges, reference.sample.journeys_targets);
});
