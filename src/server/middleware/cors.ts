import type { Middleware } from 'koa';
import type { AppState, ServerEnv } from '../server-deps.js';

/** Response headers a browser client may read. */
export const EXPOSED_HEADERS = ['X-Request-Id', 'Distill-Next-Cursor', 'Link', 'Retry-After', 'WWW-Authenticate'];

/**
 * CORS for notebook front ends (JupyterLab in a browser, dashboards), off unless origins are listed. Only exact
 * origins on the allow-list get `Access-Control-Allow-Origin` (echoed, never `*`); preflights from them are
 * answered here, before authentication (browsers send no Authorization header on a preflight). No credentials mode:
 * the token travels in the Authorization header, never in cookies.
 */
export function cors(env: ServerEnv): Middleware<AppState> {
  const handle: Middleware<AppState> = async (ctx, next) => {
    ctx.vary('Origin');
    const origin = ctx.get('Origin');
    if (origin === '' || !env.cors.has(origin)) return next();
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '') {
      ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, X-Request-Id');
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    await next();
  };
  return (ctx, next) => (env.cors.size === 0 ? next() : handle(ctx, next));
}
