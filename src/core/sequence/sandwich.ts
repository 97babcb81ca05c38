import type { CanonicalEvent } from '../event.js';
import type { Predicate } from '../query/compile-predicate.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { pairEvents, type PairOptions } from './pair-events.js';

export interface SandwichOptions extends PairOptions {
  /** Which events between the bookends count as filling; undefined: all. */
  readonly inner?: Predicate | undefined;
  /** Field the filling is counted by (for example `type`). */
  readonly countBy: string;
}

export interface Sandwich {
  readonly startId: string;
  readonly endId: string;
  readonly start: number | null;
  readonly end: number | null;
  /** `end - start` in ms (null when either is untimed). */
  readonly span: number | null;
  readonly innerCount: number;
  readonly innerIds: readonly string[];
  /** Filling counted by `countBy` value (missing values under `null`), keys in order of first appearance. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * "Sandwiches": events bookended by a start and a stop related by the `match` fields (same target, same session…),
 * paired first in, first out as in `pairEvents`. Each sandwich lists the events strictly between its bookends in
 * partition order (filtered by `inner`), their count, and counts by a field. Ordered by the stop's position.
 * Cost: O(n + total filling).
 *
 * @example sandwiches([ev('f', 0, { type: 'focus' }), ev('i', 1, { type: 'input' }), ev('b', 2, { type: 'blur' })], { start: isFocus, end: isBlur, match: [], countBy: 'type' })
 * // → [{ startId: 'f', endId: 'b', start: 0, end: 2, span: 2, innerCount: 1, innerIds: ['i'], counts: { input: 1 } }]
 */
export function sandwiches(events: readonly CanonicalEvent[], options: SandwichOptions): Sandwich[] {
  const get = fieldGetter(resolveFieldRef(options.countBy));
  return pairEvents(events, options).pairs.map(([i, j]) => {
    const innerIds: string[] = [];
    const counts: Record<string, number> = {};
    for (let k = i + 1; k < j; k++) {
      const e = events[k]!;
      if (options.inner !== undefined && !options.inner(e)) continue;
      innerIds.push(e.id);
      const v = get(e);
      const key = v === undefined || v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    const start = events[i]!.time ?? null;
    const end = events[j]!.time ?? null;
    return {
      startId: events[i]!.id,
      endId: events[j]!.id,
      start,
      end,
      span: start === null || end === null ? null : end - start,
      innerCount: innerIds.length,
      innerIds,
      counts,
    };
  });
}
