import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldList, sortKeys } from '../../../src/core/pipeline/param-shapes.js';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import type { DistillError } from '../../../src/core/errors.js';

test('fieldList: one field or a list, normalised to a list; each field once', () => {
  const schema = fieldList('fields');
  assert.deepEqual(schema.parse('type'), ['type']);
  assert.deepEqual(schema.parse(['user', 'type']), ['user', 'type']);
  assert.deepEqual(schema.safeParse(['user', 'type', 'user']).error?.issues, [
    { code: 'custom', path: [], params: { code: 'duplicate_field' }, message: 'Each field may be listed once.' },
  ]);
  assert.equal(schema.safeParse([]).success, false);
  assert.equal(schema.safeParse('').success, false);
});

test('a repeated field in a step is reported with the code duplicate_field at the param path', () => {
  try {
    parsePipeline({ steps: [{ op: 'count-by', by: ['type', 'type'] }] }, { registry: createRegistry(), defaultSource: 'files' });
    assert.fail('expected invalid_pipeline');
  } catch (error) {
    assert.deepEqual((error as DistillError).toJSON(), {
      code: 'invalid_pipeline',
      message: 'Invalid pipeline at steps[0].by: Each field may be listed once.',
      issues: [{ code: 'duplicate_field', path: ['steps', 0, 'by'], message: 'Each field may be listed once.' }],
      details: {},
    });
  }
});

test('sortKeys: every shorthand, alone or in a list, to { field, order }', () => {
  const schema = sortKeys('sort');
  assert.deepEqual(schema.parse('-time'), [{ field: 'time', order: 'desc' }]);
  assert.deepEqual(schema.parse(['+user', 'type', { field: 'time', order: 'desc' }]), [
    { field: 'user', order: 'asc' },
    { field: 'type', order: 'asc' },
    { field: 'time', order: 'desc' },
  ]);
  assert.equal(schema.safeParse([]).success, false);
});
