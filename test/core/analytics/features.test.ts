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
