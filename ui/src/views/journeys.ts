import type { GraphResult } from '../api/types.js';
import { download } from '../api/client.js';
import { fmt, h } from '../dom.js';
import { drawGraph } from '../graph/draw-graph.js';
import { pngBlob, saveBlob, svgText } from '../graph/export.js';
import { nodeLabel, nodeMetrics } from '../graph/graph-model.js';
import { intParam } from '../url-state.js';
import type { View } from '../view.js';
import { REPEATS, TRANSITION_GRAPH, transitionGraphStep } from './analytics-params.js';
import { select } from './overview.js';

const NODE_FIELDS = ['page', 'target', 'type'];

/**
 * Journeys: the transition graph (directly-follows, within sessions) over pages, targets or event types, drawn as a
 * layered process map. Minimum count and top-k prune it on the server (the drawn graph is exactly the result);
 * edge thickness follows the count; hovering or focusing a node shows its metrics; start/end nodes on request;
 * export as SVG, PNG (drawn here) and GEXF (the server's graph format).
 */
export const journeysView: View = {
  title: 'Journeys',
  async render(ctx, root) {
    root.append(h('h1', {}, 'Journeys'));
    if (!ctx.operators.has(TRANSITION_GRAPH)) {
      root.append(h('p', { class: 'notice' }, `This server has no ${TRANSITION_GRAPH} operator yet, so there is no graph to draw. Update Distill to see journeys.`));
      return;
    }
    const node = NODE_FIELDS.includes(ctx.state.get('nodes') ?? '') ? ctx.state.get('nodes')! : 'page';
    const minCount = intParam(ctx.state, 'min', 1, 1, 1000);
    const topK = intParam(ctx.state, 'top', 0, 0, 2000);
    const startEnd = ctx.state.get('ends') !== '0';
    const repeats = REPEATS.find((r) => r === ctx.state.get('repeats')) ?? 'collapse';
    const step = transitionGraphStep({ node, minCount, topK, startEnd, repeats });
    const env = await ctx.run(`Transitions between ${node}s`, [step]);
    if (env.result.kind !== 'graph') throw new Error(`${TRANSITION_GRAPH} returned a ${env.result.kind}, not a graph.`);
    const graph = env.result as GraphResult;
    const card = h('div', { class: 'hover-card', role: 'status', 'aria-live': 'polite' }, 'Hover over or focus a node to see its metrics.');
    const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
    const drawn = drawGraph(graph, {
      label: `Transitions between ${node}s: ${graph.nodes.length} nodes, ${graph.edges.length} edges`,
      onHover: (key) => {
        card.replaceChildren();
        const n = key === undefined ? undefined : byKey.get(key);
        if (n === undefined) {
          card.append('Hover over or focus a node to see its metrics.');
          return;
        }
        card.append(h('strong', {}, nodeLabel(n)), h('dl', {}, ...nodeMetrics(n).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
      },
    });
    const slider = (name: string, label: string, value: number, max: number, key: string): HTMLElement => {
      const out = h('output', { for: `ctl-${name}` }, value === 0 ? 'all' : String(value));
      const input = h('input', { id: `ctl-${name}`, type: 'range', min: key === 'top' ? 0 : 1, max, step: 1, value, 'aria-valuetext': value === 0 ? 'all' : String(value) });
      input.addEventListener('input', () => {
        out.textContent = input.value === '0' ? 'all' : input.value;
      });
      input.addEventListener('change', () => ctx.set({ [key]: input.value === (key === 'top' ? '0' : '1') ? null : input.value }));
      return h('label', { for: `ctl-${name}` }, `${label} `, input, ' ', out);
    };
    const status = h('span', { class: 'copied', role: 'status' });
    const failed = (what: string) => (error: unknown): void => {
      status.textContent = `${what} failed: ${(error as Error).message}`;
    };
    const exportBar = h('div', { class: 'exports', role: 'group', 'aria-label': 'Export the graph' },
      h('button', { type: 'button', onclick: () => saveBlob(new Blob([svgText(drawn.svg)], { type: 'image/svg+xml' }), `journeys-${node}.svg`) }, 'Export SVG'),
      h('button', { type: 'button', onclick: () => void pngBlob(drawn.svg).then((b) => saveBlob(b, `journeys-${node}.png`), failed('PNG export')) }, 'Export PNG'),
      h('button', { type: 'button', onclick: () => void download(ctx.request([step]), 'gexf').then((b) => saveBlob(b, `journeys-${node}.gexf`), failed('GEXF export')) }, 'Export GEXF'),
      status);
    root.append(
      h('div', { class: 'controls' },
        h('label', {}, 'Nodes ', select('nodes', NODE_FIELDS, node, (v) => ctx.set({ nodes: v }, true), { page: 'pages', target: 'targets', type: 'event types' })),
        h('label', {}, 'Repeats ', select('repeats', REPEATS, repeats, (v) => ctx.set({ repeats: v === 'collapse' ? null : v }), { collapse: 'merge into one step', keep: 'as self-loops', drop: 'leave out' })),
        slider('min', 'Minimum count', minCount, 50, 'min'),
        slider('top', 'Top edges', topK, 500, 'top'),
        h('label', {}, h('input', { type: 'checkbox', ...(startEnd ? { checked: true } : {}), onchange: (e: Event) => ctx.set({ ends: (e.target as HTMLInputElement).checked ? null : '0' }) }), ' Start and end nodes'),
        exportBar),
      h('p', { class: 'graph-summary', 'data-nodes': drawn.nodeCount, 'data-edges': drawn.edgeCount }, `${fmt(drawn.nodeCount)} nodes, ${fmt(drawn.edgeCount)} transitions drawn. Drag to pan, scroll to zoom, double-click to reset; edge thickness shows the count.`),
      h('div', { class: 'graph-wrap' }, drawn.svg, card),
    );
  },
};
