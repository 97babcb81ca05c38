import { ApiError, getOperators, getSources, runPipeline } from './api/client.js';
import type { PipelineRequest, SourceList } from './api/types.js';
import { h } from './dom.js';
import { pipelinesPanel } from './pipelines-panel.js';
import { currentView, readState, VIEWS, writeState, type ViewName } from './url-state.js';
import type { View, ViewContext } from './view.js';
import { funnelView } from './views/funnel.js';
import { journeysView } from './views/journeys.js';
import { overviewView } from './views/overview.js';
import { sessionsView } from './views/sessions.js';
import { statisticsView } from './views/statistics.js';

const VIEW_TABLE: Readonly<Record<ViewName, View>> = {
  overview: overviewView,
  journeys: journeysView,
  funnel: funnelView,
  sessions: sessionsView,
  statistics: statisticsView,
};

/** Keys that belong to the shell and travel from view to view. */
const SHARED_KEYS = ['source', 'from', 'to'];

let sources: SourceList;
let operators: ReadonlySet<string>;
let current: AbortController | undefined;

async function start(): Promise<void> {
  [sources, operators] = await Promise.all([getSources(), getOperators().then((o) => new Set(o.operators.map((x) => x.name)))]);
  window.addEventListener('popstate', () => void render());
  await render();
}

function timeQuery(state: URLSearchParams): Record<string, unknown> | undefined {
  const from = state.get('from');
  const to = state.get('to');
  if (from === null && to === null) return undefined;
  return { time: { ...(from === null ? {} : { from }), ...(to === null ? {} : { to }) } };
}

function navLink(name: ViewName, state: URLSearchParams, active: ViewName): HTMLElement {
  const next = new URLSearchParams();
  for (const k of SHARED_KEYS) {
    const v = state.get(k);
    if (v !== null) next.set(k, v);
  }
  next.set('view', name);
  return h('a', { href: `?${next.toString()}`, ...(name === active ? { 'aria-current': 'page' } : {}), 'data-view': name }, VIEW_TABLE[name].title);
}

/** ISO (UTC) ↔ the value of a datetime-local input, which the app treats as UTC. */
const toInput = (iso: string | null): string => (iso === null ? '' : iso.replace(/Z$/, '').slice(0, 16));
const fromInput = (v: string): string | null => (v === '' ? null : `${v}:00Z`);

async function render(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const state = readState();
  const name = currentView(state);
  const view = VIEW_TABLE[name];
  const source = state.get('source') ?? sources.defaultSource;
  const query = timeQuery(state);
  const ran: { title: string; pipeline: PipelineRequest }[] = [];
  const request = (steps: PipelineRequest['steps'], q?: Readonly<Record<string, unknown>>): PipelineRequest => {
    const effective = q ?? query;
    return { source, ...(effective === undefined ? {} : { query: effective }), steps };
  };
  const ctx: ViewContext = {
    state,
    source,
    query,
    sources,
    operators,
    signal: controller.signal,
    set(changes, push = false) {
      writeState(changes, push);
      void render();
    },
    async run(title, steps, q) {
      const pipeline = request(steps, q);
      ran.push({ title, pipeline });
      return runPipeline(pipeline, controller.signal);
    },
    request,
  };

  const sourcePicker = h('select', { id: 'source', name: 'source', onchange: () => ctx.set({ source: sourcePicker.value }, true) });
  for (const s of sources.sources) sourcePicker.append(h('option', { value: s.id, ...(s.id === source ? { selected: true } : {}) }, s.id));
  const from = h('input', { id: 'from', type: 'datetime-local', value: toInput(state.get('from')) });
  const to = h('input', { id: 'to', type: 'datetime-local', value: toInput(state.get('to')) });
  const header = h('header', { class: 'top' },
    h('a', { class: 'brand', href: '?' }, 'Distill'),
    h('nav', { 'aria-label': 'Views' }, ...VIEWS.map((v) => navLink(v, state, name))),
    h('form', { class: 'range', 'aria-label': 'Source and time range', onsubmit: (e: Event) => {
      e.preventDefault();
      ctx.set({ from: fromInput(from.value), to: fromInput(to.value) }, true);
    } },
      h('label', { for: 'source' }, 'Source'), sourcePicker,
      h('label', { for: 'from' }, 'From (UTC)'), from,
      h('label', { for: 'to' }, 'To'), to,
      h('button', { type: 'submit' }, 'Apply'),
      h('button', { type: 'button', onclick: () => ctx.set({ from: null, to: null }, true) }, 'All time')),
    h('form', { method: 'post', action: '/logout', class: 'signout' }, h('button', { type: 'submit' }, 'Sign out')));
  const main = h('main', { id: 'view', 'data-view': name, 'aria-busy': 'true' });
  const app = document.getElementById('app')!;
  app.replaceChildren(header, main);
  document.title = `${view.title} · Distill`;
  try {
    await view.render(ctx, main);
    if (controller.signal.aborted) return;
    main.append(pipelinesPanel(ran));
    main.setAttribute('aria-busy', 'false');
    main.dataset.ready = '1';
  } catch (error) {
    if (controller.signal.aborted) return;
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error).message;
    main.append(h('p', { class: 'error', role: 'alert' }, `Could not draw this view: ${message}`), pipelinesPanel(ran));
    main.setAttribute('aria-busy', 'false');
    main.dataset.ready = 'error';
  }
}

void start();
