import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { Graph } from '../../../src/core/frame.js';
import { escape, writeGraphml } from '../../../src/core/graph/write-graphml.js';

/** The GraphML text, exactly (GraphML primer: graphml.graphdrawing.org/primer/graphml-primer.html). */

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';

test('keys declared once per domain with inferred types, data per node and edge, ids and values escaped', () => {
  const g: Graph = new DirectedGraph();
  g.setAttribute('label', 'type');
  g.setAttribute('none', null);
  g.setAttribute('partitions', 3);
  g.addNode('a<&>"', { count: 3, p: 0.5, start: true, tags: ['x'], none: null });
  g.addNode('b', { count: 1.5, p: 1, start: 'yes', gone: undefined, tags: null });
  g.addNode('c', { count: undefined, p: 2 });
  g.addEdge('a<&>"', 'b', { count: 2, w: 1 });
  g.addEdge('b', 'b', { w: 2.5 });
  assert.equal(
    [...writeGraphml(g)].join(''),
    HEAD +
      '  <key id="g0" for="graph" attr.name="label" attr.type="string"/>\n' +
      '  <key id="g1" for="graph" attr.name="partitions" attr.type="long"/>\n' +
      '  <key id="n0" for="node" attr.name="count" attr.type="double"/>\n' +
      '  <key id="n1" for="node" attr.name="p" attr.type="double"/>\n' +
      '  <key id="n2" for="node" attr.name="start" attr.type="string"/>\n' +
      '  <key id="n3" for="node" attr.name="tags" attr.type="string"/>\n' +
      '  <key id="e0" for="edge" attr.name="count" attr.type="long"/>\n' +
      '  <key id="e1" for="edge" attr.name="w" attr.type="double"/>\n' +
      '  <graph id="G" edgedefault="directed">\n' +
      '    <data key="g0">type</data>\n' +
      '    <data key="g1">3</data>\n' +
      '    <node id="a&lt;&amp;&gt;&quot;">\n' +
      '      <data key="n0">3</data>\n' +
      '      <data key="n1">0.5</data>\n' +
      '      <data key="n2">true</data>\n' +
      '      <data key="n3">[&quot;x&quot;]</data>\n' +
      '    </node>\n' +
      '    <node id="b">\n' +
      '      <data key="n0">1.5</data>\n' +
      '      <data key="n1">1</data>\n' +
      '      <data key="n2">yes</data>\n' +
      '    </node>\n' +
      '    <node id="c">\n' +
      '      <data key="n1">2</data>\n' +
      '    </node>\n' +
      '    <edge id="e0" source="a&lt;&amp;&gt;&quot;" target="b">\n' +
      '      <data key="e0">2</data>\n' +
      '      <data key="e1">1</data>\n' +
      '    </edge>\n' +
      '    <edge id="e1" source="b" target="b">\n' +
      '      <data key="e1">2.5</data>\n' +
      '    </edge>\n' +
      '  </graph>\n' +
      '</graphml>\n',
  );
});

