import type { TableResult } from '../api/types.js';
import { barList } from '../charts/bar-list.js';
import { colour } from '../charts/palette.js';
import { legend, timeColumns } from '../charts/time-columns.js';
import { fmt, h, pct } from '../dom.js';
import type { View } from '../view.js';

export const INTERVALS: Readonly<Record<string, number>> = { '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000, '1d': 86_400_000, '1w': 604_800_000 };

/**
 * Overview: events over time (stacked by type or UserALE log kind, count-over-time), totals (events, users, sessions,
 * pages), top types, users and pages (count-by), and every warning the source reported.
 */
export const overviewView: View = {
  title: 'Overview',
  async render(ctx, root) {
    const interval = ctx.state.get('interval') ?? '6h';
    const by = ctx.state.get('by') === 'kind' ? 'kind' : 'type';
    const [time, types, users, sessions, pages, kinds] = await Promise.all([
      ctx.run('Events over time', [{ op: 'count-over-time', interval: INTERVALS[interval] === undefined ? '6h' : interval, by }]),
      ctx.run('Top event types', [{ op: 'count-by', by: 'type', share: true }]),
      ctx.run('Events per user', [{ op: 'count-by', by: 'user' }]),
      ctx.run('Events per session', [{ op: 'count-by', by: 'session', missing: 'skip' }]),
      ctx.run('Events per page', [{ op: 'count-by', by: 'page', missing: 'skip' }]),
      ctx.run('Events per log kind', [{ op: 'count-by', by: 'kind' }]),
    ]);
    const rows = (e: typeof time): TableResult['rows'] => (e.result.kind === 'table' ? e.result.rows : []);
    const total = rows(kinds).reduce((a, r) => a + Number(r.count), 0);
    const named = (r: TableResult['rows'][number], key: string): string => (r[key] === null || r[key] === undefined ? '(none)' : String(r[key]));
    const series = rows(time).map((r) => ({ t: Number(r.time), group: named(r, by), count: Number(r.count) }));
    const controls = h('div', { class: 'controls' },
      h('label', {}, 'Bucket ', select('interval', Object.keys(INTERVALS), interval, (v) => ctx.set({ interval: v }))),
      h('label', {}, 'Stack by ', select('by', ['type', 'kind'], by, (v) => ctx.set({ by: v }))),
    );
    const chartBox = h('div', { class: 'chart-box' });
    const width = Math.min(1340, root.clientWidth - 40);
    const chart = timeColumns(series, { width, interval: INTERVALS[interval] ?? 21_600_000, label: `Events per ${interval} by ${by}` });
    chartBox.append(chart, legend((chart.dataset.groups ?? '').split('|').filter((g) => g !== '')));
    const userRows = rows(users);
    const tiles = h('div', { class: 'tiles' },
      tile('Events', total, 'events'),
      tile('Users', userRows.filter((r) => r.user !== null).length, 'users'),
      tile('Sessions', rows(sessions).length, 'sessions'),
      tile('Pages', rows(pages).length, 'pages'),
    );
    const warnings = [time, types, users, sessions, pages, kinds].flatMap((e) => e.warnings);
    const unique = new Map(warnings.map((w) => [`${w.code}|${w.message}`, w]));
    root.append(
      h('h1', {}, 'Overview'),
      tiles,
      h('section', { class: 'card wide' }, h('h2', {}, `Events over time by ${by}`), controls, chartBox),
      h('div', { class: 'grid3' },
        card('Top event types', barList(rows(types).slice(0, 10).map((r) => ({ label: named(r, 'type'), value: Number(r.count), note: pct(Number(r.share)) })), { caption: 'Top event types', colour: colour(0) })),
        card('Top users', barList(userRows.slice(0, 10).map((r) => ({ label: named(r, 'user'), value: Number(r.count) })), { caption: 'Top users', colour: colour(2), onPick: (i) => ctx.set({ view: 'sessions', user: i.label === '(none)' ? null : i.label }, true) })),
        card('Top pages', barList(rows(pages).slice(0, 10).map((r) => ({ label: named(r, 'page').replace(/^https?:\/\/[^/]+/, ''), value: Number(r.count) })), { caption: 'Top pages', colour: colour(1) })),
      ),
      h('section', { class: 'card wide warnings', 'aria-label': 'Warnings' }, h('h2', {}, `Warnings (${unique.size})`),
        unique.size === 0 ? h('p', {}, 'The source reported no problems.') : h('ul', {}, ...[...unique.values()].map((w) => h('li', { 'data-code': w.code }, h('code', {}, w.code), ` ${w.message} (${fmt(w.count)}×)`)))),
    );
  },
};

function tile(label: string, value: number, key: string): HTMLElement {
  return h('div', { class: 'tile', 'data-tile': key }, h('span', { class: 'tile-value' }, fmt(value)), h('span', { class: 'tile-label' }, label));
}

export function card(title: string, body: Node): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, title), body);
}

export function select(name: string, options: readonly string[], value: string, onChange: (v: string) => void, labels?: Readonly<Record<string, string>>): HTMLSelectElement {
  const el = h('select', { name, onchange: () => onChange(el.value) });
  for (const o of options) el.append(h('option', { value: o, ...(o === value ? { selected: true } : {}) }, labels?.[o] ?? o));
  return el;
}
