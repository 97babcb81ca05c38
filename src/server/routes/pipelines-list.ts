import { jsonContent } from '../openapi/common-docs.js';
import { PipelineListSchema } from '../openapi/schemas.js';
import type { RouteSpec } from '../route.js';

export const pipelinesListRoute: RouteSpec = {
  method: 'GET',
  path: '/v1/pipelines',
  operationId: 'listPipelines',
  summary: 'The named pipelines of the config (the built-in queries).',
  description: 'Each named pipeline with its description and document. Run one with POST /v1/pipelines/{name}/run.',
  tag: 'Pipelines',
  doc: (c) => ({ responses: { '200': { description: 'Named pipelines.', content: jsonContent(c, 'PipelineList', PipelineListSchema) } }, problems: [] }),
  async handle(ctx, env) {
    ctx.body = { pipelines: env.distill.pipelines() };
  },
};
