import { InvalidArgumentError } from '../../core/errors.js';
import { assertConfiguredSource } from '../configured-source.js';
import { jsonContent } from '../openapi/common-docs.js';
import { FieldListSchema } from '../openapi/schemas.js';
import { param, type RouteSpec } from '../route.js';

export const sourceFieldsRoute: RouteSpec = {
  method: 'GET',
  path: '/v1/sources/{name}/fields',
  operationId: 'getSourceFields',
  summary: 'Fields of a source, with types, counts, roles and examples.',
  description: 'Discovers the fields of a sample of documents (`sample`, default 1000): dotted path, JSON types seen, how many documents hold it, the canonical roles it feeds through the source\'s mapping, and a few example values.',
  tag: 'Sources',
  doc: (c) => ({
    parameters: [
      { name: 'name', in: 'path', required: true, description: 'A configured source.', schema: { type: 'string' } },
      { name: 'sample', in: 'query', required: false, description: 'Documents to sample (default 1000).', schema: { type: 'integer', minimum: 1, maximum: 100000 } },
    ],
    responses: { '200': { description: 'Fields.', content: jsonContent(c, 'FieldList', FieldListSchema) } },
    problems: [400, 404, 503, 504],
  }),
  async handle(ctx, env) {
    const name = param(ctx, 'name');
    assertConfiguredSource(env.distill, name, ['path', 'name']);
    const raw = ctx.query.sample;
    const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const sample = text === undefined ? 1000 : Number(text);
    if (text !== undefined && (!/^\d+$/.test(text) || sample < 1 || sample > env.limits.maxSample)) {
      throw new InvalidArgumentError(`?sample must be an integer from 1 to ${env.limits.maxSample}, got "${text}".`, {
        issues: [{ code: 'invalid_value', path: ['query', 'sample'], message: `An integer from 1 to ${env.limits.maxSample}.` }],
      });
    }
    const fields = await env.distill.fields(name, { sample, signal: ctx.state.signal });
    ctx.body = { source: name, sample, fields };
  },
};

