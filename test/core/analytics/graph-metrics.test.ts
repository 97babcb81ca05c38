import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectedGraph } from 'graphology';
import { directlyFollows } from '../../../src/core/analytics/directly-follows.js';
import { affordableMetrics, assignGraphMetrics, PATH_METRICS_MAX_NODES, stronglyConnected } from '../../../src/core/analytics/graph-metrics.js';
import { transitionGraph } from '../../../src/core/analytics/transition-graph.js';
import { close, partitionBy, reference, refEvents, type RefMetrics } from './reference-fixture.js';

// Tolerances: degrees exact; betweenness and closeness 1e-12 (same arithmetic); PageRank and eigenvector 1e-6
// (both power iterations stop at networkx's tolerance of 1e-6 × n, in a different summation order).
function assertMetrics(graph: DirectedGraph, ref: RefMetrics): void {
  assert.equal(graph.order, Object.keys(ref.nodes).length);
  close(graph.getAttribute('density') as number, ref.density, 1e-12, 'density');
  assert.equal(graph.getAttribute('strongly_connected'), ref.strongly_connected);
  for (const [node, m] of Object.entries(ref.nodes)) {
    const a = graph.getNodeAttributes(node);
    for (const k of ['in_degree', 'out_degree', 'in_weight', 'out_weight']) assert.equal(a[k], m[k], `${node} ${k}`);
    close(a.betweenness as number, m.betweenness, 1e-12, `${node} betweenness`);
    close(a.closeness as number, m.closeness, 1e-12, `${node} closeness`);
    close(a.pagerank as number, m.pagerank, 1e-6, `${node} pagerank`);
    close(a.eigenvector as number | null, m.eigenvector, 1e-6, `${node} eigenvector`);
  }
}

test('metrics of the fixture sessions’ transition graph equal networkx (degree, betweenness, closeness, PageRank; no eigenvector: not strongly connected)', () => {
  const g = transitionGraph(directlyFollows(partitionBy(refEvents, 'session'), { label: (e) => e.target ?? null, selfLoops: 'keep', startEnd: false }));
  assignGraphMetrics(g, 'count');
  assertMetrics(g, reference.metrics);
});

test('a strongly connected graph with a self-loop: eigenvector centrality equals networkx too', () => {
  const g = new DirectedGraph();
  for (const e of reference.strong.edges) g.mergeEdge(e.source, e.target, { count: e.count });
  assignGraphMetrics(g, 'count');
  assertMetrics(g, reference.strong);
});

test('only the asked metrics are computed; an empty graph is not strongly connected', () => {
  const g = new DirectedGraph();
  g.mergeEdge('a', 'b', { count: 2 });
  assignGraphMetrics(g, 'count', ['degree']);
  assert.deepEqual(g.getNodeAttributes('a'), { in_degree: 0, out_degree: 1, in_weight: 0, out_weight: 2 });
  assert.equal(stronglyConnected(new DirectedGraph()), false);
});

test('affordableMetrics skips only the O(nodes × edges) metrics, and only above the node cap', () => {
  assert.deepEqual(affordableMetrics(['degree', 'betweenness', 'closeness', 'pagerank'], 2000, 2000), { run: ['degree', 'betweenness', 'closeness', 'pagerank'], skipped: [] });
  assert.deepEqual(affordableMetrics(['degree', 'betweenness', 'closeness', 'pagerank'], 2001, 2000), { run: ['degree', 'pagerank'], skipped: ['betweenness', 'closeness'] });
  assert.deepEqual(affordableMetrics(['eigenvector'], 1e6, 0), { run: ['eigenvector'], skipped: [] });
  assert.equal(PATH_METRICS_MAX_NODES, 2000);
});

test('one node (with or without a self-loop): density 0, strongly connected, eigenvector not computed', () => {
  for (const loop of [false, true]) {
    const g = new DirectedGraph();
    g.addNode('a');
    if (loop) g.addEdge('a', 'a', { count: 1 });
    assignGraphMetrics(g, 'count');
    assert.deepEqual(g.getAttributes(), { density: 0, strongly_connected: true });
    assert.equal(g.getNodeAttribute('a', 'eigenvector'), null);
  }
});

test('edges without the weight attribute weigh 1; betweenness ignores any weight attribute (unweighted, as networkx by default)', () => {
  const g = new DirectedGraph();
  for (const x of ['a', 'b', 'c']) g.addNode(x);
  g.addEdge('a', 'b', { weight: 10 });
  g.addEdge('b', 'c', { weight: 10 });
  g.addEdge('a', 'c', { weight: 100 });
  assignGraphMetrics(g, 'count', ['degree', 'betweenness']);
  assert.deepEqual(g.getNodeAttributes('a'), { in_degree: 0, out_degree: 2, in_weight: 0, out_weight: 2, betweenness: 0 });
  assert.deepEqual(g.getNodeAttributes('b'), { in_degree: 1, out_degree: 1, in_weight: 1, out_weight: 1, betweenness: 0 });
  assert.deepEqual(g.getNodeAttributes('c'), { in_degree: 2, out_degree: 0, in_weight: 2, out_weight: 0, betweenness: 0 });
});

test('strongly connected needs both directions: every node reaching the first is not enough', () => {
  const g = new DirectedGraph();
  for (const x of ['a', 'b', 'c']) g.addNode(x);
  g.addEdge('b', 'a');
  g.addEdge('c', 'a');
  assert.equal(stronglyConnected(g), false);
  g.addEdge('a', 'b');
  g.addEdge('a', 'c');
  assert.equal(stronglyConnected(g), true);
});
