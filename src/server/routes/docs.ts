import { DOCS_CSP } from '../openapi/render-docs.js';
import type { RouteSpec } from '../route.js';

export const docsRoute: RouteSpec = {
  method: 'GET',
  path: '/docs',
  operationId: 'getDocs',
  summary: 'The API reference as one offline HTML page.',
  description: 'Rendered from the OpenAPI document on the server: every route, parameter, body schema and response, every operator with its params, curl and Python examples. It loads nothing from anywhere (no scripts, stylesheets or fonts), so it works without internet.',
  tag: 'Service',
  access: 'docs',
  doc: () => ({ responses: { '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } }, problems: [] }),
  async handle(ctx, env) {
    ctx.set('Content-Security-Policy', DOCS_CSP);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = env.documents.docsHtml;
  },
};
