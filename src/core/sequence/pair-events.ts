import type { CanonicalEvent } from '../event.js';
import type { Predicate } from '../query/compile-predicate.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { tupleKey } from './value-key.js';

export interface PairOptions {
  readonly start: Predicate;
  readonly end: Predicate;
  /** A start and an end pair only when equal on these fields (for example `target`). */
  readonly match: readonly string[];
}

export interface PairResult {
  /** Matched pairs as positions `[start, end]`, ordered by their end. */
  readonly pairs: readonly (readonly [number, number])[];
  /** Positions of starts never ended, in order. */
  readonly danglingStarts: readonly number[];
  /** Positions of ends with no open start, in order. */
  readonly danglingEnds: readonly number[];
}

/**
 * Pair start and end events of one partition (the shared core of `intervals`, `drop-dangling` and `sandwich`).
 * Walking in partition order, a start opens an interval for its match key; an end closes the oldest open start
 * with the same key (first in, first out — a second start before an end, as UserALE's duplicate focus logs
 * produce, gives two pairs when two ends follow, else one pair and one dangling start). An event matching both
 * conditions closes an open start if there is one, else opens. Untimed events take part in partition order
 * (they come last). Cost: O(n) time, O(open starts) memory.
 *
 * @example pairEvents([ev('f', 0, { type: 'focus' }), ev('b', 5, { type: 'blur' }), ev('x', 6, { type: 'blur' })], { start: isFocus, end: isBlur, match: [] })
 * // → { pairs: [[0, 1]], danglingStarts: [], danglingEnds: [2] }
 */
export function pairEvents(events: readonly CanonicalEvent[], options: PairOptions): PairResult {
  const getters = options.match.map((f) => fieldGetter(resolveFieldRef(f)));
  const open = new Map<string, number[]>();
  const pairs: [number, number][] = [];
  const danglingEnds: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const isStart = options.start(e);
    const isEnd = options.end(e);
    if (!isStart && !isEnd) continue;
    const key = getters.length === 0 ? '' : tupleKey(getters.map((g) => g(e)));
    const queue = open.get(key);
    if (isEnd && queue !== undefined && queue.length > 0) {
      pairs.push([queue.shift()!, i]);
      continue;
    }
    if (isStart) {
      if (queue === undefined) open.set(key, [i]);
      else queue.push(i);
    } else danglingEnds.push(i);
  }
  const danglingStarts = [...open.values()].flat().sort((a, b) => a - b);
  return { pairs, danglingStarts, danglingEnds };
}
