import { test } from 'node:test';
import assert from 'node:assert/strict';
import Router from '@koa/router';
import { routerPath } from '../../src/server/route.js';
import { compileRoutes, routeMatch } from '../../src/server/route-table.js';
import { ROUTES } from '../../src/server/routes/index.js';

/** What @koa/router (the app's 404/405 source) would dispatch to: the first matching layer with a route method. */
function koaRouterMatch(router: Router, method: string, path: string): { path: string; params: Record<string, string> } | undefined {
  const layer = router.match(path, method).pathAndMethod[0];
  if (layer === undefined) return undefined;
  return { path: String(layer.path), params: layer.params(path, layer.captures(path), {}) };
}

test('the route table dispatches exactly as @koa/router matches: case, trailing slash, parameters and their decoding', () => {
  const router = new Router();
  for (const route of ROUTES) {
    if (route.method === 'GET') router.get(routerPath(route.path), () => {});
    else router.post(routerPath(route.path), () => {});
  }
  const table = compileRoutes(ROUTES);
  const paths = [
    ...ROUTES.map((r) => r.path.replace(/\{[^}]+\}/g, 'sample')),
    '/v1/health/',
    '/V1/HEALTH',
    '/v1/health//',
    '/v1/healthz',
    '/v1/sources/My%20Source/fields',
    '/v1/sources/a%2Fb/fields/',
    '/v1/sources/%E0%A4%A/fields',
    '/v1/sources//fields',
    '/v1/sources/a/b/fields',
    '/v1/operators/count-by',
    '/v1/operators/count-by/run',
    '/v1/operators/count-by/run/x',
    '/v1/pipelines/run',
    '/v1/pipelines/types/run',
    '/v1/pipelines/',
    '/openapi.json',
    '/openapiXjson',
    '/docs/',
    '/',
    '',
  ];
  let compared = 0;
  for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']) {
    for (const path of paths) {
      const ours = routeMatch(table, method, path);
      const theirs = koaRouterMatch(router, method, path);
      assert.deepEqual(ours === undefined ? undefined : { path: routerPath(ours.route.path), params: ours.params }, theirs, `${method} ${path}`);
      compared++;
    }
  }
  assert.equal(compared, 5 * paths.length);
  // Spot checks with exact values.
  assert.deepEqual(routeMatch(table, 'GET', '/V1/Sources/My%20Source/fields/')?.params, { name: 'My Source' });
  assert.deepEqual(routeMatch(table, 'GET', '/v1/sources/%E0%A4%A/fields')?.params, { name: '%E0%A4%A' });
  assert.equal(routeMatch(table, 'HEAD', '/v1/health')?.route.operationId, 'getHealth');
  assert.equal(routeMatch(table, 'POST', '/v1/health'), undefined);
});
