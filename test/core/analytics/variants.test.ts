import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { variants } from '../../../src/core/analytics/variants.js';

const seq = (key: string, t0: number, labels: string[]) => ({
  key: [key],
  events: labels.map((l, i): CanonicalEvent => ({ id: String(i), time: t0 + i * 1000, target: l, doc: {} })),
});
const parts = [
  seq('s1', 0, ['a', 'b', 'c']),
  seq('s2', 0, ['a', 'b', 'b', 'c']), // collapses to a → b → c
  seq('s3', 0, ['a', 'c']),
  seq('s4', 0, ['b']),
  seq('s5', 0, ['a', 'c']),
  seq('s6', 0, ['c', 'a']),
  { key: ['s7'], events: [] },
];
const label = (e: CanonicalEvent) => e.target ?? null;

test('top-k variants with share and mean duration, the rest folded into "other"', () => {
  assert.deepEqual(variants(parts, { label, selfLoops: 'collapse', top: 2 }), [
    // s1 lasts 2000 ms, s2 3000 ms (from the first a to the last b repeat … c at 3000)
    { rank: 1, variant: 'a → b → c', sequence: ['a', 'b', 'c'], length: 3, count: 2, share: 2 / 6, mean_duration_ms: 2500, variants: 1 },
    { rank: 2, variant: 'a → c', sequence: ['a', 'c'], length: 2, count: 2, share: 2 / 6, mean_duration_ms: 1000, variants: 1 },
    { rank: null, variant: null, sequence: null, length: null, count: 2, share: 2 / 6, mean_duration_ms: 500, variants: 2 },
  ]);
});

test('without collapsing, repeats make their own variant; no top keeps every variant', () => {
  const rows = variants(parts, { label, selfLoops: 'keep' });
  assert.deepEqual(rows.map((r) => [r.variant, r.count]), [['a → c', 2], ['a → b → b → c', 1], ['a → b → c', 1], ['b', 1], ['c → a', 1]]);
});

test('untimed partitions have no duration: null, not NaN, on a variant row and on the "other" row', () => {
  const untimed = (key: string, labels: string[]) => ({ key: [key], events: labels.map((l, i): CanonicalEvent => ({ id: String(i), time: undefined, target: l, doc: {} })) });
  assert.deepEqual(
    variants([untimed('u1', ['a']), untimed('u2', ['a']), untimed('u3', ['b'])], { label, selfLoops: 'keep', top: 1 }).map((r) => [r.variant, r.mean_duration_ms]),
    [['a', null], [null, null]],
  );
});
