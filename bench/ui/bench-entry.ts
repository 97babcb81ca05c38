/**
 * Browser entry of the Journeys bench: the app's own graph drawing (`ui/src/graph/draw-graph.ts`) and, as the
 * baseline, the bare minimum any renderer must do for the same graph — one `<rect>` per node and one straight
 * `<line>` per edge at precomputed grid positions, no layout, labels, curves or events.
 */
import type { GraphResult } from '../../ui/src/api/types.js';
import { drawGraph } from '../../ui/src/graph/draw-graph.js';
import { GRAPH_CSS } from '../../ui/src/graph/graph-css.js';

const NS = 'http://www.w3.org/2000/svg';
const style = document.createElement('style');
style.textContent = GRAPH_CSS; // as app.css carries it
document.head.append(style);

function baseline(graph: GraphResult): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  const side = Math.ceil(Math.sqrt(graph.nodes.length));
  const at = new Map(graph.nodes.map((n, i) => [n.key, [(i % side) * 60, Math.floor(i / side) * 40]]));
  for (const e of graph.edges) {
    const [x1, y1] = at.get(e.source)!;
    const [x2, y2] = at.get(e.target)!;
    const line = document.createElementNS(NS, 'line');
    line.setAttribute('x1', String(x1));
    line.setAttribute('y1', String(y1));
    line.setAttribute('x2', String(x2));
    line.setAttribute('y2', String(y2));
    line.setAttribute('stroke', '#888');
    svg.append(line);
  }
  for (const [x, y] of at.values()) {
    const rect = document.createElementNS(NS, 'rect');
    rect.setAttribute('x', String(x));
    rect.setAttribute('y', String(y));
    rect.setAttribute('width', '40');
    rect.setAttribute('height', '20');
    svg.append(rect);
  }
  svg.setAttribute('viewBox', `0 0 ${side * 60} ${side * 40}`);
  return svg;
}

const twoFrames = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

/** Draw the graph into the page and wait until it has been painted; returns milliseconds from start to painted. */
async function measure(graph: GraphResult, which: 'journeys' | 'baseline'): Promise<{ ms: number; nodes: number; edges: number }> {
  const host = document.getElementById('host')!;
  host.replaceChildren();
  await twoFrames();
  const t0 = performance.now();
  const svg = which === 'journeys' ? drawGraph(graph, { onHover: () => undefined }).svg : baseline(graph);
  svg.style.width = '100%';
  svg.style.height = '100%';
  host.append(svg);
  svg.getBoundingClientRect();
  await twoFrames();
  const ms = performance.now() - t0;
  return { ms, nodes: svg.querySelectorAll(which === 'journeys' ? 'g.node' : 'rect').length, edges: svg.querySelectorAll(which === 'journeys' ? 'path.edge' : 'line').length };
}

(window as unknown as { benchMeasure: typeof measure }).benchMeasure = measure;
