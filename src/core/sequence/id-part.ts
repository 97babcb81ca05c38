/**
 * One component of a readable, collision-free id (session ids, segment names): the value percent-encoded as by
 * `encodeURIComponent`, so a `/` inside a value can never be mistaken for the separator, and a missing value
 * (undefined, null, empty string) written `∅` — a character `encodeURIComponent` always encodes, so no present
 * value produces it. Ids built from the same number of components are therefore equal only when every component
 * is equal.
 *
 * Cost: O(length of the value).
 *
 * @example idPart('chloe.a') // → 'chloe.a'
 * @example idPart('a/b') // → 'a%2Fb'
 * @example idPart(null) // → '∅'
 */
export function idPart(value: unknown): string {
  if (value === undefined || value === null || value === '') return MISSING;
  if (Array.isArray(value) && value.length === 0) return MISSING;
  return encodeURIComponent(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** The component written for a missing value. */
export const MISSING = '∅';
