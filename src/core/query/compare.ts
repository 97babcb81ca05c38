/**
 * Value semantics shared by every back end, chosen to match Elasticsearch so that the in-memory predicate and
 * the compiled DSL return the same events:
 * - a field holding an array matches when any element matches (multi-valued fields);
 * - null, undefined, `[]` and `{}` are "missing"; `exists` is false for them;
 * - equality is loose across types: 5 equals "5", true equals "true" (keyword and numeric mappings coerce);
 * - ranges compare numbers numerically (numeric strings count as numbers) and strings lexically (UTF-16 order).
 */

/** The values a field holds: [] when missing, the elements of an array, else the value itself. */
export function valuesOf(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return EMPTY;
  if (Array.isArray(value)) return flatValues(value);
  if (typeof value === 'object' && isEmptyObject(value)) return EMPTY;
  return [value];
}

const EMPTY: readonly unknown[] = Object.freeze([]);

function flatValues(array: readonly unknown[]): readonly unknown[] {
  // Fast path: an array of scalars (UserALE `path`) is returned as it is, without copying.
  for (const v of array) {
    if (v === null || v === undefined || typeof v === 'object') {
      return array.flat(Infinity).filter((x) => x !== null && x !== undefined && !(typeof x === 'object' && isEmptyObject(x)));
    }
  }
  return array;
}

function isEmptyObject(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/** Loose scalar equality (see module doc). */
export function looseEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === tb) return false;
  if (ta === 'number' && tb === 'string') return numericText(b as string) === a;
  if (ta === 'string' && tb === 'number') return numericText(a as string) === b;
  if (ta === 'boolean' && tb === 'string') return String(a) === b;
  if (ta === 'string' && tb === 'boolean') return a === String(b);
  return false;
}

/** The number a string spells, or undefined (`"5"` → 5, `"5a"` → undefined). */
export function numericText(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Order two scalars for a range test: a negative, zero or positive number, or `undefined` when they are not
 * comparable (a number against a non-numeric string, objects, booleans against numbers).
 */
export function compareScalars(a: unknown, b: unknown): number | undefined {
  const na = typeof a === 'number' ? a : typeof a === 'string' && typeof b === 'number' ? numericText(a) : undefined;
  const nb = typeof b === 'number' ? b : typeof b === 'string' && typeof a === 'number' ? numericText(b) : undefined;
  if (na !== undefined && nb !== undefined) return na - nb;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}
