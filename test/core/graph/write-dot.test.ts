import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { Graph } from '../../../src/core/frame.js';
import { quote, writeDot } from '../../../src/core/graph/write-dot.js';

/** The DOT text, exactly, for graphs small enough to write out by hand (DOT grammar: graphviz.org/doc/info/lang.html). */

test('a directed graph: graph attributes, nodes then edges, every value quoted, objects as JSON, null and undefined left out', () => {
  const g: Graph = new DirectedGraph();
  g.setAttribute('label', 'type');
  g.setAttribute('none', null);
  g.setAttribute('gone', undefined);
  g.setAttribute('partitions', 3);
  g.addNode('home', { count: 3, tags: ['x'], none: null, gone: undefined, start: true });
  g.addNode('cart');
  g.addEdge('home', 'cart', { count: 2, p: 0.5, meta: { a: 1 } });
  g.addEdge('cart', 'cart');
  assert.deepEqual([...writeDot(g)], [
    'digraph "distill" {\n' +
      '  "label"="type";\n' +
      '  "partitions"="3";\n' +
      '  "home" ["count"="3", "tags"="[\\"x\\"]", "start"="true"];\n' +
      '  "cart";\n' +
      '  "home" -> "cart" ["count"="2", "p"="0.5", "meta"="{\\"a\\":1}"];\n' +
      '  "cart" -> "cart";\n' +
      '}\n',
  ]);
});

test('an undirected graph is a `graph` with `--` edges; the name is quoted', () => {
  const g: Graph = new UndirectedGraph();
  g.addNode('a');
  g.addNode('b');
  g.addEdge('a', 'b', { count: 1 });
  assert.equal([...writeDot(g, 'my "g"')].join(''), 'graph "my \\"g\\"" {\n  "a";\n  "b";\n  "a" -- "b" ["count"="1"];\n}\n');
});

test('an empty graph is an empty digraph', () => {
  assert.deepEqual([...writeDot(new DirectedGraph())], ['digraph "distill" {\n}\n']);
});

test('quote escapes backslashes and quotes and writes every line break (\\r\\n, \\r, \\n) as \\n', () => {
  assert.equal(quote('plain'), '"plain"');
  assert.equal(quote('a\\b'), '"a\\\\b"');
  assert.equal(quote('say "hi"'), '"say \\"hi\\""');
  assert.equal(quote('1\r\n2\r3\n4'), '"1\\n2\\n3\\n4"');
  assert.equal(quote('\\"\\"'), '"\\\\\\"\\\\\\""');
});

test('large graphs stream in chunks of just over 64 KiB, cut after whole lines', () => {
  const g: Graph = new DirectedGraph();
  const keys = Array.from({ length: 3000 }, (_, i) => `node-${String(i).padStart(5, '0')}-${'x'.repeat(40)}`);
  keys.forEach((key, i) => g.addNode(key, { count: i }));
  for (let i = 1; i < keys.length; i++) g.addEdge(keys[i - 1]!, keys[i]!, { count: i });
  const chunks = [...writeDot(g)];
  assert.ok(chunks.length > 2, `several chunks (${chunks.length})`);
  for (const c of chunks.slice(0, -1)) {
    assert.ok(c.length > 64 * 1024, `a chunk is cut only once past 64 KiB (${c.length})`);
    assert.ok(c.length < 64 * 1024 + 200, `and right after the line that passed it (${c.length})`);
    assert.ok(c.endsWith(';\n'));
  }
  assert.ok(chunks.at(-1)!.length < 64 * 1024 + 200, 'the edges are cut too');
  const expected =
    'digraph "distill" {\n' +
    keys.map((key, i) => `  "${key}" ["count"="${i}"];\n`).join('') +
    keys.slice(1).map((key, i) => `  "${keys[i]}" -> "${key}" ["count"="${i + 1}"];\n`).join('') +
    '}\n';
  assert.equal(chunks.join(''), expected);
});

test('a chunk of exactly 64 KiB is not cut yet: the cut comes after the line that passes the limit', () => {
  // Header 'digraph "distill" {\n' is 20 characters; a node line '  "<key>";\n' is the key plus 6.
  const g: Graph = new DirectedGraph();
  g.addNode('k'.repeat(64 * 1024 - 26));
  g.addNode('next');
  assert.deepEqual([...writeDot(g)].map((c) => c.length), [64 * 1024 + 10, 2]);
});

test('an edge line that brings the chunk to exactly 64 KiB does not cut it yet', () => {
  // Header 20 + node "<K>" (K + 6) + node "b" (7) + edge '  "<K>" -> "b";\n' (K + 13) = 2K + 46 = 65,536.
  const g: Graph = new DirectedGraph();
  const key = 'k'.repeat((64 * 1024 - 46) / 2);
  g.addNode(key);
  g.addNode('b');
  g.addEdge(key, 'b');
  g.addEdge('b', 'b');
  assert.deepEqual([...writeDot(g)].map((c) => c.length), [64 * 1024 + 14, 2]);
});
