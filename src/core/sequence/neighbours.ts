import type { CanonicalEvent } from '../event.js';
import type { Predicate } from '../query/compile-predicate.js';

export interface NeighbourOptions {
  /** The events being tested; every other event is always kept. */
  readonly target: Predicate;
  /** What counts as a neighbour. */
  readonly neighbour: Predicate;
  /** Look at events before (earlier in partition order), after, or either side. */
  readonly direction: 'before' | 'after' | 'either';
  /** Neighbour at most this many ms away (inclusive); needs both times. Undefined: no time limit. */
  readonly within?: number | undefined;
  /** Neighbour at most this many events away (1 = adjacent). Undefined: no count limit. */
  readonly count?: number | undefined;
  /** Keep a tested event when a neighbour is `present` (and drop it otherwise), or when one is `absent`. */
  readonly keepWhen: 'present' | 'absent';
}

/**
 * Keep or drop events by what happens around them, e.g. drop a file-save with no click or key event in the 2 s
 * before it: `{ target: type = save, neighbour: type in [click, keydown], direction: 'before', within: 2000,
 * keepWhen: 'present' }`. "Before" and "after" are positions in partition order (time, then source order), so
 * an event at the same millisecond but earlier in the log is before; an event is never its own neighbour. Only
 * the nearest neighbour on each side needs checking (it is the nearest in time and in count). With `within`,
 * an untimed event has no neighbour in time. Returns one keep flag per position. Cost: O(n).
 *
 * @example neighbourMask([ev('c', 0, { type: 'click' }), ev('s', 1500, { type: 'save' }), ev('s2', 9000, { type: 'save' })], { target: isSave, neighbour: isClick, direction: 'before', within: 2000, keepWhen: 'present' })
 * // → [true, true, false]
 */
export function neighbourMask(events: readonly CanonicalEvent[], options: NeighbourOptions): boolean[] {
  const n = events.length;
  const isNeighbour = events.map((e) => options.neighbour(e));
  const prev = new Array<number>(n).fill(-1);
  const next = new Array<number>(n).fill(-1);
  let last = -1;
  for (let i = 0; i < n; i++) {
    prev[i] = last;
    if (isNeighbour[i]) last = i;
  }
  last = -1;
  for (let i = n - 1; i >= 0; i--) {
    next[i] = last;
    if (isNeighbour[i]) last = i;
  }
  const near = (i: number, j: number): boolean => {
    if (j < 0) return false;
    if (options.count !== undefined && Math.abs(j - i) > options.count) return false;
    if (options.within !== undefined) {
      const a = events[i]!.time;
      const b = events[j]!.time;
      if (a === undefined || b === undefined || Math.abs(b - a) > options.within) return false;
    }
    return true;
  };
  const want = options.keepWhen === 'present';
  return events.map((e, i) => {
    if (!options.target(e)) return true;
    const present =
      (options.direction !== 'after' && near(i, prev[i]!)) || (options.direction !== 'before' && near(i, next[i]!));
    return present === want;
  });
}
