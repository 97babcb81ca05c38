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

/**
 * Order strings by Unicode code point — the order of their UTF-8 bytes, which is how Elasticsearch orders keyword
 * values — rather than by UTF-16 code unit (JavaScript's `<`). The two differ only when a character above U+FFFF
 * (a surrogate pair: emoji) meets one in U+E000–U+FFFF. Cost: a scan to the first differing code unit.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate stands for a code point above U+FFFF, after every single-unit character.
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
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
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}
