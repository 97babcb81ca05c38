import type { Middleware } from 'koa';
import type { RouteSpec } from './route.js';
import type { AppState, ServerContext, ServerEnv } from './server-deps.js';

/** A route compiled for dispatch: its method(s) and a matcher of its path template. */
interface CompiledRoute {
  readonly route: RouteSpec;
  readonly methods: ReadonlySet<string>;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * Match a request to a route the way the app's `@koa/router` does (case-insensitive, an optional trailing slash,
 * `{param}` = one non-empty path segment, percent-decoded when valid), without its per-request work (host check,
 * composing the matched layers, capture objects): measured ~6 µs of a small request. `@koa/router` still answers
 * what the table does not (404 and 405 with `Allow`, in `fallback.ts`); `test/server/route-table.test.ts` checks
 * that both agree on every route.
 *
 * @example routeMatch(compileRoutes(ROUTES), 'GET', '/v1/sources/sample/fields') // → { route, params: { name: 'sample' } }
 */
export function compileRoutes(routes: readonly RouteSpec[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)
      .map((part) => {
        if (part.startsWith('{') && part.endsWith('}')) {
          names.push(part.slice(1, -1));
          return '([^/#?]+?)';
        }
        return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      })
      .join('');
    return { route, methods: new Set(route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]), pattern: new RegExp(`^${source}[/#?]?$`, 'i'), names };
  });
}

/** The route a request goes to and its decoded parameters, or undefined. */
export function routeMatch(table: readonly CompiledRoute[], method: string, path: string): { route: RouteSpec; params: Record<string, string> } | undefined {
  for (const compiled of table) {
    if (!compiled.methods.has(method)) continue;
    const m = compiled.pattern.exec(path);
    if (m === null) continue;
    const params: Record<string, string> = {};
    compiled.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1]!);
    });
    return { route: compiled.route, params };
  }
  return undefined;
}

/** The routes as the app's last middleware: a matched route handles the request; anything else goes on (→ 404/405). */
export function routeTable(routes: readonly RouteSpec[], env: ServerEnv): Middleware<AppState> {
  const table = compileRoutes(routes);
  return (ctx, next) => {
    const matched = routeMatch(table, ctx.method, ctx.path);
    if (matched === undefined) return next();
    (ctx as ServerContext).params = matched.params;
    return matched.route.handle(ctx as ServerContext, env);
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
