import { jsonContent } from '../openapi/common-docs.js';
import { OperatorDescriptionSchema } from '../openapi/schemas.js';
import { param, type RouteSpec } from '../route.js';

export const operatorDescribeRoute: RouteSpec = {
  method: 'GET',
  path: '/v1/operators/{name}',
  operationId: 'getOperator',
  summary: 'One operator, with its params as JSON Schema.',
  description: 'The description of one operator; 404 (`unknown_operator`) lists the known ones.',
  tag: 'Operators',
  doc: (c) => ({
    parameters: [{ name: 'name', in: 'path', required: true, description: 'Operator name (count-by, filter, …).', schema: { type: 'string' } }],
    responses: { '200': { description: 'The operator.', content: jsonContent(c, 'OperatorDescription', OperatorDescriptionSchema) } },
    problems: [404],
  }),
  async handle(ctx, env) {
    ctx.body = env.distill.registry.describe(param(ctx, 'name'));
  },
};
