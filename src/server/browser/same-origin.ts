import { DistillError } from '../../core/errors.js';
import type { ServerContext } from '../server-deps.js';

/** The header the web app sends with every API call; a page on another site cannot add it without a preflight. */
export const APP_REQUEST_HEADER = 'X-Distill-App';

/**
 * Refuse a cookie-authenticated request that another site or origin could have made (cross-site request forgery).
 * Browsers send the session cookie (SameSite=Strict) only on requests from the same *site* — which still includes
 * pages on other ports of 127.0.0.1, such as a notebook server. So, additionally:
 * - `Origin`, when present, must be this server's own origin (`https://<Host>`), or `null` with
 *   `Sec-Fetch-Site: same-origin` (a form posted from a Distill page, which sends no referrer);
 * - `Sec-Fetch-Site`, when present, must be `same-origin` (or `none`: typed into the address bar) ;
 * - with `requireAppHeader` (every `/v1` API call), the request must carry {@link APP_REQUEST_HEADER}, which only a
 *   same-origin script can add (another origin would need a CORS preflight, which Distill never grants to cookies).
 *
 * @throws DistillError `forbidden` (403) naming the check that failed.
 */
export function assertSameOrigin(ctx: ServerContext, requireAppHeader: boolean): void {
  const own = `${ctx.protocol}://${ctx.host}`;
  const origin = ctx.get('Origin');
  const site = ctx.get('Sec-Fetch-Site');
  let reason: string | undefined;
  // `Origin: null` is what browsers send on a same-origin form POST from a page with `Referrer-Policy: no-referrer`
  // (every Distill page): then only `Sec-Fetch-Site: same-origin` vouches for it.
  if (origin === 'null' && site !== 'same-origin') reason = 'it came from an opaque origin (null) that the browser did not mark same-origin';
  else if (origin !== '' && origin !== 'null' && origin !== own) reason = `it came from another origin (${origin.slice(0, 100)})`;
  else if (site !== '' && site !== 'same-origin' && site !== 'none') reason = `the browser marked it as ${site}`;
  else if (requireAppHeader && ctx.get(APP_REQUEST_HEADER) === '') reason = `it lacks the ${APP_REQUEST_HEADER} header the Distill app sends`;
  if (reason === undefined) return;
  throw new DistillError('forbidden', `A request signed in with the browser session cookie was refused because ${reason}. Scripts and notebooks should send "Authorization: Bearer <token>" instead.`, {
    issues: [{ code: 'cross_site_request', path: ['headers', origin !== '' ? 'origin' : site !== '' ? 'sec-fetch-site' : APP_REQUEST_HEADER.toLowerCase()], message: 'Cookie-authenticated requests must come from the Distill app itself.' }],
  });
}
