import { formatPath } from '../../core/pipeline/format-path.js';
import { z } from 'zod';
import { InvalidArgumentError } from '../../core/errors.js';
import { QuerySchema } from '../../core/query/query-schema.js';
import { validate } from '../../core/validation.js';
import { RUN_PROBLEMS, runParameters, runResponses } from '../openapi/common-docs.js';
import { OperatorRunShape } from '../openapi/schemas.js';
import { readJsonBody } from '../read-json-body.js';
import { param, type RouteSpec } from '../route.js';
import { sendRun } from '../send-run.js';

const Body = z.strictObject({ ...OperatorRunShape, query: z.unknown().optional(), params: z.record(z.string(), z.unknown()).optional() });

/** The documented body of an operator run, with that operator's params schema (or any params for the generic route). */
export function operatorRunRequestSchema(params: z.ZodType | undefined): z.ZodType {
  return z
    .strictObject({
      ...OperatorRunShape,
      query: QuerySchema.optional().describe('Which events the operator runs over.'),
      params: (params ?? z.record(z.string(), z.unknown())).optional().describe('The operator\'s params (see its JSON Schema).'),
    })
    .describe('Run one operator over the events a query selects.');
}

export const operatorRunRoute: RouteSpec = {
  method: 'POST',
  path: '/v1/operators/{name}/run',
  operationId: 'runOperator',
  summary: 'Run one operator over a source.',
  description:
    'Runs `{ source, query, steps: [{ op: name, ...params }] }`: one operator over the events a query selects. The ' +
    'OpenAPI document also lists one path per operator (/v1/operators/count-by/run, …) with that operator\'s params ' +
    'schema as the typed body. Problems in the params point at `params.<key>`.',
  tag: 'Operators',
  doc: (c) => ({
    parameters: [
      { name: 'name', in: 'path', required: true, description: 'Operator name.', schema: { type: 'string' } },
      { name: 'source', in: 'query', required: false, description: 'A configured source (the body\'s `source` wins).', schema: { type: 'string' } },
      ...runParameters(),
    ],
    requestBody: { required: false, content: { 'application/json': { schema: c.ref('OperatorRunRequest', operatorRunRequestSchema(undefined), 'input') } } },
    responses: runResponses(c),
    problems: RUN_PROBLEMS,
  }),
  async handle(ctx, env) {
    const name = param(ctx, 'name');
    env.distill.registry.get(name); // 404 unknown_operator before reading the body
    const body = (await readJsonBody(ctx.req, env.limits.bodyBytes, ctx.state)) ?? {};
    const checked = validate(Body, body);
    if (!checked.ok) throw new InvalidArgumentError(`Invalid request body at ${formatPath(checked.issues[0]!.path)}: ${checked.issues[0]!.message}`, { issues: checked.issues });
    const { query, params, strict, format } = checked.value;
    const rawSource = ctx.query.source;
    const source = checked.value.source ?? (Array.isArray(rawSource) ? rawSource[rawSource.length - 1] : rawSource);
    await sendRun(ctx, env, {
      route: `operators/${name}`,
      pipeline: {
        ...(source === undefined ? {} : { source }),
        query: query ?? {},
        steps: [{ ...(params ?? {}), op: name }],
        ...(format === undefined ? {} : { output: { format } }),
      },
      strict,
      // The single step's params live under `params` in this body.
      issuePath: (p) => {
        if (p[0] === 'steps' && p[1] === 0) return p[2] === 'op' ? ['path', 'name'] : ['params', ...p.slice(2)];
        if (p[0] === 'source' && checked.value.source === undefined) return ['query', 'source'];
        return [...p];
      },
    });
  },
};
