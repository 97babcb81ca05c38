import type { Graph } from '../frame.js';
import { write } from 'graphology-gexf';

/**
 * GEXF 1.2 text of a graph (Gephi's format; networkx reads it with `read_gexf`), written by graphology-gexf.
 * A `label` attribute becomes the node's GEXF label (else the key does); other attributes are declared typed
 * attributes; object and array values are written as their JSON text so every reader sees a plain string.
 * Cost: O(nodes + edges); the document is built as one string.
 */
export function* writeGexf(graph: Graph): Generator<string> {
  const flat = (attributes: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(attributes)) {
      const v = attributes[name];
      if (v === undefined || v === null) continue;
      out[name] = typeof v === 'object' ? JSON.stringify(v) : v;
    }
    return out;
  };
  yield write(graph, {
    version: '1.2',
    pretty: true,
    formatNode: (key, attributes) => {
      const { label, ...rest } = flat(attributes);
      return { label: label === undefined ? key : String(label), attributes: rest };
    },
    formatEdge: (_key, attributes) => {
      const { label, ...rest } = flat(attributes);
      return label === undefined ? { attributes: rest } : { label: String(label), attributes: rest };
    },
  });
}
