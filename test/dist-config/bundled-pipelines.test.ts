import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDistill } from '../../src/distill.js';
import { reference } from '../core/analytics/reference-fixture.js';

// The bundled config's named pipelines over the bundled sample, checked against pandas (reference.json `sample`,
// scripts/reference/analytics_fixtures.py): a click is a raw log, never an interval summary.
const CONFIG = path.join(import.meta.dirname, '../../dist-config/distill.config.json');

async function rows(name: string): Promise<Record<string, unknown>[]> {
  const distill = await openDistill({ config: CONFIG, userPlugins: false });
  const envelope = await distill.run(name);
  return (envelope.result as unknown as { rows: Record<string, unknown>[] }).rows;
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
