/**
 * A request header's value read from Node's `rawHeaders` (name, value, name, value, …) by a case-insensitive scan:
 * `req.headers` is built on first access (every header lower-cased and merged), which middleware that needs one or
 * two headers of a small request can skip. Repeated headers follow Node's `req.headers`: `join` (for headers Node
 * joins, like `X-Request-Id`) gives `first, second`; otherwise the first value wins (`Authorization`, `Host`, …).
 * `undefined` when absent.
 *
 * @param lowerName the header name in lower case
 * @example rawHeader(['Host', 'a', 'X-Request-Id', 'r1'], 'x-request-id') // 'r1'
 */
export function rawHeader(rawHeaders: readonly string[], lowerName: string, join = false): string | undefined {
  const length = lowerName.length;
  let found: string | undefined;
  for (let i = 0; i < rawHeaders.length - 1; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length !== length || (name !== lowerName && name.toLowerCase() !== lowerName)) continue;
    const value = rawHeaders[i + 1]!;
    if (!join) return value;
    found = found === undefined ? value : `${found}, ${value}`;
  }
  return found;
}
