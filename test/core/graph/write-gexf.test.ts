import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import type { Graph } from '../../../src/core/frame.js';
import { writeGexf } from '../../../src/core/graph/write-gexf.js';

/**
 * The GEXF text (GEXF 1.2 primer: gexf.net), exactly but for the edge ids graphology-gexf makes up per process:
 * labels from the `label` attribute (else the node key; edges get none), null and undefined left out, objects and
 * arrays as their JSON text.
 */
const text = (g: Graph): string => [...writeGexf(g)].join('').replace(/ id="geid_\d+_(\d+)"/g, ' id="e$1"');

test('labels from the label attribute or the key, typed attributes, JSON text for objects and arrays, nulls left out', () => {
  const g: Graph = new DirectedGraph();
  g.setAttribute('label', 'type');
  g.addNode('home', { label: 'Home', count: 3, tags: ['x'], none: null, gone: undefined });
  g.addNode('cart', { count: 1.5 });
  g.addNode('n', { label: 7 });
  g.addEdge('home', 'cart', { count: 2, label: 'go' });
  g.addEdge('cart', 'home', { meta: { a: 1 }, none: null });
  g.addEdge('n', 'n', { label: 1 });
  assert.equal(
    text(g),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<gexf version="1.2" xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http:///www.gexf.net/1.1draft/viz">\n' +
      '  <meta>\n' +
      '    <label>type</label>\n' +
      '  </meta>\n' +
      '  <graph defaultedgetype="directed">\n' +
      '    <attributes class="node">\n' +
      '      <attribute id="count" title="count" type="double"/>\n' +
      '      <attribute id="tags" title="tags" type="string"/>\n' +
      '    </attributes>\n' +
      '    <attributes class="edge">\n' +
      '      <attribute id="count" title="count" type="integer"/>\n' +
      '      <attribute id="meta" title="meta" type="string"/>\n' +
      '    </attributes>\n' +
      '    <nodes>\n' +
      '      <node id="home" label="Home">\n' +
      '        <attvalues>\n' +
      '          <attvalue for="count" value="3"/>\n' +
      '          <attvalue for="tags" value="[&quot;x&quot;]"/>\n' +
      '        </attvalues>\n' +
      '      </node>\n' +
      '      <node id="cart" label="cart">\n' +
      '        <attvalues>\n' +
      '          <attvalue for="count" value="1.5"/>\n' +
      '        </attvalues>\n' +
      '      </node>\n' +
      '      <node id="n" label="7">\n' +
      '        <attvalues/>\n' +
      '      </node>\n' +
      '    </nodes>\n' +
      '    <edges>\n' +
      '      <edge id="e0" source="home" target="cart" label="go">\n' +
      '        <attvalues>\n' +
      '          <attvalue for="count" value="2"/>\n' +
      '        </attvalues>\n' +
      '      </edge>\n' +
      '      <edge id="e1" source="cart" target="home">\n' +
      '        <attvalues>\n' +
      '          <attvalue for="meta" value="{&quot;a&quot;:1}"/>\n' +
      '        </attvalues>\n' +
      '      </edge>\n' +
      '      <edge id="e2" source="n" target="n" label="1">\n' +
      '        <attvalues/>\n' +
      '      </edge>\n' +
      '    </edges>\n' +
      '  </graph>\n' +
      '</gexf>',
  );
});

test('an undirected graph without attributes', () => {
  const g: Graph = new UndirectedGraph();
  g.addNode('a');
  g.addNode('b');
  g.addEdge('a', 'b');
  assert.equal(
    text(g),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<gexf version="1.2" xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http:///www.gexf.net/1.1draft/viz">\n' +
      '  <meta/>\n' +
      '  <graph defaultedgetype="undirected">\n' +
      '    <nodes>\n' +
      '      <node id="a" label="a"/>\n' +
      '      <node id="b" label="b"/>\n' +
      '    </nodes>\n' +
      '    <edges>\n' +
      '      <edge id="e0" source="a" target="b"/>\n' +
      '    </edges>\n' +
      '  </graph>\n' +
      '</gexf>',
  );
});
