/**
 * A layered ("process map") layout for directed graphs, left to right, after Sugiyama's method but kept small:
 * cycle removal by depth-first search, longest-path layers, crossings reduced by barycenter sweeps, then fixed grid
 * coordinates. Pure: no DOM, so it runs in Node tests and in the bench alike.
 *
 * - Cycles: depth-first from `starts` (else from the nodes without incoming edges), following heavier edges first,
 *   then from unreached nodes (largest out − in weight first); an edge back to a node on the DFS stack is set aside,
 *   so light edges closing loops are the ones reversed.
 * - Layers: the longest path over the remaining edges (a node comes after everything that leads to it); sources
 *   other than the start nodes sit just before their earliest successor, never beside the start nodes. `ends` go to
 *   one extra last layer. Edges that do not go forward (to an earlier or the same layer) are marked `back`.
 * - Order in a layer: first-seen order, then `sweeps` rounds of barycenter ordering against the previous layer
 *   (downward) and the next (upward), weighted by edge weight; ties keep the previous order (stable sort).
 * - Coordinates: layer i at x = i · (nodeWidth + layerGap); rows `rowGap` apart, each layer centred vertically.
 *
 * Cost: O(sweeps · (V log V + E)) time, O(V + E) memory; 500 nodes and 2,000 edges lay out in a few milliseconds.
 *
 * @example
 * layeredLayout(['a', 'b', 'c'], [{ source: 'a', target: 'b', weight: 2 }, { source: 'b', target: 'c', weight: 1 }])
 * // → nodes a (layer 0), b (layer 1), c (layer 2), all on one row; no back edges
 */
export interface LayoutEdgeInput {
  readonly source: string;
  readonly target: string;
  readonly weight: number;
}

export interface LayoutOptions {
  readonly starts?: readonly string[];
  readonly ends?: readonly string[];
  readonly nodeWidth?: number;
  readonly nodeHeight?: number;
  readonly layerGap?: number;
  readonly rowGap?: number;
  readonly sweeps?: number;
}

export interface PlacedNode {
  readonly key: string;
  readonly layer: number;
  readonly order: number;
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly layers: number;
  readonly width: number;
  readonly height: number;
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  /** Keys `source\u0000target` of edges that do not point to a later layer. */
  readonly back: ReadonlySet<string>;
}

