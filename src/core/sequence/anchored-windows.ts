import type { CanonicalEvent } from '../event.js';
import type { Predicate } from '../query/compile-predicate.js';
import { timedEvents, windowSegment, type Closed, type Segment, type Window } from './segment.js';

/**
 * What happens when an anchor's window overlaps the previous window:
 * - `clip` (Flagon Distill's `generate_segments`): an anchor inside the previous window opens nothing; a later
 *   anchor whose window would start inside the previous one starts at its end — windows never overlap;
 * - `merge`: overlapping windows become one window spanning both;
 * - `keep`: every anchor has its own window; an event may be in several.
 */
export type OverlapPolicy = 'clip' | 'merge' | 'keep';

export interface AnchoredOptions {
  /** Events that anchor a window (a compiled query condition: exact matching, no substrings). */
  readonly anchor: Predicate;
  /** Milliseconds before / after the anchor's time: the window is `[t - before, t + after)`. */
  readonly before: number;
  readonly after: number;
  readonly overlap: OverlapPolicy;
  readonly closed: Closed;
  /** Segment names are `<label><n>`, n from 0 in time order. */
  readonly label: string;
}

/**
 * Windows around events matching a condition (Flagon Distill's `generate_segments`, with a query condition
 * instead of a substring test). Anchors are the timed matching events in partition order; untimed events can
 * anchor nothing. Under `clip` an anchor is inside the previous window when `t < previous end` (`t <= previous
 * end` with `closed: 'both'`). Cost: O(n) plus O(log n + k) per window.
 *
 * @example anchoredWindows([ev('a', 0, { type: 'click' }), ev('b', 3), ev('c', 9)], { anchor: (e) => e.type === 'click', before: 0, after: 5, overlap: 'clip', closed: 'left', label: 'c' })
 * // → [{ name: 'c0', kind: 'anchored', start: 0, end: 5, count: 2, eventIds: ['a', 'b'] }]
 */
export function anchoredWindows(events: readonly CanonicalEvent[], options: AnchoredOptions): Segment[] {
  const windows: { start: number; end: number }[] = [];
  const inside = options.closed === 'both' ? (t: number, end: number) => t <= end : (t: number, end: number) => t < end;
  for (const e of events) {
    const t = e.time;
    if (t === undefined || !options.anchor(e)) continue;
    let start = t - options.before;
    const end = t + options.after;
    const prev = windows[windows.length - 1];
    if (prev !== undefined && options.overlap !== 'keep') {
      if (options.overlap === 'clip') {
        if (inside(t, prev.end)) continue;
        if (start < prev.end) start = prev.end;
      } else if (inside(start, prev.end)) {
        prev.end = Math.max(prev.end, end);
        continue;
      }
    }
    windows.push({ start, end });
  }
  const timed = timedEvents(events);
  return windows.map((w, i): Segment => windowSegment(timed, { name: `${options.label}${i}`, ...w } satisfies Window, 'anchored', options.closed));
}
