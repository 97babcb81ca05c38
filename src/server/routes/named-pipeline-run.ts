import { formatPath } from '../../core/pipeline/format-path.js';
import { DistillError, InvalidArgumentError } from '../../core/errors.js';
import { validate } from '../../core/validation.js';
import { RUN_PROBLEMS, runParameters, runResponses } from '../openapi/common-docs.js';
import { NamedRunRequestSchema } from '../openapi/schemas.js';
import { readJsonBody } from '../read-json-body.js';
import { param, type RouteSpec } from '../route.js';
import { sendRun } from '../send-run.js';

/** The overrides of a request without a body. */
const NO_OVERRIDES: { readonly ok: true; readonly value: { readonly source?: string | undefined; readonly strict?: boolean | undefined } } = { ok: true, value: {} };

export const namedPipelineRunRoute: RouteSpec = {
  method: 'POST',
  path: '/v1/pipelines/{name}/run',
  operationId: 'runNamedPipeline',
  summary: 'Run a named pipeline from the config.',
  description:
    'Runs a pipeline defined under `pipelines` in the server\'s config — the built-in queries that recreate an ' +
    'analysis exactly. An optional body `{ source, strict }` runs it over another configured source.',
  tag: 'Pipelines',
  doc: (c) => ({
    parameters: [{ name: 'name', in: 'path', required: true, description: 'A named pipeline (GET /v1/pipelines).', schema: { type: 'string' } }, ...runParameters()],
    requestBody: { required: false, content: { 'application/json': { schema: c.ref('NamedRunRequest', NamedRunRequestSchema, 'input'), examples: { other: { summary: 'Over another source', value: { source: 'sample' } } } } } },
    responses: namedRunResponses(c),
    problems: RUN_PROBLEMS,
  }),
  async handle(ctx, env) {
    const name = param(ctx, 'name');
    const pipelines = env.distill.loaded.config.pipelines;
    if (!Object.hasOwn(pipelines, name)) {
      const known = Object.keys(pipelines);
      throw new DistillError('not_found', `No pipeline named "${name}". Named pipelines: ${known.length === 0 ? '(none)' : known.join(', ')} (GET /v1/pipelines).`, {
        issues: [{ code: 'unknown_pipeline', path: ['path', 'name'], message: `Use one of: ${known.join(', ')}.` }],
      });
    }
    const body = await readJsonBody(ctx.req, env.limits.bodyBytes, ctx.state);
    const checked = body === undefined ? NO_OVERRIDES : validate(NamedRunRequestSchema, body);
    if (!checked.ok) throw new InvalidArgumentError(`Invalid request body at ${formatPath(checked.issues[0]!.path)}: ${checked.issues[0]!.message}`, { issues: checked.issues });
    const document = env.distill.pipelineDocument(name);
    const { source, strict } = checked.value;
    await sendRun(ctx, env, {
      route: `pipelines/${name}`,
      pipeline: source === undefined ? document : { ...document, source },
      strict,
      // The config is fixed while the server runs: each named pipeline (and source override) is validated once.
      cacheKey: `${name}\u0000${source ?? ''}`,
      // Its answer over unchanged local files may be reused (answer-cache.ts decides whether it is eligible).
      cacheAnswer: true,
      // Problems of the stored pipeline point into the config; the source override into the body.
      issuePath: issuePathFor(name, source),
    });
  },
};

/** Problems of a stored pipeline point into the config (`pipelines.<name>…`); a source override into the body. */
function issuePathFor(name: string, source: string | undefined): (path: readonly (string | number)[]) => (string | number)[] {
  return (p) => (p[0] === 'source' && source !== undefined ? ['source'] : ['pipelines', name, ...p]);
}

/** The run responses, plus what the opt-in answer cache adds (docs/server.md, "Answer cache"). */
function namedRunResponses(c: Parameters<typeof runResponses>[0]): ReturnType<typeof runResponses> {
  const responses = runResponses(c);
  const ok = responses['200']!;
  return {
    ...responses,
    '200': {
      ...ok,
      headers: {
        ...(ok.headers as Record<string, unknown>),
        ETag: { description: 'With server.answerCacheBytes > 0, for answers the cache may keep: a strong tag of the JSON body.', schema: { type: 'string' } },
        'Distill-Cache': { description: '`hit` (the kept answer; files unchanged) or `miss` (computed now), with the ETag.', schema: { type: 'string', enum: ['hit', 'miss'] } },
      },
    },
    '304': { description: 'Not Modified: `If-None-Match` names the current answer\'s ETag (answer cache on).', headers: { ETag: { schema: { type: 'string' } } } },
  };
}
