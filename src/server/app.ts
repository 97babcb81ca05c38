import Koa from 'koa';
import Router from '@koa/router';
import { buildOpenApi } from './openapi/build-openapi.js';
import { renderDocs } from './openapi/render-docs.js';
import { auth } from './middleware/auth.js';
import { cors } from './middleware/cors.js';
import { fallback } from './middleware/fallback.js';
import { requestFrame } from './middleware/request-frame.js';
import { runSlots } from './middleware/run-slots.js';
import { appRedirects, appStatic } from './middleware/app-static.js';
import { signIn } from './middleware/sign-in.js';
import { loadAppFiles } from './browser/app-files.js';
import { BrowserSessions } from './browser/browser-sessions.js';
import { getAssetsDir } from '../config/assets.js';
import path from 'node:path';
import { routerPath, type RouteSpec } from './route.js';
import { routeTable } from './route-table.js';
import { ROUTES } from './routes/index.js';
import { guide, isGuidePath } from './routes/guide.js';
import { normalizeDeps, type AppState, type ServerDeps, type ServerEnv } from './server-deps.js';
import type { WorkTracker } from './work-tracker.js';

/** The Koa app with what the listener and tests need beside it. */
export interface DistillApp extends Koa<AppState> {
  /** Requests in flight (shutdown aborts and awaits them). */
  readonly work: WorkTracker;
  readonly router: Router<AppState>;
  readonly serverEnv: ServerEnv;
  /** The OpenAPI document the app serves. */
  readonly openapi: Record<string, unknown>;
  /** Browser sign-in: `issueSecret()` makes the one-time secret of a `/login?secret=` address. */
  readonly browser: BrowserSessions;
}

/**
 * Build the REST app over a Distill instance. It never listens: `listen()` (listen.ts) serves it over HTTPS, tests
 * and benchmarks do the same on port 0. Middleware, outermost first: the request frame (request id, security headers,
 * problem documents, abort/timeout, access log: `middleware/request-frame.ts`) → CORS → `/` and `/app` redirects →
 * browser sign-in (/login, /logout) → bearer or cookie auth → the web app (/app/) → run slots (503 beyond
 * maxConcurrentRuns) → the documentation site (/guide/) → routes → 404/405. The middlewares that serve only some
 * paths test the path first and pass the others on without an `async` frame of their own.
 *
 * @example
 * const app = createApp({ distill: await openDistill(), token, logger: createLogger(process.stderr) });
 * const server = await listen(app, { host: '127.0.0.1', port: 0, cert, key });
 */
export function createApp(deps: ServerDeps, routes: readonly RouteSpec[] = ROUTES): DistillApp {
  const env = normalizeDeps(deps);
  // The OpenAPI document and the docs page are built on first use, not at start: converting every operator's zod
  // schema costs about a third of a cold start, and most runs never ask for them.
  let openapi: Record<string, unknown> | undefined;
  let openapiJson: string | undefined;
  let docsHtml: string | undefined;
  const document = (): Record<string, unknown> => (openapi ??= buildOpenApi(routes, env.distill.registry, { publicDocs: env.publicDocs }));
  env.documents = {
    get openapiJson(): string {
      return (openapiJson ??= JSON.stringify(document()));
    },
    get docsHtml(): string {
      return (docsHtml ??= renderDocs(document()));
    },
  };

  // The router answers 404/405 (fallback.ts); requests are dispatched by the route table, which matches the same way.
  const router = new Router<AppState>();
  for (const route of routes) {
    const handler = (ctx: Parameters<RouteSpec['handle']>[0]): Promise<void> => route.handle(ctx, env);
    if (route.method === 'GET') router.get(routerPath(route.path), handler);
    else router.post(routerPath(route.path), handler);
  }
  const publicPaths = new Set(
    routes.filter((r) => r.access === 'always' || (r.access === 'docs' && env.publicDocs)).map((r) => r.path),
  );

  const browser = new BrowserSessions(env.now);
  const appFiles = loadAppFiles(deps.appDir ?? path.join(getAssetsDir(), 'app'));

  const app = new Koa<AppState>({ proxy: false }) as unknown as DistillApp;
  app.silent = true; // errors are answered and logged by the middleware below, never printed with a stack
  app.on('error', (error: Error) => env.logger.debug('koa error', { message: error.message }));
  app
    .use(requestFrame(env))
    .use(cors(env))
    .use(appRedirects())
    .use(signIn(browser, deps.token))
    .use(auth(deps.token, (p) => publicPaths.has(p.length > 1 ? p.replace(/\/+$/, '') : p) || (env.publicDocs && isGuidePath(p)), browser))
    .use(appStatic(appFiles))
    .use(runSlots(env))
    .use(guide(deps.siteDir))
    .use(fallback(router))
    .use(routeTable(routes, env));
  Object.assign(app, { work: env.work, router, serverEnv: env, browser });
  Object.defineProperty(app, 'openapi', { get: document, enumerable: true });
  return app;
}
