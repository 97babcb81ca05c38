import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { sankey } from '../../../src/core/analytics/sankey.js';

const ev = (id: string, page: string): CanonicalEvent => ({ id, time: Number(id), page, doc: {} });
const seq = (key: string, pages: string[]) => ({ key: [key], events: pages.map((p, i) => ev(String(i), p)) });
const parts = [seq('a', ['/', '/cart', '/pay', '/done']), seq('b', ['/', '/cart', '/cart', '/']), seq('c', ['/']), seq('d', ['/', '/help'])];
const label = (e: CanonicalEvent) => e.page ?? null;

test('layers of the first N steps, repeats collapsed; shorter partitions keep their final transition', () => {
  assert.deepEqual(sankey(parts, { label, steps: 3, selfLoops: 'collapse', end: false }), [
    { source: '1:/', target: '2:/cart', source_step: 1, target_step: 2, source_label: '/', target_label: '/cart', value: 2 },
    { source: '1:/', target: '2:/help', source_step: 1, target_step: 2, source_label: '/', target_label: '/help', value: 1 },
    { source: '2:/cart', target: '3:/', source_step: 2, target_step: 3, source_label: '/cart', target_label: '/', value: 1 },
    { source: '2:/cart', target: '3:/pay', source_step: 2, target_step: 3, source_label: '/cart', target_label: '/pay', value: 1 },
  ]);
});

test('with end links, partitions ending before N flow into [end] at the next layer', () => {
  const links = sankey(parts, { label, steps: 3, selfLoops: 'collapse', end: true });
  assert.deepEqual(
    links.filter((l) => l.target_label === '[end]').map((l) => [l.source, l.target, l.value]),
    [['1:/', '2:[end]', 1], ['2:/help', '3:[end]', 1]],
  );
});

test('links are ordered by layer first, then by value (heaviest first), then by source and target', () => {
  const heavy = [seq('a', ['/x', '/y']), seq('b', ['/p', '/q', '/r']), seq('c', ['/s', '/q', '/r']), seq('d', ['/t', '/q', '/r']), seq('f', ['/t', '/q']), { key: ['e'], events: [] }];
  assert.deepEqual(
    sankey(heavy, { label, steps: 3, selfLoops: 'keep', end: true }).map((l) => [l.source, l.target, l.value]),
    [['1:/t', '2:/q', 2], ['1:/p', '2:/q', 1], ['1:/s', '2:/q', 1], ['1:/x', '2:/y', 1], ['2:/q', '3:/r', 3], ['2:/q', '3:[end]', 1], ['2:/y', '3:[end]', 1]],
  );
});
