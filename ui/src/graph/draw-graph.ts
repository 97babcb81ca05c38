import type { GraphResult } from '../api/types.js';
import { s } from '../dom.js';
import { edgeWeight, nodeLabel, nodeRole } from './graph-model.js';
import { layeredLayout, type Layout } from './layered-layout.js';

export interface DrawnGraph {
  readonly svg: SVGSVGElement;
  readonly layout: Layout;
  readonly nodeCount: number;
  readonly edgeCount: number;
}

export interface DrawOptions {
  /** Called with a node key when the pointer or keyboard focus enters a node (undefined when it leaves). */
  readonly onHover?: (key: string | undefined, anchor: SVGGElement | undefined) => void;
  readonly label?: string;
}

const MAX_STROKE = 9;

/**
 * Draw a graph result as an SVG process map: the layered layout (`layered-layout.ts`), edges as curves whose
 * thickness grows with the square root of their count (1 to 9 px) with an arrow head, back edges bowed above,
 * self-loops as small loops; nodes as labelled boxes (start and end nodes styled apart), each focusable with a
 * `<title>`. Every drawn node is a `g.node[data-key]` and every edge a `path.edge`, so tests count what was drawn.
 * Styles: `graph-css.ts` (in app.css; the export embeds them). Pan by dragging, zoom with the wheel.
 *
 * Cost: layout O(V log V + E) plus one DOM element group per node and edge; 500 nodes draw in well under a second
 * in headless Chromium (bench/ui/journeys-bench.ts).
 */
export function drawGraph(graph: GraphResult, options: DrawOptions = {}): DrawnGraph {
  const roles = new Map(graph.nodes.map((n) => [n.key, nodeRole(n)]));
  const keys = graph.nodes.map((n) => n.key);
  const edges = graph.edges.map((e) => ({ source: e.source, target: e.target, weight: edgeWeight(e) }));
  const layout = layeredLayout(keys, edges, {
    starts: keys.filter((k) => roles.get(k) === 'start'),
    ends: keys.filter((k) => roles.get(k) === 'end'),
  });
  const { nodeWidth: W, nodeHeight: H } = layout;
  const margin = 40;
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const svg = s('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    class: 'graph',
    role: 'img',
    'aria-label': options.label ?? `Transition graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`,
    viewBox: `${-margin} ${-margin} ${layout.width + 2 * margin} ${layout.height + 2 * margin}`,
  });
  svg.append(
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))),
  );
  const viewport = s('g', { class: 'viewport' });
  const edgeLayer = s('g', { class: 'edges' });
  const nodeLayer = s('g', { class: 'nodes' });
  viewport.append(edgeLayer, nodeLayer);
  svg.append(viewport);
  let edgeCount = 0;
  for (const e of graph.edges) {
    const a = layout.nodes.get(e.source);
    const b = layout.nodes.get(e.target);
    if (a === undefined || b === undefined) continue;
    const w = edgeWeight(e);
    const width = 1 + (MAX_STROKE - 1) * Math.sqrt(w / maxW);
    let d: string;
    if (e.source === e.target) {
      d = `M${a.x + W - 20},${a.y} C${a.x + W - 10},${a.y - 26} ${a.x + W + 14},${a.y - 14} ${a.x + W},${a.y + 6}`;
    } else if (layout.back.has(`${e.source}\u0000${e.target}`)) {
      const x1 = a.x + W / 2;
      const x2 = b.x + W / 2;
      const top = Math.min(a.y, b.y) - 24 - Math.abs(a.layer - b.layer) * 6 - Math.abs(a.order - b.order) * 2;
      d = `M${x1},${a.y} C${x1},${top} ${x2},${top} ${x2},${b.y}`;
    } else {
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x;
      const y2 = b.y + H / 2;
      const mx = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
    }
    const path = s('path', { d, class: 'edge', 'stroke-width': width.toFixed(2), 'marker-end': 'url(#arrow)', 'data-source': e.source, 'data-target': e.target, 'data-count': w });
    path.append(s('title', {}, `${e.source} → ${e.target}: ${w.toLocaleString('en-US')}${typeof e.probability === 'number' ? ` (p = ${e.probability.toFixed(3)})` : ''}`));
    edgeLayer.append(path);
    edgeCount++;
  }
  const shown = displayLabels(graph.nodes.filter((n) => roles.get(n.key) === undefined).map(nodeLabel));
  let nodeCount = 0;
  for (const n of graph.nodes) {
    const p = layout.nodes.get(n.key);
    if (p === undefined) continue;
    const role = roles.get(n.key);
    const label = nodeLabel(n);
    const text = shown(label);
    const short = text.length > 24 ? `${text.slice(0, 11)}…${text.slice(-11)}` : text;
    const g = s('g', { class: `node${role === undefined ? '' : ` ${role}`}`, 'data-key': n.key, transform: `translate(${p.x},${p.y})`, tabindex: 0, role: 'img', 'aria-label': label });
    g.append(s('rect', { width: W, height: H, rx: role === undefined ? 5 : H / 2 }), s('text', { x: W / 2, y: H / 2 + 4, 'text-anchor': 'middle' }, short), s('title', {}, label));
    if (options.onHover !== undefined) {
      const hover = options.onHover;
      const enter = (): void => {
        svg.classList.add('focus');
        edgeLayer.querySelectorAll<SVGPathElement>('path.edge').forEach((el) => el.classList.toggle('hot', el.dataset.source === n.key || el.dataset.target === n.key));
        hover(n.key, g);
      };
      const leave = (): void => {
        svg.classList.remove('focus');
        hover(undefined, undefined);
      };
      g.addEventListener('mouseenter', enter);
      g.addEventListener('focus', enter);
      g.addEventListener('mouseleave', leave);
      g.addEventListener('blur', leave);
    }
    nodeLayer.append(g);
    nodeCount++;
  }
  svg.dataset.nodes = String(nodeCount);
  svg.dataset.edges = String(edgeCount);
  enablePanZoom(svg, viewport);
  return { svg, layout, nodeCount, edgeCount };
}

