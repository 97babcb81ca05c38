import { jsonContent } from '../openapi/common-docs.js';
import { SourceListSchema } from '../openapi/schemas.js';
import type { RouteSpec } from '../route.js';

export const sourcesRoute: RouteSpec = {
  method: 'GET',
  path: '/v1/sources',
  operationId: 'listSources',
  summary: 'The configured sources.',
  description: 'Every source of the server\'s config: id, kind, schema mapping, capabilities (what it can do natively) and details (never credentials). Only these sources can be read over REST.',
  tag: 'Sources',
  doc: (c) => ({ responses: { '200': { description: 'Sources.', content: jsonContent(c, 'SourceList', SourceListSchema) } }, problems: [] }),
  async handle(ctx, env) {
    ctx.body = { defaultSource: env.distill.defaultSource, sources: env.distill.sources() };
  },
};
