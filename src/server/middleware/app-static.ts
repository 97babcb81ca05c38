import type { Middleware } from 'koa';
import { DistillError } from '../../core/errors.js';
import type { AppFile } from '../browser/app-files.js';
import type { AppState } from '../server-deps.js';

/** Where the web app lives on the server. */
export const APP_PATH = '/app/';

/**
 * Content-Security-Policy of the web app: scripts, styles and data only from this server (no CDN, no inline
 * script), images also from `data:`/`blob:` (PNG export), nothing may frame it.
 */
export const APP_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Before authentication: `GET /` and `GET /app` redirect (302) to `/app/`, keeping the query (the view state). */
export function appRedirects(): Middleware<AppState> {
  return (ctx, next) => {
    if ((ctx.path !== '/' && ctx.path !== '/app') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.status = 302;
    ctx.redirect(APP_PATH + (ctx.querystring === '' ? '' : `?${ctx.querystring}`));
    return Promise.resolve();
  };
}

/**
 * Serve the built web app under {@link APP_PATH} (after authentication: the session cookie or the bearer token).
 * `/app/` and `/app/?<view state>` are `index.html`; `/app/<file>` a file of the build, from memory. Unknown files
 * are 404 problems; when the app was not built, `/app/` says how to build it.
 */
export function appStatic(files: ReadonlyMap<string, AppFile> | undefined): Middleware<AppState> {
  const serve: Middleware<AppState> = async (ctx) => {
    if (files === undefined) {
      throw new DistillError('not_found', 'The web app is not built into this server: run `npm run build:app` (the executables and the npm package carry it built).', {
        issues: [{ code: 'app_not_built', path: ['path'], message: 'Build the app with npm run build:app.' }],
      });
    }
    const name = ctx.path === APP_PATH ? 'index.html' : ctx.path.slice(APP_PATH.length);
    const file = files.get(name);
    if (file === undefined) {
      throw new DistillError('not_found', `The app has no file ${name}.`, { issues: [{ code: 'unknown_file', path: ['path'], message: `Unknown file ${ctx.path}.` }] });
    }
    ctx.set('Content-Security-Policy', APP_CSP);
    ctx.type = file.type;
    ctx.body = file.bytes;
  };
  return (ctx, next) => (!ctx.path.startsWith(APP_PATH) || (ctx.method !== 'GET' && ctx.method !== 'HEAD') ? next() : serve(ctx, next));
}
