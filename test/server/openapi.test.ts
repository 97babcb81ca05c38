import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { validate, compileErrors } from '@readme/openapi-parser';
import { z } from 'zod';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { templatePath } from '../../src/server/route.js';
import { EnvelopeSchema, ProblemSchema } from '../../src/server/openapi/schemas.js';
import { defineOperator } from '../../src/core/pipeline/operator.js';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { openDistill } from '../../src/distill.js';
import { createApp } from '../../src/server/app.js';
import { silentLogger } from '../../src/server/logger.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

test('GET /openapi.json is a valid OpenAPI 3.1 document', async () => {
  const r = await s.request('/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  const doc = r.json();
  assert.equal(doc.openapi, '3.1.0');
  const result = await validate(structuredClone(doc));
  assert.equal(result.valid, true, result.valid ? '' : compileErrors(result));
  assert.deepEqual(result.warnings, []);
});

test('the document lists exactly these paths, in this order: the fixed routes, then one run path per registered operator', async () => {
  const doc = (await s.request('/openapi.json')).json();
  const listed = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  assert.deepEqual(listed, [
    'GET /v1/health',
    'GET /v1/version',
    'GET /openapi.json',
    'GET /docs',
    'GET /v1/sources',
    'GET /v1/sources/{name}/fields',
    'POST /v1/query',
    'GET /v1/pipelines',
    'POST /v1/pipelines/run',
    'POST /v1/pipelines/{name}/run',
    'GET /v1/operators',
    'GET /v1/operators/{name}',
    'POST /v1/operators/{name}/run',
    ...[...s.distill.registry.names()].map((name) => `POST /v1/operators/${name}/run`),
  ]);
  assert.ok(s.distill.registry.names().includes('count-by'));
});

test('every route the router serves is in the document, and every documented path is served', async () => {
  const doc = (await s.request('/openapi.json')).json();
  const documented = new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
  const served = s.app.router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${templatePath(String(layer.path))}`));
  assert.ok(served.length >= 13);
  for (const route of served) assert.ok(documented.has(route), `${route} is served but not documented`);
  for (const route of documented) {
    const [method, path] = route.split(' ') as [string, string];
    const concrete = path.replace(/\{[^}]+\}/g, 'x');
    const match = s.app.router.match(concrete, method);
    assert.ok(match.route, `${route} is documented but not served`);
  }
});

test('operators appear with their params schemas from the registry, including a plugin\'s', async () => {
  const registry = createRegistry();
  registry.register(
    defineOperator({
      name: 'dwell-time',
      summary: 'Time between events (a test plugin).',
      description: 'Test plugin.',
      params: z.strictObject({ unit: z.enum(['ms', 's']).default('ms').describe('Unit of the result.') }),
      accepts: ['events'],
      produces: () => 'events',
      run: (input) => input,
    }),
    'plugins/dwell-time.js',
  );
  const distill = await openDistill({ config: { sources: {} }, registry });
  const app = createApp({ distill, token: 'x'.repeat(20), logger: silentLogger });
  const doc = app.openapi as any;
  assert.deepEqual(doc.components.schemas.DwellTimeParams.properties.unit, { default: 'ms', description: 'Unit of the result.', type: 'string', enum: ['ms', 's'] });
  assert.deepEqual(doc.paths['/v1/operators/dwell-time/run'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/DwellTimeRunRequest' });
  assert.deepEqual(doc.components.schemas.DwellTimeRunRequest.properties.params.$ref, '#/components/schemas/DwellTimeParams');
  const served = (await s.request('/openapi.json')).json();
  for (const name of s.distill.registry.names()) assert.ok(served.paths[`/v1/operators/${name}/run`], name);
  assert.deepEqual(served.components.schemas.CountByParams.required, ['by']);
  const result = await validate(structuredClone(doc));
  assert.equal(result.valid, true, result.valid ? '' : compileErrors(result));
});

test('recursive schemas (conditions) are hoisted into components with working references', async () => {
  const doc = (await s.request('/openapi.json')).json();
  const text = JSON.stringify(doc);
  assert.equal(text.includes('"#/$defs/'), false);
  const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  for (const ref of new Set(refs)) assert.ok(doc.components.schemas[ref] !== undefined, `dangling $ref ${ref}`);
});

test('responses match the documented schemas: envelope and problem', async () => {
  const env = (await s.request('/v1/pipelines/run?limit=2', { body: { steps: [{ op: 'count-by', by: 'type' }] } })).json();
  assert.equal(EnvelopeSchema.safeParse(env).success, true);
  const events = (await s.request('/v1/query', { body: { query: { limit: 2 } } })).json();
  assert.equal(EnvelopeSchema.safeParse(events).success, true, JSON.stringify(EnvelopeSchema.safeParse(events).error?.issues));
  const problem = (await s.request('/v1/nope')).json();
  assert.equal(ProblemSchema.safeParse(problem).success, true);
  const doc = (await s.request('/openapi.json')).json();
  assert.deepEqual(Object.keys(doc.components.responses).sort(), ['Problem400', 'Problem401', 'Problem403', 'Problem404', 'Problem405', 'Problem406', 'Problem413', 'Problem422', 'Problem500', 'Problem501', 'Problem502', 'Problem503', 'Problem504']);
});
