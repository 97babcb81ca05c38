import { colour } from '../charts/palette.js';
import { duration, fmt, h, isoTime, s } from '../dom.js';
import type { View, ViewContext } from '../view.js';
import { withWhere } from '../view.js';
import { SESSION_COLUMNS, sessionRows, sortSessions, type SessionSortKey } from './session-table.js';

const LABELS: Readonly<Record<SessionSortKey, string>> = { session: 'Session', user: 'User', start: 'Start (UTC)', end: 'End', duration: 'Duration', events: 'Events', pages: 'Pages' };

/**
 * Sessions: a sortable table (session, user, start, duration, events, pages) from the events projected to those
 * fields, optionally for one user (`?user=`); choosing a session (`?session=`) draws its timeline — every event on a
 * time axis, one row per event type — and lists them.
 */
export const sessionsView: View = {
  title: 'Sessions',
  async render(ctx, root) {
    const user = ctx.state.get('user');
    const sort = (SESSION_COLUMNS as readonly string[]).includes(ctx.state.get('sort') ?? '') ? (ctx.state.get('sort') as SessionSortKey) : 'start';
    const desc = ctx.state.get('desc') === '1';
    const query = user === null ? ctx.query : withWhere(ctx.query, { field: 'user', op: 'eq', value: user });
    const env = await ctx.run(user === null ? 'Session fields of every event' : `Session fields of ${user}'s events`, [{ op: 'project', fields: ['session', 'user', 'time', 'page'] }], query);
    const rows = sortSessions(sessionRows(env.result.kind === 'table' ? env.result.rows : []), sort, desc);
    const head = h('tr', {});
    for (const key of SESSION_COLUMNS) {
      const active = key === sort;
      head.append(h('th', { scope: 'col', 'aria-sort': active ? (desc ? 'descending' : 'ascending') : 'none' },
        h('button', { type: 'button', class: 'sort', 'data-sort': key, onclick: () => ctx.set({ sort: key, desc: active && !desc ? '1' : null }) }, LABELS[key], active ? (desc ? ' ▼' : ' ▲') : '')));
    }
    const selected = ctx.state.get('session');
    const body = h('tbody', {});
    for (const r of rows) {
      body.append(h('tr', { 'data-session': r.session, class: r.session === selected ? 'selected' : '' },
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.set({ session: r.session }, true) }, r.session)),
        h('td', {}, r.user ?? '(none)'),
        h('td', {}, Number.isFinite(r.start) ? isoTime(r.start) : ''),
        h('td', { class: 'n' }, duration(r.duration)),
        h('td', { class: 'n', 'data-events': r.events }, fmt(r.events)),
        h('td', { class: 'n' }, fmt(r.pages))));
    }
    root.append(
      h('h1', {}, 'Sessions'),
      h('p', {}, `${fmt(rows.length)} sessions${user === null ? '' : ` of user ${user}`}. `, user === null ? '' : h('button', { type: 'button', class: 'link', onclick: () => ctx.set({ user: null, session: null }) }, 'Show all users')),
      h('div', { tabindex: 0, role: 'region', 'aria-label': 'Scrollable table', class: 'table-wrap' }, h('table', { class: 'sessions' }, h('caption', {}, 'Sessions (select a column to sort)'), h('thead', {}, head), body)),
    );
    if (selected !== null) root.append(await timeline(ctx, selected));
  },
};

async function timeline(ctx: ViewContext, session: string): Promise<HTMLElement> {
  const env = await ctx.run(`Events of session ${session}`, [{ op: 'project', fields: ['time', 'type', 'kind', 'target', 'page'] }, { op: 'sort', by: ['time'] }], withWhere(ctx.query, { field: 'session', op: 'eq', value: session }));
  const rows = env.result.kind === 'table' ? env.result.rows : [];
  const timed = rows.filter((r) => typeof r.time === 'number');
  const times = timed.map((r) => r.time as number);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const types = [...new Set(rows.map((r) => String(r.type ?? '(none)')))].sort();
  const width = 1000;
  const rowH = 22;
  const pad = { l: 90, r: 16, t: 8, b: 24 };
  const height = pad.t + pad.b + types.length * rowH;
  const x = (t: number): number => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.l - pad.r);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart timeline', role: 'img', 'aria-label': `Timeline of session ${session}: ${timed.length} timed events` });
  types.forEach((t, i) => {
    svg.append(s('text', { x: pad.l - 8, y: pad.t + i * rowH + 15, 'text-anchor': 'end', class: 'axis' }, t));
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: pad.t + i * rowH + 11, y2: pad.t + i * rowH + 11, class: 'grid' }));
  });
  for (const r of timed) {
    const i = types.indexOf(String(r.type ?? '(none)'));
    svg.append(s('circle', { cx: x(Number(r.time)), cy: pad.t + i * rowH + 11, r: 5, fill: colour(i), class: 'event' }, s('title', {}, `${isoTime(Number(r.time))} ${String(r.type ?? '')} ${String(r.target ?? '')}`)));
  }
  svg.append(s('text', { x: pad.l, y: height - 6, class: 'axis' }, Number.isFinite(t0) ? isoTime(t0) : ''));
  svg.append(s('text', { x: width - pad.r, y: height - 6, 'text-anchor': 'end', class: 'axis' }, Number.isFinite(t1) ? `${isoTime(t1)} (${duration(t1 - t0)})` : ''));
  const list = h('tbody', {});
  for (const r of rows.slice(0, 500)) {
    list.append(h('tr', {}, h('td', {}, typeof r.time === 'number' ? isoTime(r.time) : '(no time)'), h('td', {}, String(r.type ?? '')), h('td', {}, String(r.kind ?? '')), h('td', { class: 'clip' }, String(r.target ?? '')), h('td', { class: 'clip' }, String(r.page ?? '').replace(/^https?:\/\/[^/]+/, ''))));
  }
  return h('section', { class: 'card wide', 'data-timeline': session, 'aria-label': `Session ${session}` },
    h('h2', {}, `Session ${session}: ${fmt(rows.length)} events`),
    rows.length === timed.length ? null : h('p', {}, `${fmt(rows.length - timed.length)} ${rows.length - timed.length === 1 ? 'event has' : 'events have'} no time: listed below, not drawn.`),
    svg,
    h('div', { tabindex: 0, role: 'region', 'aria-label': 'Scrollable table', class: 'table-wrap short' }, h('table', {}, h('caption', {}, rows.length > 500 ? 'First 500 events' : 'Events in order'), h('thead', {}, h('tr', {}, ...['Time (UTC)', 'Type', 'Kind', 'Target', 'Page'].map((c) => h('th', { scope: 'col' }, c)))), list)));
}
