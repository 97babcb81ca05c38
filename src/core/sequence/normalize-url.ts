/** How {@link normalizeUrl} rewrites a URL. */
export interface UrlRules {
  /** `drop` the query string, `keep` it (parameters sorted by name), or keep only the listed parameters. */
  readonly query: 'drop' | 'keep' | readonly string[];
  readonly fragment: 'drop' | 'keep';
  /** Replace id-like path segments (numbers, UUIDs, hex or mixed tokens of 16+ characters) with `:id`. */
  readonly ids: boolean;
}

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{8,}$/i;
const DIGIT = /\d/;
const TOKEN = /^(?=.*\d)(?=.*[a-z])[A-Za-z0-9_-]{16,}$/i;

/** True for a path segment that looks like an identifier rather than a route name. */
export function isIdSegment(segment: string): boolean {
  return NUMBER.test(segment) || UUID.test(segment) || (HEX.test(segment) && DIGIT.test(segment)) || TOKEN.test(segment);
}

/**
 * Normalise a URL so that pages compare as routes: host lower-cased and default port dropped (WHATWG URL
 * parsing), query and fragment dropped or kept by rule, id-like path segments replaced by `:id`, a trailing
 * slash removed (except the root). Undefined when the value is not an absolute URL (the caller keeps the
 * original). Cost: one URL parse.
 *
 * @example normalizeUrl('https://Shop.Example.com/product/1234/?ref=ad#top', { query: 'drop', fragment: 'drop', ids: true })
 * // → 'https://shop.example.com/product/:id'
 */
export function normalizeUrl(value: string, rules: UrlRules): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.host === '' && url.protocol !== 'file:') return undefined;
  let path = url.pathname;
  if (rules.ids) path = path.split('/').map((s) => (s !== '' && isIdSegment(decodeSafe(s)) ? ':id' : s)).join('/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  let query = '';
  if (rules.query !== 'drop') {
    const keep = rules.query === 'keep' ? undefined : new Set(rules.query);
    const params = [...url.searchParams].filter(([k]) => keep === undefined || keep.has(k));
    params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (params.length > 0) query = `?${new URLSearchParams(params).toString()}`;
  }
  const hash = rules.fragment === 'keep' ? url.hash : '';
  return `${url.protocol}//${url.host}${path}${query}${hash}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
