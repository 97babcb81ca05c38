import { RUN_PROBLEMS, runParameters, runResponses } from '../openapi/common-docs.js';
import { pipelineJsonSchema } from '../../core/pipeline/pipeline-json-schema.js';
import { readJsonBody } from '../read-json-body.js';
import type { RouteSpec } from '../route.js';
import { sendRun } from '../send-run.js';

export const pipelineRunRoute: RouteSpec = {
  method: 'POST',
  path: '/v1/pipelines/run',
  operationId: 'runPipeline',
  summary: 'Run an inline pipeline.',
  description:
    'The body is a pipeline document `{ source, query, steps: [{ op, ...params }], output, strict }` (the same as ' +
    '`distill run` takes). It is validated completely before anything runs; every problem comes back with its JSON path.',
  tag: 'Pipelines',
  doc: (c) => ({
    parameters: runParameters(),
    requestBody: { required: true, content: { 'application/json': { schema: c.ref('Pipeline', pipelineJsonSchema(c.registry), 'input'), examples: { types: { summary: 'Events per type', value: { steps: [{ op: 'count-by', by: 'type' }] } } } } } },
    responses: runResponses(c),
    problems: RUN_PROBLEMS,
  }),
  async handle(ctx, env) {
    const body = (await readJsonBody(ctx.req, env.limits.bodyBytes, ctx.state.signal)) ?? {};
    await sendRun(ctx, env, { route: 'pipeline', pipeline: body });
  },
};
