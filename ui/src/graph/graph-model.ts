import type { GraphEdge, GraphNode, GraphResult } from '../api/types.js';

/**
 * Reading a graph result the same way everywhere: an edge's weight is its `count` attribute (else `weight`, else 1);
 * start and end nodes are the transition graph's synthetic `[start]` and `[end]` (`startEnd: true`), or nodes with
 * `role: "start" | "end"`.
 */
export function edgeWeight(e: GraphEdge): number {
  const v = typeof e.count === 'number' ? e.count : typeof e.weight === 'number' ? e.weight : 1;
  return Number.isFinite(v) ? v : 1;
}

export function nodeRole(n: GraphNode): 'start' | 'end' | undefined {
  if (n.key === '[start]' || n.role === 'start') return 'start';
  if (n.key === '[end]' || n.role === 'end') return 'end';
  return undefined;
}

/** The node's numeric metrics (degree, PageRank…) and other scalar attributes, for the hover card. */
export function nodeMetrics(n: GraphNode): [string, string][] {
  return Object.entries(n)
    .filter(([k, v]) => k !== 'key' && k !== 'label' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'))
    .map(([k, v]) => [k, typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toPrecision(4)) : String(v)]);
}

export function nodeLabel(n: GraphNode): string {
  return typeof n.label === 'string' && n.label !== '' ? n.label : n.key;
}

export type { GraphResult };
