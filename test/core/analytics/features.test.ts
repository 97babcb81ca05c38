import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { featureRow, typeColumn } from '../../../src/core/analytics/features.js';

const ev = (id: string, time: number | undefined, type: string, target?: string): CanonicalEvent => ({ id, time, type, target, doc: {} });

test('one row of stable features per partition (hand-computed)', () => {
  const p = { key: ['alice', 's1'], events: [ev('1', 0, 'click', 'a'), ev('2', 1000, 'click', 'a'), ev('3', 71000, 'Mouse Over', 'b'), ev('4', 72000, 'click', 'a'), ev('5', undefined, 'custom')] };
  assert.deepEqual(featureRow(p, { label: (e) => e.target ?? null, types: ['click', 'Mouse Over', 'scroll'], idleMs: 60000 }), {
    id: 'alice|s1',
    events: 5,
    count_click: 3,
    count_mouse_over: 1,
    count_scroll: 0,
    distinct_types: 3,
    distinct_targets: 2,
    duration_ms: 72000,
    idle_ms: 70000,
    max_gap_ms: 70000,
    transition_entropy: 1.584962500721156, // a→a, a→b, b→a once each: log2(3)
    graph_nodes: 2,
    graph_edges: 3,
    graph_density: 1.5, // 3 / (2 · 1), the self-loop counted as networkx does
    self_loops: 1,
  });
});

test('type column names are lower-case with other characters as _', () => {
  assert.equal(typeColumn('Mouse Over'), 'count_mouse_over');
  assert.equal(typeColumn('catalog_view'), 'count_catalog_view');
});

test('an untimed partition has null times', () => {
  const row = featureRow({ key: ['x'], events: [ev('1', undefined, 'custom')] }, { label: (e) => e.target ?? null, types: [], idleMs: 1 });
  assert.equal(row.duration_ms, null);
  assert.equal(row.idle_ms, null);
  assert.equal(row.max_gap_ms, null);
});

test('typeColumn folds each run of other characters into one _', () => {
  assert.equal(typeColumn('Key  Down!!'), 'count_key_down_');
  assert.equal(typeColumn('a.b'), 'count_a_b');
});

test('features: a gap exactly at the idle limit is not idle; edges counted once per distinct pair; one node has density 0', () => {
  const p = { key: ['s'], events: [ev('1', 0, 'click', 'a'), ev('2', 100, 'click', 'b'), ev('3', 150, 'click', 'a'), ev('4', 300, 'click', 'b')] };
  const row = featureRow(p, { label: (e) => e.target ?? null, types: [], idleMs: 100 });
  assert.equal(row.idle_ms, 150);
  assert.equal(row.max_gap_ms, 150);
  assert.equal(row.graph_edges, 2);
  assert.equal(row.graph_density, 1);
  const one = featureRow({ key: ['s'], events: [ev('1', 0, 'click', 'a'), ev('2', 5, 'click', 'a')] }, { label: (e) => e.target ?? null, types: [], idleMs: 100 });
  assert.deepEqual([one.graph_nodes, one.graph_edges, one.graph_density, one.self_loops], [1, 1, 0, 1]);
});
