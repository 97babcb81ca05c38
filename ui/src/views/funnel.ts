import { duration, fmt, h, pct } from '../dom.js';
import { displayLabels } from '../graph/draw-graph.js';
import type { View, ViewContext } from '../view.js';
import { FUNNEL, funnelBars, funnelStep, windowMs, type FunnelStepPick } from './analytics-params.js';
import { select } from './overview.js';

const FIELDS = ['page', 'type', 'target'];
const MODES = ['ordered', 'strict', 'any-order'];
const DEFAULT_STEPS = ['page:https://shop.example.com/', 'page:https://shop.example.com/catalog', 'page:https://shop.example.com/cart', 'page:https://shop.example.com/checkout'];

/** Steps from the URL: repeated `step=<field>:<value>`. */
export function readSteps(state: URLSearchParams): FunnelStepPick[] {
  const raw = state.getAll('step');
  return (raw.length === 0 ? DEFAULT_STEPS : raw).flatMap((s) => {
    const i = s.indexOf(':');
    const field = s.slice(0, i);
    return i > 0 && FIELDS.includes(field) ? [{ field, value: s.slice(i + 1) }] : [];
  });
}

function writeSteps(ctx: ViewContext, steps: readonly FunnelStepPick[]): void {
  const state = new URLSearchParams(ctx.state);
  state.delete('step');
  for (const s of steps) state.append('step', `${s.field}:${s.value}`);
  history.pushState(null, '', `${location.pathname}?${state.toString()}`);
  ctx.set({});
}

/**
 * Funnel: steps picked from the data's own values (the most frequent pages, event types and targets of the source),
 * mode (ordered, strict, any order) and conversion window; one bar per step with partitions reaching it, conversion
 * from the previous and first step and drop-off; the sessions that dropped at a step link to their timelines.
 */
export const funnelView: View = {
  title: 'Funnel',
  async render(ctx, root) {
    root.append(h('h1', {}, 'Funnel'));
    const steps = readSteps(ctx.state);
    const mode = MODES.includes(ctx.state.get('mode') ?? '') ? ctx.state.get('mode')! : 'ordered';
    const window = windowMs(ctx.state.get('window') ?? '') === undefined ? '' : ctx.state.get('window')!;
    // The funnel itself is started first (it is the view's main pipeline, listed first), the step choices beside it.
    const ready = ctx.operators.has(FUNNEL) && steps.length >= 2;
    const funnelRun = ready ? ctx.run('Funnel', [funnelStep(steps, mode, window)]) : undefined;
    funnelRun?.catch(() => undefined); // awaited below; a failure is reported there, not as an unhandled rejection
    const values = await Promise.all(FIELDS.map((f) => ctx.run(`Most frequent ${f}s (step choices)`, [{ op: 'count-by', by: f, missing: 'skip', limit: 40 }])));
    const choices = new Map(FIELDS.map((f, i) => { const r = values[i]!.result; return [f, r.kind === 'table' ? r.rows.map((row) => String(row[f])) : []]; }));
    const editor = h('ol', { class: 'steps-editor', 'aria-label': 'Funnel steps' });
    steps.forEach((s, i) => {
      const options = [...new Set([s.value, ...(choices.get(s.field) ?? [])])];
      editor.append(h('li', {},
        h('label', {}, `Step ${i + 1} field `, select(`field-${i}`, FIELDS, s.field, (v) => writeSteps(ctx, steps.map((x, j) => (j === i ? { field: v, value: choices.get(v)?.[0] ?? '' } : x))))),
        ' ',
        h('label', {}, 'value ', select(`value-${i}`, options, s.value, (v) => writeSteps(ctx, steps.map((x, j) => (j === i ? { field: x.field, value: v } : x))))),
        ' ',
        h('button', { type: 'button', 'aria-label': `Remove step ${i + 1}`, onclick: () => writeSteps(ctx, steps.filter((_, j) => j !== i)) }, 'Remove')));
    });
    root.append(h('div', { class: 'controls' },
      editor,
      h('button', { type: 'button', onclick: () => writeSteps(ctx, [...steps, { field: 'page', value: choices.get('page')?.[0] ?? '' }]) }, 'Add a step'),
      h('label', {}, 'Mode ', select('mode', MODES, mode, (v) => ctx.set({ mode: v }, true))),
      h('label', {}, 'Window ', select('window', ['', '5m', '30m', '1h', '1d'], window, (v) => ctx.set({ window: v }, true), { '': 'none' }))));
    if (!ctx.operators.has(FUNNEL)) {
      root.append(h('p', { class: 'notice' }, `This server has no ${FUNNEL} operator yet. Update Distill to compute funnels.`));
      return;
    }
    if (steps.length < 2) {
      root.append(h('p', { class: 'notice' }, 'Pick at least two steps.'));
      return;
    }
    const env = await funnelRun!;
    const bars = funnelBars(env.result.kind === 'table' ? env.result.rows : []);
    const max = Math.max(1, ...bars.map((b) => b.reached));
    const list = h('ol', { class: 'funnel' });
    const shown = displayLabels(steps.map((x) => x.value));
    for (const b of bars) {
      const pick = steps[b.step - 1];
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${(b.reached / max) * 100}%`;
      const dropped = b.droppedPartitions.length === 0 ? null : h('details', {}, h('summary', {}, `${fmt(b.droppedPartitions.length)} dropped here`),
        h('ul', { class: 'dropped' }, ...b.droppedPartitions.slice(0, 200).map((p) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.set({ view: 'sessions', session: p }, true) }, p)))));
      list.append(h('li', { 'data-step': b.step, 'data-reached': b.reached },
        h('div', { class: 'funnel-label', title: b.label }, h('strong', {}, `${b.step}. ${pick === undefined ? b.label : `${pick.field} = ${shown(pick.value)}`}`)),
        h('div', { class: 'track' }, bar),
        h('div', { class: 'funnel-numbers' },
          h('span', { class: 'num' }, fmt(b.reached)),
          h('span', {}, b.step === 1 ? `${b.fromPrevious === null ? '–' : pct(b.fromPrevious)} of all sessions` : `${b.fromPrevious === null ? '–' : pct(b.fromPrevious)} of previous · ${b.fromFirst === null ? '–' : pct(b.fromFirst)} of first · ${fmt(b.dropped)} dropped`),
          b.medianMs === null || b.step === 1 ? '' : h('span', {}, ` · median ${duration(b.medianMs)} from step 1`)),
        dropped));
    }
    root.append(h('section', { class: 'card wide' }, h('h2', {}, `Funnel (${mode}${window === '' ? '' : `, within ${window}`})`), list));
  },
};
