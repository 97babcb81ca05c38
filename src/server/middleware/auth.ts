import type { Middleware } from 'koa';
import { DistillError } from '../../core/errors.js';
import type { BrowserSessions } from '../browser/browser-sessions.js';
import { assertSameOrigin } from '../browser/same-origin.js';
import { readSessionCookie } from '../browser/session-cookie.js';
import { SIGN_IN_CSP, signInPage } from '../browser/sign-in-page.js';
import { rawHeader } from '../raw-header.js';
import { tokenVerifier } from '../token.js';
import type { AppState, ServerContext } from '../server-deps.js';

/**
 * Authentication on every path except the public ones (health; /openapi.json and /docs when docs are public):
 * - `Authorization: Bearer <token>` (scripts, notebooks), compared in constant time (see {@link tokenVerifier});
 *   a wrong token is refused even when a cookie is also sent;
 * - else the browser session cookie (see `sign-in.ts`), when `sessions` are given. Cookie-authenticated API calls
 *   (`/v1/…`) and any non-GET must pass {@link assertSameOrigin} (403 `forbidden` otherwise); pages (`/app/`,
 *   `/docs`, `/openapi.json`) open with the cookie alone.
 * Failures are 401 problems with a `WWW-Authenticate: Bearer` challenge; a browser navigating to a page gets the
 * plain-words sign-in page (401, HTML) instead. Messages say how to send the token, never what it is.
 */
export function auth(token: string, isPublic: (path: string) => boolean, sessions?: BrowserSessions): Middleware<AppState> {
  const verify = tokenVerifier(token);
  return async (ctx, next) => {
    const header = rawHeader(ctx.req.rawHeaders, 'authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    ctx.state.authenticated = match !== null && verify(match[1]!);
    if (!ctx.state.authenticated && header === '' && sessions !== undefined) {
      const id = readSessionCookie(ctx);
      if (id !== undefined && sessions.check(id)) {
        const api = ctx.path.startsWith('/v1/');
        if (api || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) assertSameOrigin(ctx, api);
        ctx.state.authenticated = true;
      }
    }
    if (ctx.state.authenticated || isPublic(ctx.path)) return next();
    if (sessions !== undefined && header === '' && wantsPage(ctx)) {
      ctx.status = 401;
      ctx.set('Content-Security-Policy', SIGN_IN_CSP);
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = signInPage({ reason: 'This page needs you to sign in first.', next: ctx.originalUrl });
      return;
    }
    throw new DistillError(
      'unauthorized',
      header === ''
        ? 'This route needs the bearer token: send "Authorization: Bearer <token>". `distill serve` prints where the token is stored.'
        : 'The bearer token is not valid. Send the token `distill serve` printed (or the DISTILL_TOKEN it was started with) as "Authorization: Bearer <token>".',
      { issues: [{ code: header === '' ? 'missing_token' : 'invalid_token', path: ['headers', 'authorization'], message: 'Send "Authorization: Bearer <token>".' }] },
    );
  };
}

/**
 * A browser opening a page (not a script asking for data): GET/HEAD of a page path whose Accept names HTML
 * explicitly. Data routes (`/v1/…`, `/openapi.json`) always answer with a problem document, whatever the browser
 * asks for, so every 4xx of the API keeps one shape.
 */
function wantsPage(ctx: ServerContext): boolean {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return false;
  if (ctx.path.startsWith('/v1/') || ctx.path === '/openapi.json') return false;
  if (ctx.get('Sec-Fetch-Dest') === 'document') return true;
  return /\btext\/html\b/.test(ctx.get('Accept'));
}
