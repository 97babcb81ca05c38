import { fmt, isoTime, s } from '../dom.js';
import { colour, OTHER } from './palette.js';

export interface TimeSeriesRow {
  readonly t: number;
  readonly group: string;
  readonly count: number;
}

/**
 * Stacked columns of counts over time, one colour per group (the top `maxGroups`, the rest as "other"), with a
 * legend, axis labels and a `<title>` per segment. SVG sized to its container width. Returns the element and the
 * total it drew (for tests: equal to the API's sum).
 */
export function timeColumns(rows: readonly TimeSeriesRow[], options: { width: number; height?: number; interval: number; maxGroups?: number; label: string }): SVGSVGElement {
  const width = Math.max(320, options.width);
  const height = options.height ?? 240;
  const pad = { l: 52, r: 12, t: 12, b: 28 };
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.group, (totals.get(r.group) ?? 0) + r.count);
  const groups = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([g]) => g);
  const keep = new Set(groups.slice(0, options.maxGroups ?? 7));
  const buckets = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const g = keep.has(r.group) ? r.group : 'other';
    const b = buckets.get(r.t) ?? new Map<string, number>();
    b.set(g, (b.get(g) ?? 0) + r.count);
    buckets.set(r.t, b);
  }
  const times = [...buckets.keys()].sort((a, b) => a - b);
  const t0 = times[0] ?? 0;
  const t1 = (times[times.length - 1] ?? 0) + options.interval;
  const maxY = Math.max(1, ...[...buckets.values()].map((b) => [...b.values()].reduce((x, y) => x + y, 0)));
  const x = (t: number): number => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.l - pad.r);
  const y = (v: number): number => height - pad.b - (v / maxY) * (height - pad.t - pad.b);
  const order = [...keep, ...(groups.length > keep.size ? ['other'] : [])];
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': options.label, class: 'chart' });
  for (const f of [0, 0.5, 1]) {
    svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: y(maxY * f), y2: y(maxY * f), class: 'grid' }));
    svg.append(s('text', { x: pad.l - 6, y: y(maxY * f) + 4, 'text-anchor': 'end', class: 'axis' }, fmt(Math.round(maxY * f))));
  }
  let drawn = 0;
  const w = Math.max(1, x(t0 + options.interval) - x(t0) - 1);
  for (const t of times) {
    let acc = 0;
    const b = buckets.get(t)!;
    order.forEach((g, i) => {
      const v = b.get(g) ?? 0;
      if (v === 0) return;
      const rect = s('rect', { x: x(t), y: y(acc + v), width: w, height: y(acc) - y(acc + v), fill: g === 'other' ? OTHER : colour(i), 'data-count': v }, s('title', {}, `${isoTime(t)} · ${g}: ${fmt(v)}`));
      svg.append(rect);
      acc += v;
      drawn += v;
    });
  }
  svg.append(s('text', { x: pad.l, y: height - 8, class: 'axis' }, isoTime(t0).slice(0, 16)));
  svg.append(s('text', { x: width - pad.r, y: height - 8, 'text-anchor': 'end', class: 'axis' }, isoTime(t1).slice(0, 16)));
  svg.dataset.total = String(drawn);
  svg.dataset.groups = order.join('|');
  return svg;
}

/** The legend of {@link timeColumns}: same groups, same colours. */
export function legend(groups: readonly string[]): HTMLElement {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  groups.forEach((g, i) => {
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = g === 'other' ? OTHER : colour(i);
    li.append(sw, g);
    ul.append(li);
  });
  return ul;
}
