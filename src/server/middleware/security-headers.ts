import type { Middleware } from 'koa';
import type { AppState, ServerEnv } from '../server-deps.js';

/**
 * Headers on every response: nothing is cached anywhere (Distill keeps no copies of transformed data, and neither
 * should a proxy or browser), no MIME sniffing, no referrer, no framing. During shutdown, `Connection: close` so
 * keep-alive clients reconnect elsewhere.
 */
export function securityHeaders(env: ServerEnv): Middleware<AppState> {
  return async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    if (env.shuttingDown) ctx.set('Connection', 'close');
    await next();
  };
}