/** Drag to pan, wheel (or pinch) to zoom around the pointer; double-click resets. */
function enablePanZoom(svg: SVGSVGElement, viewport: SVGGElement): void {
  let k = 1;
  let tx = 0;
  let ty = 0;
  const apply = (): void => viewport.setAttribute('transform', `translate(${tx},${ty}) scale(${k})`);
  const toSvg = (ev: MouseEvent): [number, number] => {
    const ctm = svg.getScreenCTM();
    if (ctm === null) return [0, 0];
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    return [p.x, p.y];
  };
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const [x, y] = toSvg(ev);
    const f = Math.exp(-ev.deltaY * 0.0015);
    const nk = Math.min(8, Math.max(0.2, k * f));
    tx = x - ((x - tx) * nk) / k;
    ty = y - ((y - ty) * nk) / k;
    k = nk;
    apply();
  }, { passive: false });
  let drag: [number, number] | undefined;
  svg.addEventListener('pointerdown', (ev) => {
    if ((ev.target as Element).closest('g.node') !== null) return;
    drag = toSvg(ev);
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', (ev) => {
    if (drag === undefined) return;
    const [x, y] = toSvg(ev);
    tx += x - drag[0];
    ty += y - drag[1];
    apply();
  });
  svg.addEventListener('pointerup', () => {
    drag = undefined;
  });
  svg.addEventListener('dblclick', () => {
    k = 1;
    tx = 0;
    ty = 0;
    apply();
  });
}

/**
 * How node labels are shown in their boxes: when every label is an address on one site (pages of one app), without
 * the shared `https://host` part (`/catalog`); otherwise as they are. Full labels stay in titles and hover cards.
 *
 * @example displayLabels(['https://a.example/x', 'https://a.example/']) ('https://a.example/x') // → '/x'
 */
export function displayLabels(labels: readonly string[]): (label: string) => string {
  const origins = new Set(labels.map((l) => /^https?:\/\/[^/?#]+/.exec(l)?.[0]));
  const [only] = origins;
  if (origins.size !== 1 || only === undefined) return (l) => l;
  return (l) => (l.startsWith(only) ? l.slice(only.length) || '/' : l);
}
