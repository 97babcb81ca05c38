import { fmt, s } from '../dom.js';
import type { Summary } from '../stats/summary.js';

/**
 * A histogram of per-partition values (equal-width bins from min to max, `bins` of them, the last bin closed) above
 * a box plot (quartiles, median, whiskers at min/max), on one axis. Each bar has a `<title>` with its range and
 * count, and `data-count`; the numbers themselves are shown next to the chart by the view.
 */
export function distributionChart(values: readonly number[], summary: Summary, options: { width: number; bins: number; label: string }): SVGSVGElement {
  const width = Math.max(320, options.width);
  const height = 300;
  const pad = { l: 48, r: 16, t: 10, b: 30 };
  const boxH = 40;
  const histBottom = height - pad.b - boxH - 16;
  const { min, max } = summary;
  const span = max - min === 0 ? 1 : max - min;
  const bins = histogram(values, options.bins, min, span);
  const maxC = Math.max(1, ...bins);
  const x = (v: number): number => pad.l + ((v - min) / span) * (width - pad.l - pad.r);
  const y = (c: number): number => histBottom - (c / maxC) * (histBottom - pad.t);
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': options.label, class: 'chart' });
  svg.append(s('line', { x1: pad.l, x2: width - pad.r, y1: histBottom, y2: histBottom, class: 'grid' }));
  svg.append(s('text', { x: pad.l - 6, y: y(maxC) + 4, 'text-anchor': 'end', class: 'axis' }, fmt(maxC)));
  const bw = (width - pad.l - pad.r) / bins.length;
  bins.forEach((c, i) => {
    const lo = min + (span * i) / bins.length;
    const hi = min + (span * (i + 1)) / bins.length;
    svg.append(s('rect', { x: pad.l + i * bw + 1, y: y(c), width: Math.max(1, bw - 2), height: histBottom - y(c), class: 'hist', 'data-count': c }, s('title', {}, `${fmt(lo, 2)} – ${fmt(hi, 2)}: ${c}`)));
  });
  const by = height - pad.b - boxH;
  const mid = by + boxH / 2;
  svg.append(s('line', { x1: x(min), x2: x(summary.q1), y1: mid, y2: mid, class: 'whisker' }));
  svg.append(s('line', { x1: x(summary.q3), x2: x(max), y1: mid, y2: mid, class: 'whisker' }));
  for (const v of [min, max]) svg.append(s('line', { x1: x(v), x2: x(v), y1: by + 8, y2: by + boxH - 8, class: 'whisker' }));
  svg.append(s('rect', { x: x(summary.q1), y: by, width: Math.max(1, x(summary.q3) - x(summary.q1)), height: boxH, class: 'box' }, s('title', {}, `Q1 ${fmt(summary.q1, 2)} · median ${fmt(summary.median, 2)} · Q3 ${fmt(summary.q3, 2)}`)));
  svg.append(s('line', { x1: x(summary.median), x2: x(summary.median), y1: by, y2: by + boxH, class: 'median' }));
  svg.append(s('circle', { cx: x(summary.mean), cy: mid, r: 4, class: 'mean' }, s('title', {}, `mean ${fmt(summary.mean, 2)}`)));
  svg.append(s('text', { x: pad.l, y: height - 8, class: 'axis' }, fmt(min, 2)));
  svg.append(s('text', { x: width - pad.r, y: height - 8, 'text-anchor': 'end', class: 'axis' }, fmt(max, 2)));
  svg.dataset.total = String(bins.reduce((a, b) => a + b, 0));
  return svg;
}

/** Equal-width bin counts; the maximum goes into the last bin. */
export function histogram(values: readonly number[], bins: number, min: number, span: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const v of values) out[Math.min(bins - 1, Math.max(0, Math.floor(((v - min) / span) * bins)))]! += 1;
  return out;
}
