import type { CanonicalEvent } from '../event.js';

/**
 * Segments: named spans of one partition's events, the unit of Distill's segmentation (Flagon Distill's `Segment`).
 *
 * Invariants every segment-producing function keeps:
 * - `eventIds` are in partition order, without duplicates, and `count === eventIds.length`;
 * - window segments hold exactly the timed events with `start <= time < end` (half-open, the default) or
 *   `start <= time <= end` (`closed: 'both'`); run segments (`collapsing`) hold exactly their run, with `start`
 *   and `end` the first and last event times (a closed span);
 * - untimed events are never in a segment: a window cannot place them;
 * - `start`/`end` are null only for an intersection whose operands do not overlap.
 */
export type SegmentKind = 'explicit' | 'anchored' | 'fixed' | 'idle' | 'collapsing' | 'union' | 'intersection' | 'difference';

export interface Segment {
  readonly name: string;
  readonly kind: SegmentKind;
  readonly start: number | null;
  readonly end: number | null;
  readonly count: number;
  readonly eventIds: readonly string[];
}

/** Which window ends hold events: `left` is `[start, end)`, `both` is `[start, end]`. */
export type Closed = 'left' | 'both';

/** A window to turn into a segment. */
export interface Window {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The timed prefix of a partition (untimed events sort last): times and ids side by side for binary search.
 * Cost: O(n) to build.
 */
export interface TimedEvents {
  readonly times: readonly number[];
  readonly ids: readonly string[];
}

export function timedEvents(events: readonly CanonicalEvent[]): TimedEvents {
  const times: number[] = [];
  const ids: string[] = [];
  for (const e of events) {
    if (e.time === undefined) continue;
    times.push(e.time);
    ids.push(e.id);
  }
  return { times, ids };
}

/** First index whose time is >= t (or > t when `strict`). */
export function lowerBound(times: readonly number[], t: number, strict = false): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = times[mid]!;
    if (x < t || (strict && x === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The segment of a window: the timed events inside it under the `closed` rule. Cost: O(log n + k) for k events in
 * the window.
 *
 * @example windowSegment(timedEvents([ev('a', 0), ev('b', 5), ev('c', 10)]), { name: 'w', start: 0, end: 10 }, 'explicit', 'left')
 * // → { name: 'w', kind: 'explicit', start: 0, end: 10, count: 2, eventIds: ['a', 'b'] }
 */
export function windowSegment(timed: TimedEvents, window: Window, kind: SegmentKind, closed: Closed): Segment {
  const from = lowerBound(timed.times, window.start);
  const to = lowerBound(timed.times, window.end, closed === 'both');
  const eventIds = to > from ? timed.ids.slice(from, to) : [];
  return { name: window.name, kind, start: window.start, end: window.end, count: eventIds.length, eventIds };
}
