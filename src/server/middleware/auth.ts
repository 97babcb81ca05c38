import type { Middleware } from 'koa';
import { DistillError } from '../../core/errors.js';
import { tokenVerifier } from '../token.js';
import type { AppState } from '../server-deps.js';

/**
 * Bearer-token authentication on every path except the public ones (health; /openapi.json and /docs when docs are
 * public). The token is compared in constant time (see {@link tokenVerifier}). Failures are 401 problems with a
 * `WWW-Authenticate: Bearer` challenge; the message says how to send the token, never what it is.
 */
export function auth(token: string, isPublic: (path: string) => boolean): Middleware<AppState> {
  const verify = tokenVerifier(token);
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    ctx.state.authenticated = match !== null && verify(match[1]!);
    if (ctx.state.authenticated || isPublic(ctx.path)) return next();
    throw new DistillError(
      'unauthorized',
      header === ''
        ? 'This route needs the bearer token: send "Authorization: Bearer <token>". `distill serve` prints where the token is stored.'
        : 'The bearer token is not valid. Send the token `distill serve` printed (or the DISTILL_TOKEN it was started with) as "Authorization: Bearer <token>".',
      { issues: [{ code: header === '' ? 'missing_token' : 'invalid_token', path: ['headers', 'authorization'], message: 'Send "Authorization: Bearer <token>".' }] },
    );
  };
}