test('key types: all booleans boolean, all integers long, integers with fractions double, any other mix string', () => {
  const g: Graph = new UndirectedGraph();
  g.addNode('1', { b: true, l: 1, d: 2, x: true, y: 1, z: 'a', o: { k: 1 } });
  g.addNode('2', { b: false, l: -4, d: 0.25, x: 1, y: 'a', z: false, o: [1] });
  g.addNode('3', { d: 7, x: 2.5, w: 0.5, v: 1 });
  g.addNode('4', { w: 's', v: true });
  const types = [...[...writeGraphml(g)].join('').matchAll(/attr\.name="(\w)" attr\.type="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(types, ['b:boolean', 'l:long', 'd:double', 'x:string', 'y:string', 'z:string', 'o:string', 'w:string', 'v:string']);
});

test('an undirected graph says edgedefault="undirected"; an empty graph has no keys', () => {
  const g: Graph = new UndirectedGraph();
  assert.equal([...writeGraphml(g)].join(''), `${HEAD}  <graph id="G" edgedefault="undirected">\n  </graph>\n</graphml>\n`);
  g.addNode('a');
  g.addNode('b');
  g.addEdge('a', 'b');
  assert.equal(
    [...writeGraphml(g)].join(''),
    `${HEAD}  <graph id="G" edgedefault="undirected">\n    <node id="a">\n    </node>\n    <node id="b">\n    </node>\n    <edge id="e0" source="a" target="b">\n    </edge>\n  </graph>\n</graphml>\n`,
  );
});

test('escape: XML specials as entities, the control characters XML 1.0 forbids dropped, tab and line breaks kept', () => {
  assert.equal(escape('a&b<c>d"e\'f'), 'a&amp;b&lt;c&gt;d&quot;e\'f');
  assert.equal(escape('\u0000\u0001\u0008\t\n\u000b\u000c\r\u000e\u001f\ufffe\uffff ok'), '\t\n\r ok');
  assert.equal(escape('&lt;'), '&amp;lt;');
});

test('large graphs stream in chunks of just over 64 KiB, cut after whole elements', () => {
  const g: Graph = new DirectedGraph();
  const keys = Array.from({ length: 2000 }, (_, i) => `node-${String(i).padStart(5, '0')}-${'x'.repeat(40)}`);
  keys.forEach((key, i) => g.addNode(key, { count: i }));
  for (let i = 1; i < keys.length; i++) g.addEdge(keys[i - 1]!, keys[i]!, { count: i });
  const chunks = [...writeGraphml(g)];
  assert.ok(chunks.length > 2, `several chunks (${chunks.length})`);
  for (const c of chunks.slice(0, -1)) {
    assert.ok(c.length > 64 * 1024, `a chunk is cut only once past 64 KiB (${c.length})`);
    assert.ok(c.length < 64 * 1024 + 300, `and right after the element that passed it (${c.length})`);
    assert.ok(c.endsWith('</node>\n') || c.endsWith('</edge>\n'));
  }
  assert.ok(chunks.at(-1)!.length < 64 * 1024 + 300, 'the edges are cut too');
  const text = chunks.join('');
  const expected =
    HEAD +
    '  <key id="n0" for="node" attr.name="count" attr.type="long"/>\n' +
    '  <key id="e0" for="edge" attr.name="count" attr.type="long"/>\n' +
    '  <graph id="G" edgedefault="directed">\n' +
    keys.map((key, i) => `    <node id="${key}">\n      <data key="n0">${i}</data>\n    </node>\n`).join('') +
    keys.slice(1).map((key, i) => `    <edge id="e${i}" source="${keys[i]}" target="${key}">\n      <data key="e0">${i + 1}</data>\n    </edge>\n`).join('') +
    '  </graph>\n</graphml>\n';
  assert.equal(text, expected);
});

test('a chunk of exactly 64 KiB is not cut yet: the cut comes after the element that passes the limit', () => {
  // Up to the graph element the text is HEAD plus '  <graph id="G" edgedefault="directed">\n' (40 characters); a node
  // without attributes is '    <node id="<key>">\n    </node>\n' (the key plus 29).
  const g: Graph = new DirectedGraph();
  const key = 'k'.repeat(64 * 1024 - HEAD.length - 40 - 29);
  g.addNode(key);
  g.addNode('next');
  assert.deepEqual([...writeGraphml(g)].map((c) => c.length), [64 * 1024 + 33, '  </graph>\n</graphml>\n'.length]);
});

test('an edge element that brings the chunk to exactly 64 KiB does not cut it yet', () => {
  // Before the nodes: HEAD and the graph line (40). Node "<K>" is K + 29, "b" 30 and "cc" 31; the edge
  // '    <edge id="e0" source="<K>" target="b">\n    </edge>\n' is K + 52. So HEAD + 40 + 2K + 142 = 65,536.
  const g: Graph = new DirectedGraph();
  const rest = 64 * 1024 - HEAD.length - 40 - 142;
  assert.equal(rest % 2, 0);
  const key = 'k'.repeat(rest / 2);
  g.addNode(key);
  g.addNode('b');
  g.addNode('cc');
  g.addEdge(key, 'b');
  g.addEdge('b', 'b');
  const last = '    <edge id="e1" source="b" target="b">\n    </edge>\n';
  assert.deepEqual([...writeGraphml(g)].map((c) => c.length), [64 * 1024 + last.length, '  </graph>\n</graphml>\n'.length]);
});
