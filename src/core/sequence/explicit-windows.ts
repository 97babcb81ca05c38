import type { CanonicalEvent } from '../event.js';
import { timedEvents, windowSegment, type Closed, type Segment, type Window } from './segment.js';

/**
 * Segments for windows given by the caller (Flagon Distill's `create_segment`): one segment per window, in the
 * order given, holding the partition's timed events inside the window (`[start, end)` by default). Windows may
 * overlap; an event then belongs to each. Cost: O(n) to index, then O(log n + k) per window.
 *
 * @example explicitWindows([ev('a', 0), ev('b', 10)], [{ name: 'first', start: 0, end: 10 }], 'left')
 * // → [{ name: 'first', kind: 'explicit', start: 0, end: 10, count: 1, eventIds: ['a'] }]
 */
export function explicitWindows(events: readonly CanonicalEvent[], windows: readonly Window[], closed: Closed): Segment[] {
  const timed = timedEvents(events);
  return windows.map((w) => windowSegment(timed, w, 'explicit', closed));
}
