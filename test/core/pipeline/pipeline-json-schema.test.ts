import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { pipelineJsonSchema } from '../../../src/core/pipeline/pipeline-json-schema.js';
import { PipelineSchema } from '../../../src/core/pipeline/pipeline-schema.js';
import { OperatorRegistry } from '../../../src/core/pipeline/registry.js';
import { QuerySchema } from '../../../src/core/query/query-schema.js';

const take = defineOperator({
  name: 'take',
  summary: 'Keep n.',
  description: '',
  params: z.strictObject({ n: z.number().int().default(1) }),
  accepts: ['events'],
  produces: (k) => k,
  run: (input) => input,
});
const either = defineOperator({
  name: 'either',
  summary: 'Params that are not an object schema.',
  description: '',
  params: z.union([z.strictObject({ a: z.string() }), z.strictObject({ b: z.string() })]),
  accepts: ['events'],
  produces: (k) => k,
  run: (input) => input,
});

const INT = { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 };
const STEPS = {
  anyOf: [
    // Registry order is by name: either, take. Params that are not an object schema leave only `op`.
    { type: 'object', properties: { op: { type: 'string', const: 'either', description: 'Params that are not an object schema.' } }, required: ['op'], description: 'Params that are not an object schema.' },
    {
      type: 'object',
      properties: { n: { default: 1, ...INT }, op: { type: 'string', const: 'take', description: 'Keep n.' } },
      required: ['op'],
      additionalProperties: false,
      description: 'Keep n.',
    },
  ],
};

type Json = { properties: Record<string, unknown>; $defs?: unknown } & Record<string, unknown>;

test('every key a pipeline may have is in the published schema: outputs and output.records too', () => {
  const published = pipelineJsonSchema(createRegistry()) as Json;
  assert.deepEqual(Object.keys(published.properties), Object.keys(PipelineSchema.shape));
  const output = published.properties.output as { properties: Record<string, unknown> };
  assert.deepEqual(Object.keys(output.properties), ['format', 'records']);
});

test('the pipeline JSON Schema of a registry, exactly: steps typed by each operator, in shared steps and per output', () => {
  const schema = pipelineJsonSchema(new OperatorRegistry().register(take).register(either)) as Json;
  const { query, ...properties } = schema.properties;
  const { $schema: _, $defs, ...queryBody } = z.toJSONSchema(QuerySchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  assert.deepEqual(query, queryBody);
  assert.deepEqual(schema.$defs, $defs);
  assert.deepEqual({ ...schema, properties, $defs: undefined }, {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      name: { description: 'A name for the analysis (echoed in the envelope).', type: 'string' },
      description: { type: 'string' },
      source: { description: "Name of a configured source; defaults to the config's default source.", type: 'string', minLength: 1 },
      steps: { description: 'Operators applied in order (shared by every output).', type: 'array', items: STEPS },
      outputs: {
        description:
          'Several answers from one read: each named output applies its own steps after the shared `steps`. The envelope then has `results` (one per output) instead of `result`.',
        type: 'object',
        propertyNames: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
        additionalProperties: { type: 'array', items: STEPS },
      },
      output: {
        default: { format: 'json' },
        description: 'Output format.',
        type: 'object',
        properties: {
          format: { default: 'json', type: 'string', enum: ['json', 'ndjson', 'csv', 'gexf', 'graphml', 'dot'] },
          records: { description: 'Graph results as NDJSON/CSV: one record per edge (default) or per node.', type: 'string', enum: ['edges', 'nodes'] },
        },
        additionalProperties: false,
      },
      strict: { default: false, description: 'Fail on malformed or unmappable input instead of skipping and reporting it.', type: 'boolean' },
    },
    additionalProperties: false,
    description: 'A Distill pipeline: { source, query, steps, outputs, output, strict }.',
    $defs: undefined,
  });
});

test('with no operators registered, no step is valid', () => {
  const schema = pipelineJsonSchema(new OperatorRegistry()) as Json;
  assert.deepEqual(schema.properties.steps, { description: 'Operators applied in order (shared by every output).', type: 'array', items: { not: {} } });
  assert.deepEqual((schema.properties.outputs as { additionalProperties: unknown }).additionalProperties, { type: 'array', items: { not: {} } });
});

test('the committed dist-config/distill.pipeline.schema.json is current (npx tsx scripts/export-schemas.ts)', () => {
  const file = path.join(import.meta.dirname, '../../../dist-config/distill.pipeline.schema.json');
  assert.equal(readFileSync(file, 'utf8'), `${JSON.stringify(pipelineJsonSchema(createRegistry()), null, 2)}\n`);
});
