import type { Graph } from '../frame.js';

type GraphmlType = 'boolean' | 'long' | 'double' | 'string';

/**
 * GraphML text of a graph (the format networkx reads with `read_graphml`, and Gephi, yEd and Cytoscape open).
 * Each attribute name becomes a `<key>` declared once per domain (node, edge, graph) with a type inferred from its
 * values: all booleans → `boolean`, all integers → `long`, numbers → `double`, anything else → `string` (objects
 * and arrays as their JSON text). Missing values are omitted. Streams in chunks. Cost: O(nodes + edges) plus one
 * pass to infer the key types.
 */
export function* writeGraphml(graph: Graph): Generator<string> {
  const nodeKeys = inferKeys('n', graph.nodeEntries(), (e) => e.attributes);
  const edgeKeys = inferKeys('e', graph.edgeEntries(), (e) => e.attributes);
  const graphKeys = inferKeys('g', [graph.getAttributes()], (a) => a);
  let chunk =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  const declare = (domain: string, keys: Map<string, { id: string; type: GraphmlType }>): void => {
    for (const [name, { id, type }] of keys) chunk += `  <key id="${id}" for="${domain}" attr.name="${escape(name)}" attr.type="${type}"/>\n`;
  };
  declare('graph', graphKeys);
  declare('node', nodeKeys);
  declare('edge', edgeKeys);
  chunk += `  <graph id="G" edgedefault="${graph.type === 'undirected' ? 'undirected' : 'directed'}">\n`;
  chunk += data(graph.getAttributes(), graphKeys, '    ');
  for (const { node, attributes } of graph.nodeEntries()) {
    chunk += `    <node id="${escape(node)}">\n${data(attributes, nodeKeys, '      ')}    </node>\n`;
    if (chunk.length > CHUNK) (yield chunk, (chunk = ''));
  }
  let i = 0;
  for (const { source, target, attributes } of graph.edgeEntries()) {
    chunk += `    <edge id="e${i++}" source="${escape(source)}" target="${escape(target)}">\n${data(attributes, edgeKeys, '      ')}    </edge>\n`;
    if (chunk.length > CHUNK) (yield chunk, (chunk = ''));
  }
  yield `${chunk}  </graph>\n</graphml>\n`;
}

const CHUNK = 64 * 1024;

function inferKeys<T>(prefix: string, entries: Iterable<T>, attributesOf: (entry: T) => Record<string, unknown>): Map<string, { id: string; type: GraphmlType }> {
  const types = new Map<string, GraphmlType>();
  for (const entry of entries) {
    const attributes = attributesOf(entry);
    for (const name of Object.keys(attributes)) {
      const v = attributes[name];
      if (v === undefined || v === null) continue;
      const t: GraphmlType = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'double') : 'string';
      const before = types.get(name);
      types.set(name, before === undefined || before === t ? t : (before === 'long' && t === 'double') || (before === 'double' && t === 'long') ? 'double' : 'string');
    }
  }
  const out = new Map<string, { id: string; type: GraphmlType }>();
  for (const [name, type] of types) out.set(name, { id: `${prefix}${out.size}`, type });
  return out;
}

function data(attributes: Record<string, unknown>, keys: Map<string, { id: string; type: GraphmlType }>, indent: string): string {
  let out = '';
  for (const name of Object.keys(attributes)) {
    const v = attributes[name];
    const key = keys.get(name);
    if (v === undefined || v === null || key === undefined) continue;
    const textValue = key.type === 'string' && typeof v === 'object' ? JSON.stringify(v) : String(v);
    out += `${indent}<data key="${key.id}">${escape(textValue)}</data>\n`;
  }
  return out;
}

/** XML text/attribute escaping; characters XML 1.0 forbids are dropped. */
export function escape(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these control characters outright
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
