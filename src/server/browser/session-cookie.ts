import type { ServerContext } from '../server-deps.js';

/**
 * Name of the session cookie on this server: `__Host-distill-<port>`. The `__Host-` prefix makes browsers accept
 * it only with `Secure`, `Path=/` and no `Domain` (so no other host or subdomain can set or shadow it); the port
 * keeps two Distill servers on one machine from overwriting each other's cookie (cookies ignore ports).
 */
export function sessionCookieName(ctx: ServerContext): string {
  const port = ctx.URL.port === '' ? '443' : ctx.URL.port;
  return `__Host-distill-${port}`;
}

/** The session id the browser sent, or undefined. */
export function readSessionCookie(ctx: ServerContext): string | undefined {
  const value = ctx.cookies.get(sessionCookieName(ctx));
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Set (or with `undefined`, clear) the session cookie: `HttpOnly` (page scripts cannot read it), `Secure` (HTTPS
 * only), `SameSite=Strict` (not sent on requests started by other sites), `Path=/`, no `Max-Age` (a browser
 * session cookie; the server also expires it after 12 hours).
 */
export function writeSessionCookie(ctx: ServerContext, id: string | undefined): void {
  ctx.cookies.set(sessionCookieName(ctx), id ?? '', {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    overwrite: true,
    ...(id === undefined ? { expires: new Date(0) } : {}),
  });
}
