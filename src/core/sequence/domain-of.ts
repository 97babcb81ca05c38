/**
 * The host of a URL, lower-cased, without port (`https://Shop.Example.com:8443/x` → `shop.example.com`); undefined
 * when the value is not an absolute URL. Cost: one `URL` parse.
 *
 * @example domainOf('https://shop.example.com/cart?x=1') // → 'shop.example.com'
 * @example domainOf('not a url') // → undefined
 */
export function domainOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}
