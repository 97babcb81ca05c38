import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DirectedGraph } from 'graphology';
import type { Graph } from '../../../src/core/frame.js';
import { graphEdgeRecords, graphNodeRecords } from '../../../src/core/graph/graph-records.js';
import { writeDot } from '../../../src/core/graph/write-dot.js';
import { writeGexf } from '../../../src/core/graph/write-gexf.js';
import { writeGraphml } from '../../../src/core/graph/write-graphml.js';
import { graphFromResult, FRAME_KIND_SPECS } from '../../../src/core/frame-kinds.js';
import { runDistill } from '../../helpers/run-distill.js';
import { pythonExecutable } from '../../helpers/python-exe.js';

/**
 * Graph results are checked with the readers their users have: networkx (read_gexf, read_graphml) from a real
 * Python, and Graphviz's `dot`. The graph has the keys real UserALE targets have: spaces, quotes, `<`, `&`, unicode.
 */
let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distill-graph-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tricky(): Graph {
  const g: Graph = new DirectedGraph();
  g.setAttribute('label', 'target');
  g.setAttribute('partitions', 3);
  g.addNode('button#buy.btn primary', { count: 3, pagerank: 0.25, start: true });
  g.addNode('a[href="/x?a=1&b=<2>"]', { count: 1, pagerank: 0.5, start: false });
  g.addNode('réglages 設定 🙂', { count: 2, pagerank: 0.25, start: false, tags: ['x', 'y'] });
  g.addEdge('button#buy.btn primary', 'a[href="/x?a=1&b=<2>"]', { count: 2, probability: 2 / 3 });
  g.addEdge('a[href="/x?a=1&b=<2>"]', 'réglages 設定 🙂', { count: 1, probability: 1 });
  g.addEdge('button#buy.btn primary', 'button#buy.btn primary', { count: 1, probability: 1 / 3 });
  return g;
}

