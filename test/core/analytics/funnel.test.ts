import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { funnel, funnelProgress, type FunnelMode } from '../../../src/core/analytics/funnel.js';

// Hand-computed expectations (worked out in the comments) over six sessions and the steps view → cart → buy.
const ev = (id: string, time: number | undefined, type: string): CanonicalEvent => ({ id, time, type, doc: {} });
const sessions = [
  { key: ['P1'], events: [ev('1', 0, 'view'), ev('2', 10, 'cart'), ev('3', 20, 'buy')] }, // converts
  { key: ['P2'], events: [ev('1', 0, 'view'), ev('2', 5, 'buy')] }, // skips cart
  { key: ['P3'], events: [ev('1', 0, 'view'), ev('2', 3, 'view'), ev('3', 4, 'other'), ev('4', 6, 'cart'), ev('5', 7, 'cart'), ev('6', 9, 'buy')] }, // repeats, something between
  { key: ['P4'], events: [ev('1', 0, 'view'), ev('2', 10, 'cart'), ev('3', 100, 'buy')] }, // buys outside a 30 ms window
  { key: ['P5'], events: [ev('1', 0, 'cart')] }, // one event, not step 1
  { key: ['P6'], events: [ev('1', 0, 'buy'), ev('2', 5, 'cart'), ev('3', 10, 'view')] }, // reverse order
];
const steps = ['view', 'cart', 'buy'].map((name) => ({ name, match: (e: CanonicalEvent) => e.type === name }));
const run = (mode: FunnelMode, windowMs?: number) => funnel(sessions, { steps, mode, windowMs });
const depths = (mode: FunnelMode, windowMs?: number) => sessions.map((p) => funnelProgress(p.events, { steps, mode, windowMs }).depth);

test('ordered: others may occur between; repeats do not count twice; skipping a step stops the funnel', () => {
  assert.deepEqual(depths('ordered'), [3, 1, 3, 3, 0, 1]);
  assert.deepEqual(run('ordered'), [
    { step: 1, name: 'view', reached: 5, conversion_from_previous: 5 / 6, conversion_from_first: 1, dropped: 1, drop_off: 1 / 6, median_time_to_convert_ms: 0, dropped_ids: ['P5'] },
    // step-2 times: P1 10, P3 6, P4 10 → median 10
    { step: 2, name: 'cart', reached: 3, conversion_from_previous: 0.6, conversion_from_first: 0.6, dropped: 2, drop_off: 0.4, median_time_to_convert_ms: 10, dropped_ids: ['P2', 'P6'] },
    // step-3 times: P1 20, P3 9, P4 100 → median 20
    { step: 3, name: 'buy', reached: 3, conversion_from_previous: 1, conversion_from_first: 0.6, dropped: 0, drop_off: 0, median_time_to_convert_ms: 20, dropped_ids: [] },
  ]);
});

test('ordered with a 30 ms window: converting outside the window does not count', () => {
  assert.deepEqual(depths('ordered', 30), [3, 1, 3, 2, 0, 1]);
  const rows = run('ordered', 30);
  assert.equal(rows[2]!.reached, 2);
  assert.equal(rows[2]!.conversion_from_previous, 2 / 3);
  assert.deepEqual(rows[2]!.dropped_ids, ['P4']);
  assert.equal(rows[2]!.median_time_to_convert_ms, 14.5); // P1 20, P3 9
});

test('strict: the next step must be the very next event', () => {
  assert.deepEqual(depths('strict'), [3, 1, 1, 3, 0, 1]);
  const rows = run('strict');
  assert.deepEqual(rows.map((r) => r.reached), [5, 2, 2]);
  assert.deepEqual(rows[1]!.dropped_ids, ['P2', 'P3', 'P6']);
  assert.equal(rows[2]!.median_time_to_convert_ms, 60); // P1 20, P4 100
  assert.deepEqual(depths('strict', 30), [3, 1, 1, 2, 0, 1]);
});

