import { z } from 'zod';
import type { OperatorRegistry } from '../../core/pipeline/registry.js';
import { VERSION } from '../../version.js';
import { HTTP_STATUS, PROBLEM_TITLES, PROBLEM_TYPE_BASE, statusText } from '../problem.js';
import { operatorRunRequestSchema } from '../routes/operator-run.js';
import type { DocContext, OpenApiObject, RouteSpec } from '../route.js';
import { ERROR_CODES } from './error-codes.js';
import { RUN_PROBLEMS, runParameters, runResponses } from './common-docs.js';
import { ProblemSchema } from './schemas.js';

export interface OpenApiOptions {
  /** /openapi.json and /docs readable without a token. */
  readonly publicDocs?: boolean | undefined;
  /** Server URL to list (default: relative `/`). */
  readonly serverUrl?: string | undefined;
}

/**
 * Build the OpenAPI 3.1 document from the route list and the operator registry: every route's parameters, body
 * and responses, component schemas converted from the zod schemas (query, pipeline with every operator's params,
 * envelope, problem), one typed path per operator (`/v1/operators/<name>/run`) so clients see each operator's params
 * schema, and a problem response for every error class. Nothing here is written by hand per operator: plugins'
 * operators appear as soon as they are registered.
 */
export function buildOpenApi(routes: readonly RouteSpec[], registry: OperatorRegistry, options: OpenApiOptions = {}): OpenApiObject {
  const schemas: Record<string, unknown> = {};
  const made = new Map<string, unknown>();
  const c: DocContext = {
    registry,
    ref(name, schema, io = 'output') {
      if (!made.has(name)) {
        made.set(name, schema);
        const json = schema instanceof z.ZodType ? (z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as OpenApiObject) : schema;
        addComponent(schemas, name, json);
      }
      return { $ref: `#/components/schemas/${name}` };
    },
  };
  c.ref('Problem', ProblemSchema, 'output');

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = route.doc(c);
    const open = route.access === 'always' || (route.access === 'docs' && options.publicDocs === true);
    const problems = [...new Set([...doc.problems, ...(open ? [] : [401, 403]), 500])].sort((a, b) => a - b);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [route.tag],
      ...(doc.parameters === undefined ? {} : { parameters: doc.parameters }),
      ...(doc.requestBody === undefined ? {} : { requestBody: doc.requestBody }),
      responses: { ...doc.responses, ...Object.fromEntries(problems.map((s) => [String(s), { $ref: `#/components/responses/Problem${s}` }])) },
      ...(open ? { security: [] } : {}),
    };
  }

  for (const { definition } of registry.list()) {
    const pascal = definition.name.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
    const paramsRef = c.ref(`${pascal}Params`, definition.params, 'input');
    const body = c.ref(`${pascal}RunRequest`, operatorRunRequestSchema(z.record(z.string(), z.unknown())), 'input');
    // Point the params of the operator's request at its params schema.
    const component = schemas[`${pascal}RunRequest`] as { properties: Record<string, unknown> };
    component.properties.params = { ...paramsRef, description: `Params of ${definition.name}.` };
    const examples = Object.fromEntries(
      (definition.examples ?? []).map((e, i) => [`example${i + 1}`, { summary: e.description, value: { params: e.params } }]),
    );
    paths[`/v1/operators/${definition.name}/run`] = {
      post: {
        operationId: `run${pascal}`,
        summary: `${definition.name}: ${definition.summary}`,
        description: `${definition.description}\n\nTakes ${definition.accepts.join(' or ')}; produces ${definition.accepts.map((k) => `${k} → ${definition.produces(k)}`).join(', ')}. The same as POST /v1/operators/{name}/run with name=${definition.name}.`,
        tags: ['Operator runs'],
        'x-distill-operator': definition.name,
        parameters: [
          { name: 'source', in: 'query', required: false, description: 'A configured source (the body\'s `source` wins).', schema: { type: 'string' } },
          ...runParameters(),
        ],
        requestBody: { required: false, content: { 'application/json': { schema: body, ...(Object.keys(examples).length === 0 ? {} : { examples }) } } },
        responses: {
          ...runResponses(c),
          ...Object.fromEntries([...RUN_PROBLEMS, 401, 403, 500].sort((a, b) => a - b).map((s) => [String(s), { $ref: `#/components/responses/Problem${s}` }])),
        },
      },
    };
  }

  const statuses = [...new Set(Object.values(HTTP_STATUS))].sort((a, b) => a - b);
  const responses = Object.fromEntries(
    statuses.map((s) => {
      const codes = ERROR_CODES.filter((code) => HTTP_STATUS[code] === s);
      return [
        `Problem${s}`,
        {
          description: `${statusText(s)} — ${codes.map((code) => `\`${code}\` (${PROBLEM_TITLES[code]})`).join(', ')}.`,
          headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      ];
    }),
  );

  return {
    openapi: '3.1.0',
    info: {
      title: 'Distill REST API',
      version: VERSION,
      summary: 'User-activity logs (Apache Flagon UserALE.js and any schema) turned into analysis-ready answers.',
      description:
        'HTTPS only, bearer token on every route but /v1/health. Results come in one envelope ' +
        '`{ distill, request, source, result, stats, warnings }` as JSON, or as records in NDJSON or CSV (format by ' +
        '`?format=` or the Accept header). Errors are RFC 9457 problem documents whose `type` is ' +
        `\`${PROBLEM_TYPE_BASE}<code>\`. Every operator of the server's registry is listed with its params schema.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: options.serverUrl ?? '/', description: 'This server' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'Service', description: 'Health, version, this document.' },
      { name: 'Sources', description: 'Configured sources and their fields.' },
      { name: 'Runs', description: 'Queries.' },
      { name: 'Pipelines', description: 'Inline and named pipelines.' },
      { name: 'Operators', description: 'The operator catalog, and running one operator.' },
      { name: 'Operator runs', description: 'One typed route per operator.' },
    ],
    paths,
    components: {
      schemas,
      responses,
      headers: { 'X-Request-Id': { description: 'The request id (yours if you sent a valid X-Request-Id).', schema: { type: 'string' } } },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'The token `distill serve` prints on first start (or DISTILL_TOKEN).' },
      },
    },
  };
}

/**
 * Store a JSON Schema as component `name`, moving its `$defs` to sibling components (`<name>.<def>`) and rewriting
 * its references, since `#/$defs/…` would resolve against the OpenAPI document, not the schema.
 */
function addComponent(schemas: Record<string, unknown>, name: string, json: OpenApiObject): void {
  const { $schema: _drop, $defs, ...root } = json as OpenApiObject & { $defs?: Record<string, unknown> };
  void _drop;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        if (value === '#') out[key] = `#/components/schemas/${name}`;
        else if (value.startsWith('#/$defs/')) out[key] = `#/components/schemas/${name}.${value.slice('#/$defs/'.length)}`;
        else out[key] = value;
      } else out[key] = rewrite(value);
    }
    return out;
  };
  schemas[name] = rewrite(root);
  for (const [def, schema] of Object.entries($defs ?? {})) schemas[`${name}.${def}`] = rewrite(schema);
}
