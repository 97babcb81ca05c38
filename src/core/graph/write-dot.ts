import type { Graph } from '../frame.js';

/**
 * Graphviz DOT text of a graph (`digraph` or `graph`), for `dot -Tsvg`. Every node and edge attribute is written
 * as a quoted DOT attribute (objects and arrays as their JSON text; `label` shows in the drawing, else the node key
 * does). Ids are quoted, so any key is legal. Streams in chunks. Cost: O(nodes + edges).
 *
 * @example [...writeDot(g)].join('') // → 'digraph "distill" {\n  "home" ["count"="3"];\n  "home" -> "cart" ["count"="2"];\n}\n'
 */
export function* writeDot(graph: Graph, name = 'distill'): Generator<string> {
  const directed = graph.type !== 'undirected';
  const arrow = directed ? '->' : '--';
  let chunk = `${directed ? 'digraph' : 'graph'} ${quote(name)} {\n`;
  const graphAttributes = graph.getAttributes();
  for (const key of Object.keys(graphAttributes)) {
    const v = graphAttributes[key];
    if (v !== undefined && v !== null) chunk += `  ${quote(key)}=${quote(text(v))};\n`;
  }
  for (const { node, attributes } of graph.nodeEntries()) {
    chunk += `  ${quote(node)}${attributeList(attributes)};\n`;
    if (chunk.length > CHUNK) (yield chunk, (chunk = ''));
  }
  for (const { source, target, attributes } of graph.edgeEntries()) {
    chunk += `  ${quote(source)} ${arrow} ${quote(target)}${attributeList(attributes)};\n`;
    if (chunk.length > CHUNK) (yield chunk, (chunk = ''));
  }
  yield `${chunk}}\n`;
}

const CHUNK = 64 * 1024;

function text(v: unknown): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function attributeList(attributes: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(attributes)) {
    const v = attributes[key];
    if (v !== undefined && v !== null) parts.push(`${quote(key)}=${quote(text(v))}`);
  }
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}

/** A DOT double-quoted id: backslashes and quotes escaped, line breaks as `\n`. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}
