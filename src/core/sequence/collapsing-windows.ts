import type { CanonicalEvent } from '../event.js';
import type { Predicate } from '../query/compile-predicate.js';
import type { Segment } from './segment.js';

/**
 * Collapsing windows (Flagon Distill's `generate_collapsing_window_segments`): one segment per maximal run of
 * consecutive timed events (partition order) matching a condition. The segment holds exactly the run; `start` and
 * `end` are the run's first and last times (a closed span — the run, not a time window, defines membership, so
 * a non-matching event at the same millisecond is never pulled in). A run at the very end of the partition and a
 * run of one event are ordinary segments (Flagon's version mis-handles a run reaching the last log and a
 * single-log run there). Untimed events are skipped. Cost: O(n).
 *
 * @example collapsingWindows([ev('a', 0, { type: 'scroll' }), ev('b', 1, { type: 'scroll' }), ev('c', 2)], (e) => e.type === 'scroll', 'run')
 * // → [{ name: 'run0', kind: 'collapsing', start: 0, end: 1, count: 2, eventIds: ['a', 'b'] }]
 */
export function collapsingWindows(events: readonly CanonicalEvent[], match: Predicate, label: string): Segment[] {
  const out: Segment[] = [];
  let ids: string[] = [];
  let start = 0;
  let end = 0;
  const close = (): void => {
    if (ids.length === 0) return;
    out.push({ name: `${label}${out.length}`, kind: 'collapsing', start, end, count: ids.length, eventIds: ids });
    ids = [];
  };
  for (const e of events) {
    const t = e.time;
    if (t === undefined) continue;
    if (match(e)) {
      if (ids.length === 0) start = t;
      ids.push(e.id);
      end = t;
    } else close();
  }
  close();
  return out;
}
