import type { CanonicalEvent } from '../event.js';
import { timedEvents, windowSegment, type Closed, type Segment } from './segment.js';

export interface IdleOptions {
  /** A gap between consecutive timed events strictly longer than this (ms) is idle. */
  readonly limit: number;
  /** Milliseconds of context before the last event before the gap / after the first event after it. */
  readonly before: number;
  readonly after: number;
  readonly closed: Closed;
  readonly label: string;
}

/**
 * Idle periods ("deadspace", Flagon Distill's `detect_deadspace`): for each pair of consecutive timed events whose
 * times differ by more than `limit`, the window `[t_before - before, t_after + after)`. With the default
 * half-open rule and no margins the segment holds the event before the gap but not the one after it (use
 * `closed: 'both'` to count both, as Flagon does). Consecutive means in partition order, which is time order, so
 * unlike Flagon — which compares neighbours in the order its dictionary was filled — an unsorted input cannot
 * hide a gap or report a negative one. Cost: O(n) plus O(log n + k) per gap.
 *
 * @example idleGaps([ev('a', 0), ev('b', 1000), ev('c', 5000)], { limit: 2000, before: 0, after: 0, closed: 'both', label: 'idle' })
 * // → [{ name: 'idle0', kind: 'idle', start: 1000, end: 5000, count: 2, eventIds: ['b', 'c'] }]
 */
export function idleGaps(events: readonly CanonicalEvent[], options: IdleOptions): Segment[] {
  const timed = timedEvents(events);
  const out: Segment[] = [];
  const times = timed.times;
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i]!;
    const b = times[i + 1]!;
    if (b - a > options.limit) {
      out.push(windowSegment(timed, { name: `${options.label}${out.length}`, start: a - options.before, end: b + options.after }, 'idle', options.closed));
    }
  }
  return out;
}
