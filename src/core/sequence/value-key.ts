/**
 * A string key for a value, equal for equal values and different for different ones: types are kept apart (5 and
 * "5" differ), `null` and `undefined` (missing) are one key, arrays and objects compare by their JSON with sorted
 * object keys. Used wherever events are grouped or compared on fields (collapse-repeats, pairing keys).
 *
 * Cost: O(size of the value).
 *
 * @example valueKey(5) === valueKey('5') // → false
 * @example valueKey(null) === valueKey(undefined) // → true
 */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null) return '~';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${value}`;
    case 'boolean':
      return value ? 'T' : 'F';
    default:
      return `j${stableJson(value)}`;
  }
}

/**
 * `valueKey(a) === valueKey(b)` without building the keys for primitives (the common case): identical values, two
 * missing values, two NaNs; objects and arrays fall back to their keys. Cost: O(1) for primitives.
 *
 * @example sameValueKey(5, '5') // → false
 * @example sameValueKey(null, undefined) // → true
 */
export function sameValueKey(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aMissing = a === undefined || a === null;
  const bMissing = b === undefined || b === null;
  if (aMissing || bMissing) return aMissing && bMissing;
  if (typeof a !== 'object' && typeof b !== 'object') return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  return valueKey(a) === valueKey(b);
}

/** The key of several values (a tuple). */
export function tupleKey(values: readonly unknown[]): string {
  if (values.length === 1) return valueKey(values[0]);
  return JSON.stringify(values.map(valueKey));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
