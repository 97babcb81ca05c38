import type { CanonicalEvent } from '../event.js';
import { compareStrings, valuesOf } from './compare.js';
import { fieldGetter, resolveFieldRef } from './field-ref.js';
import type { SortSpec } from './query-schema.js';

/**
 * Compile sort keys to a comparator over canonical events, with Elasticsearch's conventions so back ends agree:
 * missing values sort last in both directions; a multi-valued field sorts by its minimum ascending and its
 * maximum descending; numbers sort before strings, strings before booleans. Ties keep input order (the sort is
 * stable), which is Distill's tie policy for events sharing a timestamp: source order decides.
 *
 * @example events.sort(compileSort([{ field: 'user', order: 'asc' }, { field: 'time', order: 'asc' }]))
 */
export function compileSort<T = CanonicalEvent>(
  specs: readonly SortSpec[],
  getterFor: (field: string) => (record: T) => unknown = (field) =>
    fieldGetter(resolveFieldRef(field)) as (record: T) => unknown,
): (a: T, b: T) => number {
  const keys = specs.map((s) => ({ get: getterFor(s.field), desc: s.order === 'desc' }));
  return (a, b) => {
    for (const { get, desc } of keys) {
      const c = compareSortValues(sortValue(get(a), desc), sortValue(get(b), desc), desc);
      if (c !== 0) return c;
    }
    return 0;
  };
}

type SortValue = number | string | boolean | undefined;

/** The single value a field sorts by (min ascending, max descending), or undefined when missing. */
export function sortValue(value: unknown, desc: boolean): SortValue {
  let best: SortValue;
  for (const x of valuesOf(value)) {
    if (typeof x !== 'number' && typeof x !== 'string' && typeof x !== 'boolean') continue;
    if (best === undefined || (desc ? rank(x, best) > 0 : rank(x, best) < 0)) best = x;
  }
  return best;
}

function typeRank(v: number | string | boolean): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
}

function rank(a: number | string | boolean, b: number | string | boolean): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta - tb;
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  return compareStrings(a, b as string);
}

/** Compare two sort values; missing last whatever the direction. */
export function compareSortValues(a: SortValue, b: SortValue, desc: boolean): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  const c = rank(a, b);
  return desc ? -c : c;
}
