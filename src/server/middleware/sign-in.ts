import type { Middleware } from 'koa';
import { DistillError } from '../../core/errors.js';
import type { BrowserSessions } from '../browser/browser-sessions.js';
import { assertSameOrigin } from '../browser/same-origin.js';
import { readSessionCookie, writeSessionCookie } from '../browser/session-cookie.js';
import { SIGN_IN_CSP, signInPage } from '../browser/sign-in-page.js';
import type { AppState, ServerContext } from '../server-deps.js';
import { tokenVerifier } from '../token.js';

/** Where a browser lands after signing in when no `next` was given. */
export const DEFAULT_LANDING = '/app/';
const FORM_LIMIT = 8 * 1024;

/**
 * Browser sign-in, the way Jupyter does it, before authentication (these paths need no token):
 * - `GET /login?secret=<one-time secret>[&next=/path]`: the address `distill serve` prints. A valid secret is used
 *   up, a session opens, the `HttpOnly; Secure; SameSite=Strict` cookie is set and the browser is sent (303) to
 *   `next` — an address without the secret. An unknown or used secret gets the sign-in page (401).
 * - `GET /login`: the sign-in page (or straight on to `next` when the browser already has a session).
 * - `POST /login` (form `token`, `next`): sign in with the bearer token; same-origin only.
 * - `POST /logout`: end the session, clear the cookie; same-origin only.
 * `next` must be a path on this server (`/…`, not `//…`), else it is {@link DEFAULT_LANDING}.
 */
export function signIn(sessions: BrowserSessions, token: string): Middleware<AppState> {
  const verify = tokenVerifier(token);
  const handle: Middleware<AppState> = async (ctx) => {
    const landing = safeNext(ctx.method === 'POST' ? undefined : ctx.query.next);
    if (ctx.path === '/logout') {
      if (ctx.method !== 'POST') throw notAllowed(ctx, ['POST']);
      assertSameOrigin(ctx, false);
      const id = readSessionCookie(ctx);
      if (id !== undefined) sessions.close(id);
      writeSessionCookie(ctx, undefined);
      ctx.status = 303;
      ctx.redirect('/login');
      return;
    }
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      const secret = ctx.query.secret;
      if (typeof secret === 'string' && secret !== '') {
        if (sessions.redeemSecret(secret)) return openSession(ctx, sessions, landing);
        return page(ctx, 401, 'This sign-in address has already been used or is not valid (each one works once).', landing);
      }
      const id = readSessionCookie(ctx);
      if (id !== undefined && sessions.check(id)) {
        ctx.status = 303;
        ctx.redirect(landing);
        return;
      }
      return page(ctx, 200, 'This browser is not signed in yet.', landing);
    }
    if (ctx.method !== 'POST') throw notAllowed(ctx, ['GET', 'HEAD', 'POST']);
    assertSameOrigin(ctx, false);
    const form = await readForm(ctx);
    const target = safeNext(form.get('next') ?? undefined);
    const presented = form.get('token') ?? '';
    if (presented !== '' && verify(presented.trim())) return openSession(ctx, sessions, target);
    return page(ctx, 401, 'That token is not the one this server uses. Check it and try again.', target);
  };
  return (ctx, next) => (ctx.path !== '/login' && ctx.path !== '/logout' ? next() : handle(ctx, next));
}

function openSession(ctx: ServerContext, sessions: BrowserSessions, landing: string): void {
  writeSessionCookie(ctx, sessions.open());
  ctx.status = 303;
  ctx.redirect(landing);
}

function page(ctx: ServerContext, status: number, reason: string, next: string): void {
  ctx.status = status;
  ctx.set('Content-Security-Policy', SIGN_IN_CSP);
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = signInPage({ reason, next });
}

/** A path on this server to go to next, or {@link DEFAULT_LANDING}. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\s\0]/.test(value)) return DEFAULT_LANDING;
  return value.length > 2000 ? DEFAULT_LANDING : value;
}

async function readForm(ctx: ServerContext): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT) throw new DistillError('payload_too_large', `The sign-in form is larger than ${FORM_LIMIT} bytes.`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function notAllowed(ctx: ServerContext, allow: string[]): DistillError {
  return new DistillError('method_not_allowed', `${ctx.method} is not allowed on ${ctx.path}; use ${allow.join(' or ')}.`, {
    issues: [{ code: 'method_not_allowed', path: ['method'], message: `Allowed: ${allow.join(', ')}.` }],
    details: { allow: [...allow, 'OPTIONS'].sort() },
  });
}
