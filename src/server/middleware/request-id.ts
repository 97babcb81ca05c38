import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from '../server-deps.js';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Give every request an id: the caller's `X-Request-Id` when it is a sane token (letters, digits, `._:-`, at most
 * 128), else a new UUID. Echoed in the `X-Request-Id` response header, the access log and problem documents, so a
 * notebook's failed call can be found in the server's log.
 */
export function requestId(): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    ctx.state.requestId = VALID.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
