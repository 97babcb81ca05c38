import type { GraphEdge, GraphNode, GraphResult } from '../api/types.js';

/**
 * Reading a graph result the same way everywhere: an edge's weight is its `count` attribute (else `weight`, else 1);
 * start and end nodes are those the transition graph marks (`role: "start" | "end"`, or `start: true` / `end: true`,
 * or the keys `(start)` / `(end)`).
 */
export function edgeWeight(e: GraphEdge): number {
  const v = typeof e.count === 'number' ? e.count : typeof e.weight === 'number' ? e.weight : 1;
  return Number.isFinite(v) ? v : 1;
}

export function nodeRole(n: GraphNode): 'start' | 'end' | undefined {
  if (n.role === 'start' || n.start === true || n.key === '(start)' || n.key === '__start__') return 'start';
  if (n.role === 'end' || n.end === true || n.key === '(end)' || n.key === '__end__') return 'end';
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