function python(script: string, ...args: string[]): string {
  const r = spawnSync(pythonExecutable(), ['-c', script, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const READ = `
import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1]) if sys.argv[1].endswith('.gexf') else nx.read_graphml(sys.argv[1])
key = (lambda n: g.nodes[n].get('label', n)) if sys.argv[1].endswith('.gexf') else (lambda n: n)
print(json.dumps({
  'directed': g.is_directed(),
  'nodes': sorted([key(n), g.nodes[n]['count'], round(float(g.nodes[n]['pagerank']), 12)] for n in g.nodes),
  'edges': sorted([key(u), key(v), d['count'], round(float(d['probability']), 12)] for u, v, d in g.edges(data=True)),
}, ensure_ascii=False))
`;

const EXPECTED = {
  directed: true,
  nodes: [
    ['a[href="/x?a=1&b=<2>"]', 1, 0.5],
    ['button#buy.btn primary', 3, 0.25],
    ['réglages 設定 🙂', 2, 0.25],
  ],
  edges: [
    ['a[href="/x?a=1&b=<2>"]', 'réglages 設定 🙂', 1, 1],
    ['button#buy.btn primary', 'a[href="/x?a=1&b=<2>"]', 2, 0.666666666667],
    ['button#buy.btn primary', 'button#buy.btn primary', 1, 0.333333333333],
  ],
};

test('GEXF opens in networkx with every node, edge and attribute', async () => {
  const file = path.join(dir, 'g.gexf');
  await writeFile(file, [...writeGexf(tricky())].join(''));
  assert.deepEqual(JSON.parse(python(READ, file)), EXPECTED);
});

test('GraphML opens in networkx with typed attributes', async () => {
  const file = path.join(dir, 'g.graphml');
  await writeFile(file, [...writeGraphml(tricky())].join(''));
  assert.deepEqual(JSON.parse(python(READ, file)), EXPECTED);
  const types = JSON.parse(python(`
import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
n = g.nodes['button#buy.btn primary']
print(json.dumps([type(n['count']).__name__, type(n['pagerank']).__name__, type(n['start']).__name__, g.nodes['réglages 設定 🙂']['tags'], g.graph['label'], g.graph['partitions']]))`, file));
  assert.deepEqual(types, ['int', 'float', 'bool', '["x","y"]', 'target', 3]);
});

test('DOT renders with Graphviz dot, every node drawn once', async () => {
  const file = path.join(dir, 'g.dot');
  const text = [...writeDot(tricky())].join('');
  await writeFile(file, text);
  const r = spawnSync('dot', ['-Tsvg', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const titles = [...r.stdout.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]);
  assert.deepEqual(titles, ['button#buy.btn primary', 'a[href=&quot;/x?a=1&amp;b=&lt;2&gt;&quot;]', 'réglages 設定 🙂']);
  assert.equal([...r.stdout.matchAll(/class="edge"/g)].length, 3);
});

test('records: flat nodes and edges; reserved names are prefixed; a result round-trips to the same graph', async () => {
  const g = tricky();
  g.addNode('k', { key: 'clash' });
  g.addEdge('k', 'k', { source: 'clash' });
  const nodes = graphNodeRecords(g);
  assert.deepEqual(nodes.at(-1), { key: 'k', _key: 'clash' });
  assert.deepEqual(graphEdgeRecords(g).at(-1), { source: 'k', target: 'k', _source: 'clash' });
  const spec = FRAME_KIND_SPECS.graph;
  const result = await spec.collect({ kind: 'graph', batches: (async function* () { yield [tricky()]; })() });
  assert.equal(result.nodeCount, 3);
  assert.equal(result.edgeCount, 3);
  assert.equal(result.count, 3);
  const back = graphFromResult(result);
  assert.deepEqual(graphEdgeRecords(back), graphEdgeRecords(tricky()));
  assert.deepEqual(back.getAttributes(), { label: 'target', partitions: 3 });
});

test('CLI: a graph result as json, ndjson (edges or nodes), csv, gexf, graphml and dot from one pipeline file', async () => {
  const config = path.join(dir, 'distill.config.json');
  const sample = path.resolve(import.meta.dirname, '../../../dist-config/sample/userale-sample.ndjson');
  await writeFile(config, JSON.stringify({ sources: { s: { kind: 'files', paths: [sample] } }, plugins: [path.resolve(import.meta.dirname, '../../fixtures/plugins/foundation-ops.mjs')] }));
  const pipeline = path.join(dir, 'graph.json');
  await writeFile(pipeline, JSON.stringify({ query: { where: { field: 'kind', op: 'eq', value: 'raw' } }, steps: [{ op: 'type-follows' }] }));
  const run = async (...args: string[]): Promise<string> => {
    const r = await runDistill(['run', pipeline, '--config', config, '-q', ...args], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const env = JSON.parse(await run());
  assert.equal(env.result.kind, 'graph');
  assert.equal(env.result.directed, true);
  assert.equal(env.result.edgeCount, env.result.edges.length);
  assert.deepEqual(env.result.attributes, { label: 'type' });
  const totalNodeCount = env.result.nodes.reduce((n: number, x: { count: number }) => n + x.count, 0);
  assert.equal(totalNodeCount, env.stats.matched, 'every raw event is counted in one node');
  const edges = (await run('-f', 'ndjson')).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(edges, env.result.edges);
  const nodesPipeline = path.join(dir, 'graph-nodes.json');
  await writeFile(nodesPipeline, JSON.stringify({ query: { where: { field: 'kind', op: 'eq', value: 'raw' } }, steps: [{ op: 'type-follows' }], output: { format: 'ndjson', records: 'nodes' } }));
  const nodesRun = await runDistill(['run', nodesPipeline, '--config', config, '-q'], { cwd: dir });
  assert.deepEqual(nodesRun.stdout.trim().split('\n').map((l) => JSON.parse(l)), env.result.nodes);
  const csv = (await run('-f', 'csv')).trim().split('\n');
  assert.equal(csv[0], 'source,target,count');
  assert.equal(csv.length, env.result.edgeCount + 1);
  for (const format of ['gexf', 'graphml'] as const) {
    const file = path.join(dir, `sample.${format}`);
    await writeFile(file, await run('-f', format));
    const read = JSON.parse(python(`
import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1]) if sys.argv[1].endswith('.gexf') else nx.read_graphml(sys.argv[1])
print(json.dumps([g.number_of_nodes(), g.number_of_edges(), sum(d['count'] for _, _, d in g.edges(data=True))]))`, file));
    assert.deepEqual(read, [env.result.nodeCount, env.result.edgeCount, env.result.edges.reduce((n: number, e: { count: number }) => n + e.count, 0)]);
  }
  const dot = spawnSync('dot', ['-Tsvg'], { input: await run('-f', 'dot'), encoding: 'utf8' });
  assert.equal(dot.status, 0, dot.stderr);
  const bad = await runDistill(['count-by', '--by', 'type', '--config', config, '-f', 'gexf'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /table result cannot be written as gexf/);
});
