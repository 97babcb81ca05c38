import { test } from 'node:test';
import assert from 'node:assert/strict';
import { funnelBars, funnelStep, transitionGraphStep, windowMs } from '../../../../ui/src/views/analytics-params.js';

test('the transition-graph step names the label and sends pruning and start/end only when set', () => {
  assert.deepEqual(transitionGraphStep({ node: 'page', minCount: 1, topK: 0, startEnd: false, repeats: 'collapse' }), { op: 'transition-graph', label: 'page', selfLoops: 'collapse' });
  assert.deepEqual(transitionGraphStep({ node: 'target', minCount: 3, topK: 50, startEnd: true, repeats: 'keep' }), { op: 'transition-graph', label: 'target', selfLoops: 'keep', minCount: 3, topK: 50, startEnd: true });
});

test('funnel steps are named conditions; the window goes as milliseconds', () => {
  assert.equal(windowMs('30m'), 1_800_000);
  assert.equal(windowMs('1d'), 86_400_000);
  assert.equal(windowMs(''), undefined);
  assert.equal(windowMs('3 weeks'), undefined);
  assert.deepEqual(funnelStep([{ field: 'page', value: '/cart' }, { field: 'type', value: 'submit' }], 'strict', '5m'), {
    op: 'funnel',
    steps: [
      { name: 'page = /cart', where: { field: 'page', op: 'eq', value: '/cart' } },
      { name: 'type = submit', where: { field: 'type', op: 'eq', value: 'submit' } },
    ],
    mode: 'strict',
    windowMs: 300_000,
  });
});

test('funnel rows become bars; null conversions stay null', () => {
  const rows = [
    { step: 1, name: 'a', reached: 10, conversion_from_previous: 0.5, conversion_from_first: 1, dropped: 10, drop_off: 0.5, median_time_to_convert_ms: 0, dropped_ids: ['s1', 's2'] },
    { step: 2, name: 'b', reached: 0, conversion_from_previous: 0, conversion_from_first: 0, dropped: 10, drop_off: 1, median_time_to_convert_ms: null, dropped_ids: [] },
  ];
  assert.deepEqual(funnelBars(rows), [
    { step: 1, label: 'a', reached: 10, fromPrevious: 0.5, fromFirst: 1, dropped: 10, medianMs: 0, droppedPartitions: ['s1', 's2'] },
    { step: 2, label: 'b', reached: 0, fromPrevious: 0, fromFirst: 0, dropped: 10, medianMs: null, droppedPartitions: [] },
  ]);
});
