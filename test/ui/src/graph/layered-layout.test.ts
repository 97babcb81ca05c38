import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layeredLayout } from '../../../../ui/src/graph/layered-layout.js';

const e = (source: string, target: string, weight = 1): { source: string; target: string; weight: number } => ({ source, target, weight });

test('a chain lies on one row, one layer per step, with no back edges', () => {
  const l = layeredLayout(['a', 'b', 'c'], [e('a', 'b', 2), e('b', 'c')]);
  assert.deepEqual([...l.nodes.values()].map((n) => [n.key, n.layer, n.order, n.x, n.y]), [['a', 0, 0, 0, 0], ['b', 1, 0, 250, 0], ['c', 2, 0, 500, 0]]);
  assert.equal(l.layers, 3);
  assert.equal(l.width, 3 * 160 + 2 * 90);
  assert.equal(l.back.size, 0);
});

test('layers follow the longest path from the start nodes; edges closing cycles are back edges; ends go last', () => {
  const l = layeredLayout(['s', 'x', 'y', 'z', 'end'], [e('s', 'x'), e('x', 'y'), e('y', 'x'), e('s', 'z'), e('z', 'end'), e('y', 'end'), e('y', 's')], { starts: ['s'], ends: ['end'] });
  const layer = (k: string): number => l.nodes.get(k)!.layer;
  assert.deepEqual(['s', 'x', 'z', 'y', 'end'].map(layer), [0, 1, 1, 2, 3]);
  assert.deepEqual([...l.back].sort(), ['y\u0000s', 'y\u0000x']);
});

test('nodes not reachable from a start still get placed (new runs from layer 0); self-loops do not count as incoming', () => {
  const l = layeredLayout(['a', 'b', 'c', 'd'], [e('a', 'b'), e('c', 'c'), e('c', 'd'), e('d', 'c')]);
  assert.equal(l.nodes.size, 4);
  assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => l.nodes.get(k)!.layer), [0, 1, 0, 1]);
});

test('barycenter ordering uncrosses two parallel chains drawn in the wrong order', () => {
  // a1→b2, a2→b1 with b1 seen first would cross; after sweeps each b sits level with its a.
  const l = layeredLayout(['a1', 'a2', 'b1', 'b2'], [e('a2', 'b1', 5), e('a1', 'b2', 5)], { starts: ['a1', 'a2'] });
  const y = (k: string): number => l.nodes.get(k)!.y;
  assert.equal(y('a1') < y('a2'), y('b2') < y('b1'));
});

test('500 nodes and 2,000 edges lay out, every node once, within the layout box', () => {
  const keys = Array.from({ length: 500 }, (_, i) => `n${i}`);
  const edges = Array.from({ length: 2000 }, (_, i) => e(`n${(i * 7) % 500}`, `n${(i * 13 + 1) % 500}`, 1 + (i % 9)));
  const l = layeredLayout(keys, edges);
  assert.equal(l.nodes.size, 500);
  for (const n of l.nodes.values()) {
    assert.ok(n.x >= 0 && n.x + l.nodeWidth <= l.width + 1e-9);
    assert.ok(n.y >= 0 && n.y + l.nodeHeight <= l.height + 1e-9);
  }
  const slots = new Set([...l.nodes.values()].map((n) => `${n.layer}:${n.order}`));
  assert.equal(slots.size, 500, 'no two nodes share a slot');
});

test('with start nodes, nodes whose incoming edges were pruned sit one layer before what they lead to, never beside [start]', () => {
  // [start]→a→b; x→b (x's own incoming edges pruned away); y unconnected.
  const l = layeredLayout(['[start]', 'a', 'b', 'x', 'y'], [e('[start]', 'a'), e('a', 'b'), e('x', 'b')], { starts: ['[start]'] });
  const layer = (k: string): number => l.nodes.get(k)!.layer;
  assert.deepEqual(['[start]', 'a', 'b', 'x', 'y'].map(layer), [0, 1, 2, 1, 1]);
});

test('a hub with return trips (catalog ⇄ products) lays out as start → home → catalog → products, loops as back edges', () => {
  const products = ['p1', 'p2', 'p3'];
  const edges = [e('[start]', 'home', 9), e('home', 'catalog', 8), ...products.flatMap((p) => [e('catalog', p, 5), e(p, 'catalog', 3)]), e('p1', '[end]', 2)];
  const l = layeredLayout(['[start]', 'home', 'catalog', ...products, '[end]'], edges, { starts: ['[start]'], ends: ['[end]'] });
  const layer = (k: string): number => l.nodes.get(k)!.layer;
  assert.deepEqual(['[start]', 'home', 'catalog', 'p1', 'p2', 'p3', '[end]'].map(layer), [0, 1, 2, 3, 3, 3, 4]);
  assert.deepEqual([...l.back].sort(), products.map((p) => `${p}\u0000catalog`));
});
