import { formatPath } from '../../core/pipeline/format-path.js';
import { z } from 'zod';
import { QuerySchema } from '../../core/query/query-schema.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { validate } from '../../core/validation.js';
import { RUN_PROBLEMS, runParameters, runResponses } from '../openapi/common-docs.js';
import { QueryRequestShape } from '../openapi/schemas.js';
import { readJsonBody } from '../read-json-body.js';
import type { RouteSpec } from '../route.js';
import { sendRun } from '../send-run.js';

/** Checked here; the query itself is checked by the pipeline parser, with paths under `query`. */
const Body = z.strictObject({ ...QueryRequestShape, query: z.unknown().optional() });
/** Documented: the same, with the query's full schema. */
export const QueryRequestSchema = z
  .strictObject({ ...QueryRequestShape, query: QuerySchema.optional() })
  .describe('A query over one source: { source, query, format, strict }.');

export const queryRoute: RouteSpec = {
  method: 'POST',
  path: '/v1/query',
  operationId: 'runQuery',
  summary: 'Events matching a query.',
  description:
    'Reads the events of a configured source that match the query (time range, condition tree, projection, sort, ' +
    'limit) and returns them as canonical events — JSON envelope, NDJSON or CSV (roles, then projected fields).',
  tag: 'Runs',
  doc: (c) => ({
    parameters: runParameters(),
    requestBody: { required: false, content: { 'application/json': { schema: c.ref('QueryRequest', QueryRequestSchema, 'input'), examples: { clicks: { summary: 'The first 5 clicks', value: { query: { where: { field: 'type', op: 'eq', value: 'click' }, limit: 5 } } } } } } },
    responses: runResponses(c),
    problems: RUN_PROBLEMS,
  }),
  async handle(ctx, env) {
    const body = (await readJsonBody(ctx.req, env.limits.bodyBytes, ctx.state)) ?? {};
    const checked = validate(Body, body);
    if (!checked.ok) throw new InvalidArgumentError(`Invalid request body at ${formatPath(checked.issues[0]!.path)}: ${checked.issues[0]!.message}`, { issues: checked.issues });
    const { source, query, format, strict } = checked.value;
    await sendRun(ctx, env, {
      route: 'query',
      pipeline: { ...(source === undefined ? {} : { source }), query: query ?? {}, ...(format === undefined ? {} : { output: { format } }) },
      strict,
    });
  },
};
