import { jsonContent } from '../openapi/common-docs.js';
import { OperatorListSchema } from '../openapi/schemas.js';
import type { RouteSpec } from '../route.js';

export const operatorsListRoute: RouteSpec = {
  method: 'GET',
  path: '/v1/operators',
  operationId: 'listOperators',
  summary: 'The operator catalog, with params as JSON Schema.',
  description: 'Every operator of the registry (built-ins and plugins): summary, description, the frame kinds it takes and produces, its params as JSON Schema (draft 2020-12) and examples.',
  tag: 'Operators',
  doc: (c) => ({ responses: { '200': { description: 'Operators.', content: jsonContent(c, 'OperatorList', OperatorListSchema) } }, problems: [] }),
  async handle(ctx, env) {
    const { registry } = env.distill;
    ctx.body = { operators: registry.names().map((n) => registry.describe(n)) };
  },
};
