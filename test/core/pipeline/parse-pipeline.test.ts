import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { InvalidPipelineError } from '../../../src/core/errors.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { z } from 'zod';

const options = { registry: createRegistry(), defaultSource: 'sample' };

function issues(input: unknown): { path: string; code: string }[] {
  try {
    parsePipeline(input, options);
  } catch (e) {
    assert.ok(e instanceof InvalidPipelineError);
    return e.issues.map((i) => ({ path: i.path.join('.'), code: i.code }));
  }
  assert.fail('expected invalid_pipeline');
}

test('a pipeline is normalised: default source, params with defaults, output format', () => {
  const p = parsePipeline({ steps: [{ op: 'count-by', by: 'type' }] }, options);
  assert.deepEqual(p, {
    source: 'sample',
    query: {},
    steps: [{ op: 'count-by', params: { by: ['type'], explode: false, missing: 'include', sort: 'count', share: false } }],
    output: { format: 'json' },
    strict: false,
  });
});

test('a misspelt top-level key is reported first, by name', () => {
  assert.deepEqual(issues({ steps: [], outptu: {} }), [{ path: 'outptu', code: 'unknown_key' }]);
});

test('every problem is reported with its path: query, unknown operator, bad params, unknown keys', () => {
  assert.deepEqual(
    issues({ query: { limit: 'ten' }, steps: [{ op: 'count_by', by: 'type' }, { op: 'count-by', by: 3 }, { op: 'limit', n: 5, extra: true }] }).sort((a, b) =>
      a.path.localeCompare(b.path),
    ),
    [
      { path: 'query.limit', code: 'invalid_type' },
      { path: 'steps.0.op', code: 'unknown_operator' },
      { path: 'steps.1.by', code: 'invalid_type' },
      { path: 'steps.2.extra', code: 'unknown_key' },
    ],
  );
});

test('steps must accept what the previous step produces', () => {
  const registry = createRegistry().register(
    defineOperator({
      name: 'events-only',
      summary: 'Takes events.',
      description: '',
      params: z.strictObject({}),
      accepts: ['events'],
      produces: () => 'events',
      run: (input) => input,
    }),
    'test',
  );
  const ok = parsePipeline({ steps: [{ op: 'events-only' }, { op: 'count-by', by: 'type' }, { op: 'sort', by: '-count' }] }, { ...options, registry });
  assert.deepEqual(ok.steps.map((s) => s.op), ['events-only', 'count-by', 'sort']);
  assert.throws(
    () => parsePipeline({ steps: [{ op: 'count-by', by: 'type' }, { op: 'events-only' }] }, { ...options, registry }),
    (e: unknown) => {
      assert.ok(e instanceof InvalidPipelineError);
      assert.deepEqual(e.issues.map((i) => [i.path.join('.'), i.code]), [['steps.1.op', 'incompatible_step']]);
      return true;
    },
  );
});
