import { distributionChart } from '../charts/distribution.js';
import { fmt, h } from '../dom.js';
import { summarize } from '../stats/summary.js';
import type { View } from '../view.js';
import { withWhere } from '../view.js';
import { select } from './overview.js';
import { MEASURES, measureWhere } from './measures.js';

/**
 * Statistics: the between-user (or between-session) distribution of a per-partition measure — histogram and box
 * plot — with its numbers (n, mean, sample SD, min, quartiles by linear interpolation, median, max) and the values
 * per partition, highest first.
 */
export const statisticsView: View = {
  title: 'Statistics',
  async render(ctx, root) {
    const key = MEASURES[ctx.state.get('measure') ?? ''] === undefined ? 'events-per-user' : ctx.state.get('measure')!;
    const measure = MEASURES[key]!;
    const bins = Math.min(50, Math.max(3, Number(ctx.state.get('bins') ?? 10) || 10));
    const type = ctx.state.get('type') ?? 'click';
    const types = measure.byType === true ? await ctx.run('Event types (choices)', [{ op: 'count-by', by: 'type', missing: 'skip' }]) : undefined;
    const where = measureWhere(measure, type);
    const query = where === undefined ? ctx.query : withWhere(ctx.query, where);
    const label = measure.byType === true ? `Raw ${type} events per user` : measure.label;
    const env = await ctx.run(label, measure.steps, query);
    const rows = env.result.kind === 'table' ? env.result.rows : [];
    const values = rows.map((r) => Number(r.count));
    const summary = summarize(values);
    const numbers: [string, string, number][] = [
      ['n', `${measure.per}s`, summary.n],
      ['mean', 'mean', summary.mean],
      ['sd', 'standard deviation (sample)', summary.sd],
      ['min', 'minimum', summary.min],
      ['q1', 'first quartile', summary.q1],
      ['median', 'median', summary.median],
      ['q3', 'third quartile', summary.q3],
      ['max', 'maximum', summary.max],
      ['sum', 'total', summary.sum],
    ];
    const labels = Object.fromEntries(Object.entries(MEASURES).map(([k, m]) => [k, m.label]));
    const width = Math.min(760, root.clientWidth - 380);
    root.append(
      h('h1', {}, 'Statistics'),
      h('div', { class: 'controls' },
        h('label', {}, 'Measure ', select('measure', Object.keys(MEASURES), key, (v) => ctx.set({ measure: v }, true), labels)),
        types === undefined ? null : h('label', {}, 'Event type ', select('type', types.result.kind === 'table' ? types.result.rows.map((r) => String(r.type)) : [type], type, (v) => ctx.set({ type: v }, true))),
        h('label', {}, 'Bins ', select('bins', ['5', '10', '20', '40'], String(bins), (v) => ctx.set({ bins: v })))),
      h('div', { class: 'split' },
        h('section', { class: 'card' }, h('h2', {}, `${label}: distribution between ${measure.per}s`),
          summary.n === 0 ? h('p', {}, 'No values in this range.') : distributionChart(values, summary, { width, bins, label: `Histogram and box plot of ${label}` })),
        h('section', { class: 'card' }, h('h2', {}, 'The numbers'),
          h('table', { class: 'numbers' }, h('caption', {}, 'Quartiles interpolate linearly (as pandas); SD is the sample SD (n − 1)'),
            h('tbody', {}, ...numbers.map(([k, label, v]) => h('tr', { 'data-stat': k }, h('th', { scope: 'row' }, label), h('td', { class: 'n', 'data-value': Number.isFinite(v) ? String(v) : '' }, Number.isFinite(v) ? fmt(v, 2) : '–'))))))),
      h('section', { class: 'card wide' }, h('h2', {}, `Per ${measure.per}`),
        h('div', { tabindex: 0, role: 'region', 'aria-label': 'Scrollable table', class: 'table-wrap short' }, h('table', {}, h('caption', {}, `${label}, highest first`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, measure.per), h('th', { scope: 'col', class: 'n' }, 'value'))),
          h('tbody', {}, ...rows.map((r) => h('tr', {}, h('td', {}, measure.per === 'user' ? h('button', { type: 'button', class: 'link', onclick: () => ctx.set({ view: 'sessions', user: String(r.user), session: null }, true) }, String(r.user)) : h('button', { type: 'button', class: 'link', onclick: () => ctx.set({ view: 'sessions', session: String(r.session) }, true) }, String(r.session))), h('td', { class: 'n' }, fmt(Number(r.count))))))))),
    );
  },
};
