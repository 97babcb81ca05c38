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
    parameters: [
      { name: 'source', in: 'query', required: false, description: 'A configured source (the body\'s `source` wins).', schema: { type: 'string' } },
      ...runParameters(),
    ],
    requestBody: { required: true, content: { 'application/json': { schema: c.ref('Pipeline', pipelineJsonSchema(c.registry), 'input'), examples: { types: { summary: 'Events per type', value: { steps: [{ op: 'count-by', by: 'type' }] } } } } } },
    responses: runResponses(c),
    problems: RUN_PROBLEMS,
  }),
  async handle(ctx, env) {
    const body = (await readJsonBody(ctx.req, env.limits.bodyBytes, ctx.state)) ?? {};
    // `?source=` names the source when the body does not (as on the operator routes); the body's `source` wins.
    const rawSource = ctx.query.source;
    const querySource = Array.isArray(rawSource) ? rawSource[rawSource.length - 1] : rawSource;
    const useQuery = body.source === undefined && querySource !== undefined;
    await sendRun(ctx, env, {
      route: 'pipeline',
      pipeline: useQuery ? { ...body, source: querySource } : body,
      ...(useQuery ? { issuePath: (p: readonly (string | number)[]) => (p[0] === 'source' ? ['query', 'source'] : [...p]) } : {}),
    });
  },
};
