import type { RouteSpec } from '../route.js';

export const openapiRoute: RouteSpec = {
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  summary: 'This OpenAPI 3.1 document.',
  description: 'Generated from the route list and the operator registry (zod schemas → JSON Schema 2020-12) when the server starts; plugins\' operators appear in it.',
  tag: 'Service',
  access: 'docs',
  doc: () => ({ responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } }, problems: [] }),
  async handle(ctx, env) {
    ctx.type = 'application/json';
    ctx.body = env.documents.openapiJson;
  },
};