test('any-order: every step within the window in any order; time runs from the earliest matched event', () => {
  assert.deepEqual(depths('any-order'), [3, 1, 3, 3, 0, 3]);
  const rows = run('any-order');
  assert.deepEqual(rows.map((r) => r.reached), [5, 4, 4]);
  // P6 (buy 0, cart 5, view 10): steps 1..k all seen at 10 for every k.
  assert.deepEqual(funnelProgress(sessions[5]!.events, { steps, mode: 'any-order' }).times, [10, 10, 10]);
  assert.deepEqual(rows.map((r) => r.median_time_to_convert_ms), [0, 10, 15]); // step 3: 20, 9, 100, 10
  assert.deepEqual(rows[1]!.dropped_ids, ['P2']);
  assert.deepEqual(depths('any-order', 30), [3, 1, 3, 2, 0, 3]);
});

test('one-event sessions: reaching step 1 only; a single step-1 event converts step 1 in 0 ms', () => {
  const one = [{ key: ['solo'], events: [ev('1', 42, 'view')] }];
  for (const mode of ['strict', 'ordered', 'any-order'] as const) {
    const rows = funnel(one, { steps, mode });
    assert.deepEqual(rows.map((r) => r.reached), [1, 0, 0]);
    assert.equal(rows[0]!.median_time_to_convert_ms, 0);
    assert.deepEqual(rows[1]!.dropped_ids, ['solo']);
    assert.equal(rows[2]!.conversion_from_previous, null);
  }
});

test('untimed events: position decides without a window; with one they cannot count', () => {
  const p = [ev('1', 0, 'view'), ev('2', 3, 'cart'), ev('3', undefined, 'buy')];
  assert.deepEqual(funnelProgress(p, { steps, mode: 'ordered' }), { depth: 3, times: [0, 3, null] });
  assert.equal(funnelProgress(p, { steps, mode: 'ordered', windowMs: 1000 }).depth, 2);
});

test('dropped ids are capped by the limit; no partitions gives null conversions', () => {
  assert.deepEqual(funnel(sessions, { steps, mode: 'strict' }, 2)[1]!.dropped_ids, ['P2', 'P3']);
  const empty = funnel([], { steps, mode: 'ordered' });
  assert.deepEqual(empty[0], { step: 1, name: 'view', reached: 0, conversion_from_previous: null, conversion_from_first: null, dropped: 0, drop_off: null, median_time_to_convert_ms: null, dropped_ids: [] });
});

test('untimed step-1 events: they start a run without a window (position decides), never with one', () => {
  const p = [ev('1', undefined, 'view'), ev('2', undefined, 'cart')];
  assert.deepEqual(funnelProgress(p, { steps, mode: 'ordered' }), { depth: 2, times: [0, null] });
  assert.deepEqual(funnelProgress(p, { steps, mode: 'ordered', windowMs: 1000 }), { depth: 0, times: [] });
  // any-order without a window: reached, but the time from an untimed start is unknown.
  assert.deepEqual(funnelProgress(p, { steps, mode: 'any-order' }), { depth: 2, times: [null, null] });
});

test('an event exactly windowMs after the start is inside the window; events after a complete run are ignored', () => {
  const p = [ev('1', 0, 'view'), ev('2', 30, 'cart'), ev('3', 31, 'buy'), ev('4', 40, 'other')];
  assert.deepEqual(funnelProgress(p, { steps: steps.slice(0, 2), mode: 'ordered', windowMs: 30 }), { depth: 2, times: [0, 30] });
  assert.deepEqual(funnelProgress(p, { steps: steps.slice(0, 2), mode: 'strict', windowMs: 30 }), { depth: 2, times: [0, 30] });
  assert.deepEqual(funnelProgress(p, { steps: steps.slice(0, 2), mode: 'ordered' }), { depth: 2, times: [0, 30] });
});

test('dropped ids are code-point sorted whatever the order the partitions came in', () => {
  const late = [{ key: ['b'], events: [] }, { key: ['B'], events: [] }, { key: ['a'], events: [] }];
  assert.deepEqual(funnel(late, { steps, mode: 'ordered' })[0]!.dropped_ids, ['B', 'a', 'b']);
});
