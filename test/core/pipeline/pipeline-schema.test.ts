import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { InvalidPipelineError } from '../../../src/core/errors.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { OUTPUT_FORMATS, OUTPUT_NAME, PipelineSchema } from '../../../src/core/pipeline/pipeline-schema.js';

const STEP = {
  type: 'object',
  properties: { op: { type: 'string', minLength: 1, description: 'Operator name (see `distill ops`).' } },
  required: ['op'],
  additionalProperties: {},
  description: 'A step: the operator name under "op" and its params beside it.',
};

test('PipelineSchema (exported by the library) as JSON Schema, descriptions included, exactly', () => {
  assert.deepEqual(z.toJSONSchema(PipelineSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }), {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      name: { description: 'A name for the analysis (echoed in the envelope).', type: 'string' },
      description: { type: 'string' },
      source: { description: "Name of a configured source; defaults to the config's default source.", type: 'string', minLength: 1 },
      query: { description: 'Which events to read (see the query model).' },
      steps: { default: [], description: 'Operators applied in order (shared by every output).', type: 'array', items: STEP },
      outputs: {
        description:
          'Several answers from one read: each named output applies its own steps after the shared `steps`. The envelope then has `results` (one per output) instead of `result`.',
        type: 'object',
        propertyNames: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
        additionalProperties: { type: 'array', items: STEP },
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
    description: 'A Distill pipeline.',
  });
  assert.deepEqual(OUTPUT_FORMATS, ['json', 'ndjson', 'csv', 'gexf', 'graphml', 'dot']);
});

test('output names: a letter, then up to 63 letters, digits, "_" or "-", nothing else', () => {
  for (const name of ['a', 'Z', 'top_10', 'by-user', `a${'b'.repeat(63)}`]) assert.equal(OUTPUT_NAME.test(name), true, name);
  for (const name of ['', '1a', '_a', '-a', 'a b', 'a.b', 'a/b', 'ab ', ' ab', `a${'b'.repeat(64)}`]) assert.equal(OUTPUT_NAME.test(name), false, JSON.stringify(name));
});

test('a bad output name or a step without an operator name is reported with its path and message', () => {
  const issues = (input: unknown) => {
    try {
      parsePipeline(input, { registry: createRegistry(), defaultSource: 's' });
    } catch (e) {
      assert.ok(e instanceof InvalidPipelineError);
      return e.issues.map((i) => [i.path.join('.'), i.code, i.message]);
    }
    assert.fail('expected invalid_pipeline');
  };
  assert.deepEqual(issues({ outputs: { '1a': [], ok: [] } }), [
    ['outputs.1a', 'invalid_key', 'Invalid name "1a": An output name starts with a letter and holds letters, digits, "_" and "-" (at most 64).'],
  ]);
  assert.deepEqual(issues({ steps: [{}] }), [['steps.0.op', 'invalid_type', 'Required: expected string.']]);
  assert.deepEqual(issues({ outputs: { a: [{ by: 'type' }] } }), [['outputs.a.0.op', 'invalid_type', 'Required: expected string.']]);
  assert.deepEqual(issues({ steps: [{ op: '' }] }), [['steps.0.op', 'too_small', 'Too small: expected string to have >=1 characters']]);
  assert.deepEqual(issues({ output: { records: 'rows' } }), [['output.records', 'invalid_value', 'Expected one of "edges", "nodes", got string "rows".']]);
});