export function layeredLayout(keys: readonly string[], edges: readonly LayoutEdgeInput[], options: LayoutOptions = {}): Layout {
  const nodeWidth = options.nodeWidth ?? 160;
  const nodeHeight = options.nodeHeight ?? 28;
  const layerGap = options.layerGap ?? 90;
  const rowGap = options.rowGap ?? 14;
  const sweeps = options.sweeps ?? 4;
  const known = new Set(keys);
  const out = new Map<string, LayoutEdgeInput[]>();
  const inWeight = new Map<string, number>();
  const outWeight = new Map<string, number>();
  for (const k of keys) out.set(k, []);
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target)) continue;
    out.get(e.source)!.push(e);
    if (e.source === e.target) continue;
    inWeight.set(e.target, (inWeight.get(e.target) ?? 0) + e.weight);
    outWeight.set(e.source, (outWeight.get(e.source) ?? 0) + e.weight);
  }
  const ends = new Set((options.ends ?? []).filter((k) => known.has(k)));
  const givenStarts = (options.starts ?? []).filter((k) => known.has(k) && !ends.has(k));
  const isStart = new Set(givenStarts);
  // 1. Cycle removal: depth-first from the starts (else the sources), heaviest edges first, then from the nodes not
  //    yet reached, heaviest (out − in weight) first; an edge to a node on the DFS stack is a back edge.
  const state = new Map<string, 1 | 2>();
  const backEdges = new Set<string>();
  const finished: string[] = [];
  const sorted = new Map<string, LayoutEdgeInput[]>();
  for (const k of keys) sorted.set(k, [...out.get(k)!].filter((e) => e.source !== e.target && !ends.has(e.target)).sort((x, y) => y.weight - x.weight));
  const dfs = (root: string): void => {
    if (state.has(root) || ends.has(root)) return;
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = sorted.get(top[0])![top[1]++];
      if (next === undefined) {
        stack.pop();
        state.set(top[0], 2);
        finished.push(top[0]);
        continue;
      }
      const seen = state.get(next.target);
      if (seen === 1) backEdges.add(`${next.source}\u0000${next.target}`);
      else if (seen === undefined) {
        state.set(next.target, 1);
        stack.push([next.target, 0]);
      }
    }
  };
  const sources = keys.filter((k) => !ends.has(k) && (inWeight.get(k) ?? 0) === 0);
  for (const r of givenStarts.length > 0 ? givenStarts : sources) dfs(r);
  const rest = keys.filter((k) => !state.has(k) && !ends.has(k));
  rest.sort((a, b) => (outWeight.get(b) ?? 0) - (inWeight.get(b) ?? 0) - ((outWeight.get(a) ?? 0) - (inWeight.get(a) ?? 0)) || (a < b ? -1 : a > b ? 1 : 0));
  for (const r of rest) dfs(r);
  // 2. Layers: longest path over the forward edges, in topological order (reverse DFS finishing order). Sources that
  //    are not start nodes then move down to just before their earliest successor (never beside the start nodes).
  const topo = finished.reverse();
  const layer = new Map<string, number>();
  const forwardIn = new Map<string, string[]>();
  const forwardOut = new Map<string, string[]>();
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target) || e.source === e.target || ends.has(e.source) || ends.has(e.target)) continue;
    if (backEdges.has(`${e.source}\u0000${e.target}`)) continue;
    (forwardIn.get(e.target) ?? forwardIn.set(e.target, []).get(e.target)!).push(e.source);
    (forwardOut.get(e.source) ?? forwardOut.set(e.source, []).get(e.source)!).push(e.target);
  }
  for (const k of topo) layer.set(k, Math.max(0, ...(forwardIn.get(k) ?? []).map((p) => layer.get(p)! + 1)));
  const floor = givenStarts.length > 0 ? 1 : 0;
  for (const k of topo) {
    if (isStart.has(k) || (forwardIn.get(k) ?? []).length > 0) continue;
    const succ = (forwardOut.get(k) ?? []).map((t) => layer.get(t)!);
    layer.set(k, Math.max(floor, succ.length === 0 ? floor : Math.min(...succ) - 1));
  }
  const seen = [...topo];
  let maxLayer = Math.max(0, ...[...layer.values()]);
  if (ends.size > 0) {
    maxLayer += 1;
    for (const k of keys) if (ends.has(k)) {
      layer.set(k, maxLayer);
      seen.push(k);
    }
  }
  const layers: string[][] = Array.from({ length: maxLayer + 1 }, () => []);
  for (const k of seen) layers[layer.get(k)!]!.push(k);
  const pos = new Map<string, number>();
  const renumber = (l: readonly string[]): void => l.forEach((k, i) => pos.set(k, i));
  layers.forEach(renumber);
  const neighbours = new Map<string, { key: string; weight: number }[]>();
  for (const k of keys) neighbours.set(k, []);
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target) || e.source === e.target) continue;
    neighbours.get(e.source)!.push({ key: e.target, weight: e.weight });
    neighbours.get(e.target)!.push({ key: e.source, weight: e.weight });
  }
  const reorder = (li: number, ref: number): void => {
    const l = layers[li]!;
    const bary = new Map<string, number>();
    for (const k of l) {
      let sum = 0;
      let w = 0;
      for (const n of neighbours.get(k)!) {
        if (layer.get(n.key) !== ref) continue;
        sum += pos.get(n.key)! * n.weight;
        w += n.weight;
      }
      bary.set(k, w === 0 ? pos.get(k)! : sum / w);
    }
    l.sort((a, b) => bary.get(a)! - bary.get(b)!);
    renumber(l);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let li = 1; li < layers.length; li++) reorder(li, li - 1);
    for (let li = layers.length - 2; li >= 0; li--) reorder(li, li + 1);
  }
  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const height = tallest * (nodeHeight + rowGap) - rowGap;
  const nodes = new Map<string, PlacedNode>();
  layers.forEach((l, li) => {
    const offset = (height - (l.length * (nodeHeight + rowGap) - rowGap)) / 2;
    l.forEach((k, i) => nodes.set(k, { key: k, layer: li, order: i, x: li * (nodeWidth + layerGap), y: offset + i * (nodeHeight + rowGap) }));
  });
  const back = new Set<string>();
  for (const e of edges) {
    const a = nodes.get(e.source);
    const b = nodes.get(e.target);
    if (a !== undefined && b !== undefined && b.layer <= a.layer) back.add(`${e.source}\u0000${e.target}`);
  }
  return { nodes, layers: layers.length, width: layers.length * (nodeWidth + layerGap) - layerGap, height, nodeWidth, nodeHeight, back };
}
