import type { Middleware } from 'koa';
import type Router from '@koa/router';
import { DistillError } from '../../core/errors.js';
import type { AppState } from '../server-deps.js';

/**
 * After the router: a path no route knows is 404; a known path with the wrong method is 405 with an `Allow`
 * header; a plain `OPTIONS` is answered with `Allow`. All as problem documents.
 */
export function fallback(router: Router<AppState>): Middleware<AppState> {
  return async (ctx, next) => {
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined || ctx.res.headersSent || ctx.respond === false) return;
    const matched = router.match(ctx.path, ctx.method);
    const allow = [...new Set(matched.path.flatMap((layer) => layer.methods))].filter((m) => m !== '').sort();
    if (allow.length === 0) {
      throw new DistillError('not_found', `No route ${ctx.method} ${ctx.path}. See GET /openapi.json or /docs for the routes.`, {
        issues: [{ code: 'unknown_route', path: ['path'], message: `Unknown path ${ctx.path}.` }],
      });
    }
    if (!allow.includes('OPTIONS')) allow.push('OPTIONS');
    allow.sort();
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', allow.join(', '));
      ctx.status = 204;
      return;
    }
    throw new DistillError('method_not_allowed', `${ctx.method} is not allowed on ${ctx.path}; use ${allow.filter((m) => m !== 'OPTIONS' && m !== 'HEAD').join(' or ')}.`, {
      issues: [{ code: 'method_not_allowed', path: ['method'], message: `Allowed: ${allow.join(', ')}.` }],
      details: { allow },
    });
  };
}
