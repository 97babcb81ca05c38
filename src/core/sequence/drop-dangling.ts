import type { CanonicalEvent } from '../event.js';
import { pairEvents, type PairOptions } from './pair-events.js';

/** Why an event is dangling. */
export type Dangling = 'start' | 'end';

/**
 * Find dangling events: starts never ended and ends with no open start, paired as in `pairEvents` (per match key,
 * first in first out). Returns, by position, `'start'`, `'end'` or undefined; the caller drops or annotates them.
 * A start left open because the page closed and its final logs were lost is dangling — exactly the case this is
 * for. Cost: O(n).
 *
 * @example danglingEvents([ev('f', 0, { type: 'focus' }), ev('b', 1, { type: 'blur' }), ev('b2', 2, { type: 'blur' })], { start: isFocus, end: isBlur, match: [] })
 * // → [undefined, undefined, 'end']
 */
export function danglingEvents(events: readonly CanonicalEvent[], options: PairOptions): (Dangling | undefined)[] {
  const { danglingStarts, danglingEnds } = pairEvents(events, options);
  const out = new Array<Dangling | undefined>(events.length).fill(undefined);
  for (const i of danglingStarts) out[i] = 'start';
  for (const i of danglingEnds) out[i] = 'end';
  return out;
}
