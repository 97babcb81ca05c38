import { fmt, h } from '../dom.js';

export interface BarItem {
  readonly label: string;
  readonly value: number;
  /** Extra text after the value (a share, a conversion). */
  readonly note?: string;
}

/**
 * A ranked list of horizontal bars (top types, users, pages): label, bar proportional to the largest value, the
 * number. HTML, not SVG, so labels wrap and screen readers read a plain list. `data-value` carries the exact number.
 */
export function barList(items: readonly BarItem[], options: { caption: string; colour?: string; onPick?: (item: BarItem) => void }): HTMLElement {
  const max = Math.max(1, ...items.map((i) => i.value));
  const list = h('ol', { class: 'bars', 'aria-label': options.caption });
  for (const item of items) {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${(item.value / max) * 100}%`;
    if (options.colour !== undefined) bar.style.background = options.colour;
    const label = options.onPick === undefined ? h('span', { class: 'label', title: item.label }, item.label) : h('button', { class: 'label link', type: 'button', title: item.label, onclick: () => options.onPick?.(item) }, item.label);
    list.append(h('li', { 'data-label': item.label, 'data-value': item.value }, label, h('span', { class: 'track' }, bar), h('span', { class: 'num' }, fmt(item.value), item.note === undefined ? '' : h('small', {}, ` ${item.note}`))));
  }
  if (items.length === 0) list.append(h('li', { class: 'empty' }, 'No data in this range.'));
  return list;
}
