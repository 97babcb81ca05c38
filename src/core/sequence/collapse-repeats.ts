import type { CanonicalEvent } from '../event.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { sameValueKey } from './value-key.js';

export interface CollapseOptions {
  /** Events are repeats when equal on all these fields (roles or document paths; missing equals missing). */
  readonly fields: readonly string[];
  /** Largest time step (ms) between consecutive repeats; undefined: no limit. A step exactly equal still merges. */
  readonly within?: number | undefined;
}

/** A run of repeats: the positions of its first and last event, how many, and their times. */
export interface RepeatRun {
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly firstTime: number | undefined;
  readonly lastTime: number | undefined;
  readonly lastId: string;
}

/**
 * Merge consecutive events (partition order) equal on the chosen fields into runs: the run continues while the
 * next event has the same values and, with `within`, follows the previous one by at most `within` ms. Values
 * compare by type and content (5 and "5" differ; objects by content). Untimed events are never merged with timed
 * ones; with `within` set they are not merged at all (no time to check). UserALE's duplicate focus/blur pair at
 * the same millisecond collapses with `fields: ['type', 'target']` (add `details.window` to keep them apart).
 * Cost: O(n · fields).
 *
 * @example collapseRepeats([ev('a', 0, { type: 'scroll' }), ev('b', 5, { type: 'scroll' }), ev('c', 6, { type: 'click' })], { fields: ['type'] })
 * // → [{ first: 0, last: 1, count: 2, firstTime: 0, lastTime: 5, lastId: 'b' }, { first: 2, last: 2, count: 1, firstTime: 6, lastTime: 6, lastId: 'c' }]
 */
export function collapseRepeats(events: readonly CanonicalEvent[], options: CollapseOptions): RepeatRun[] {
  const getters = options.fields.map((f) => fieldGetter(resolveFieldRef(f)));
  const within = options.within;
  const runs: RepeatRun[] = [];
  let run: { first: number; last: number; count: number; firstTime: number | undefined; lastTime: number | undefined; lastId: string } | undefined;
  // The values of the run's first event: an event joins when equal on every field (valueKey equality).
  let runValues: unknown[] = [];
  const values: unknown[] = new Array<unknown>(getters.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    for (let f = 0; f < getters.length; f++) values[f] = getters[f]!(e);
    const t = e.time;
    const joins =
      run !== undefined &&
      sameValues(values, runValues) &&
      (t === undefined) === (run.lastTime === undefined) &&
      (within === undefined || (t !== undefined && run.lastTime !== undefined && t - run.lastTime <= within));
    if (joins) {
      run!.last = i;
      run!.count++;
      run!.lastTime = t;
      run!.lastId = e.id;
    } else {
      if (run !== undefined) runs.push(run);
      run = { first: i, last: i, count: 1, firstTime: t, lastTime: t, lastId: e.id };
      runValues = [...values];
    }
  }
  if (run !== undefined) runs.push(run);
  return runs;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (!sameValueKey(a[i], b[i])) return false;
  return true;
}
