import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionBy, reference, refEvents, close, type RefSummary } from './reference-fixture.js';
import { betweenPartitions, partitionValue, withinPartitions } from '../../../src/core/analytics/stats.js';
import { partitionValues } from '../../../src/core/analytics/partition-measure.js';
import { quantileColumn, type Summary } from '../../../src/core/analytics/summarize.js';

const QS = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
const users = partitionBy(refEvents, 'user');
const isRawClick = (e: { type?: string | undefined; kind?: string | undefined }) => e.type === 'click' && e.kind === 'raw';

function assertSummary(s: Summary, ref: RefSummary, what: string): void {
  assert.equal(s.count, ref.count, `${what} count`);
  for (const k of ['sum', 'mean', 'median', 'min', 'max', 'range', 'variance_sample', 'variance_population', 'std_sample', 'std_population'] as const) {
    close(s[k], ref[k] as number | null, 1e-12, `${what} ${k}`);
  }
  assert.deepEqual(s.modes, ref.modes, `${what} modes`);
  for (const q of QS) close(s.quantiles[quantileColumn(q)], ref[`q${q}`] as number, 1e-12, `${what} q${q}`);
}

test('within-user inter-event times equal pandas groupby(user).time.diff() summaries', () => {
  const rows = withinPartitions(users, { measure: 'gap' }, QS);
  assert.deepEqual(rows.map((r) => r.key[0]), Object.keys(reference.stats.gap_per_user).sort());
  for (const r of rows) assertSummary(r.summary, reference.stats.gap_per_user[r.key[0] as string]!, `gap ${String(r.key[0])}`);
});

test('between-user raw clicks (interval logs not counted) equal pandas', () => {
  const values = users.map((p) => partitionValues(p, { measure: 'events', where: isRawClick })[0]);
  assert.deepEqual(Object.fromEntries(users.map((p, i) => [p.key[0], values[i]])), reference.stats.raw_clicks_per_user.values);
  assertSummary(betweenPartitions(users, { measure: 'events', where: isRawClick }, 'mean', QS), reference.stats.raw_clicks_per_user.summary, 'clicks');
});

test('sessions per user (distinct session values) equal pandas nunique()', () => {
  const spec = { measure: 'distinct' as const, field: (e: { session?: string | undefined }) => e.session };
  assert.deepEqual(Object.fromEntries(users.map((p) => [p.key[0], partitionValues(p, spec)[0]])), reference.stats.sessions_per_user.values);
  assertSummary(betweenPartitions(users, spec, 'mean', QS), reference.stats.sessions_per_user.summary, 'sessions');
});

test('per-unit values: events per session within a user, zero when the filter keeps none', () => {
  const ev = (id: string, time: number, session: string, type: string) => ({ id, time, session, type, doc: {} });
  const user = { key: ['u'], events: [ev('1', 0, 'a', 'click'), ev('2', 5, 'a', 'click'), ev('3', 9, 'b', 'focus'), ev('4', 20, 'c', 'click')] };
  const spec = { measure: 'events' as const, where: (e: { type?: string | undefined }) => e.type === 'click', unit: (e: { session?: string | undefined }) => e.session };
  assert.deepEqual(partitionValues(user, spec), [2, 0, 1]);
  assert.deepEqual(partitionValues(user, { ...spec, measure: 'duration' }), [5, 0]);
  assert.deepEqual(partitionValues(user, { measure: 'gap', where: spec.where }), [5, 15]);
  assert.equal(partitionValue([2, 0, 1], 'mean'), 1);
  assert.equal(partitionValue([2, 0, 1], 'sum'), 3);
  assert.equal(partitionValue([2, 0, 1], 'count'), 3);
  assert.equal(partitionValue([2, 0, 1], 'median'), 1);
  assert.equal(partitionValue([], 'mean'), null);
  assert.equal(partitionValue([], 'sum'), 0);
});

test('a numeric document field, non-numbers skipped', () => {
  const ev = (id: string, v: unknown) => ({ id, time: Number(id), doc: { details: { value: v } } });
  const p = { key: ['x'], events: [ev('1', 3), ev('2', '4'), ev('3', null), ev('4', 5)] };
  assert.deepEqual(partitionValues(p, { measure: 'field', field: (e) => (e.doc.details as { value: unknown }).value }), [3, 5]);
});

test('partitionValue: a single value is the value whatever the reducer; count of none is 0, sum of none 0, others null', () => {
  assert.equal(partitionValue([5], 'count'), 5);
  assert.equal(partitionValue([5], 'sum'), 5);
  assert.equal(partitionValue([], 'count'), 0);
  assert.equal(partitionValue([], 'sum'), 0);
  assert.equal(partitionValue([], 'mean'), null);
  assert.equal(partitionValue([3, 5], 'count'), 2);
  assert.equal(partitionValue([3, 5], 'max'), 5);
});
