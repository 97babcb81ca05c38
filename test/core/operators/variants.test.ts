import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { variantsOperator } from '../../../src/core/operators/variants.js';
import { ev } from '../../helpers/events.js';
import { rowsOf, runOp } from './run-op.js';
import { docSections } from './operator-doc-section.js';
import { labelSchema, PARTITION_SCHEMA, schemaFacts, selfLoopsSchema } from './shared-params.js';
import { run } from './sequence-run.js';

// s1: /a /a /b (repeat collapsed: /a → /b, 3000 ms); s2: /a /b (1000 ms); s3: /c alone (0 ms); s4 has no page.
const events = [
  ev('1', 0, { session: 's1', page: '/a' }),
  ev('2', 1000, { session: 's1', page: '/a' }),
  ev('3', 3000, { session: 's1', page: '/b' }),
  ev('4', 0, { session: 's2', page: '/a' }),
  ev('5', 1000, { session: 's2', page: '/b' }),
  ev('6', 0, { session: 's3', page: '/c' }),
  ev('7', 0, { session: 's4', type: 'click' }),
];

const COLUMNS = [
  { name: 'rank', type: 'integer', description: 'null on the "other" row.' },
  { name: 'variant', type: 'string', description: 'Labels joined by " → "; null on the "other" row.' },
  { name: 'sequence', type: 'json' },
  { name: 'length', type: 'integer' },
  { name: 'count', type: 'integer', description: 'Partitions following the variant.' },
  { name: 'share', type: 'number', description: 'count / partitions with at least one labelled step.' },
  { name: 'mean_duration_ms', type: 'number', description: 'Mean first→last step time over timed partitions.' },
  { name: 'variants', type: 'integer', description: '1, or how many variants the "other" row folds.' },
];

const AB = { variant: '/a → /b', sequence: ['/a', '/b'], length: 2, count: 2, share: 2 / 3, mean_duration_ms: 2000, variants: 1 };

test('top 2 keeps both variants (no "other" row); the table has the documented columns', async () => {
  const frame = runOp('variants', { top: 2 }, events);
  assert.deepEqual(frame.kind === 'table' ? frame.columns : frame.kind, COLUMNS);
  assert.deepEqual(await rowsOf(frame), [
    { rank: 1, ...AB },
    { rank: 2, variant: '/c', sequence: ['/c'], length: 1, count: 1, share: 1 / 3, mean_duration_ms: 0, variants: 1 },
  ]);
});

test('top 1 folds the rest into the "other" row', async () => {
  assert.deepEqual(await rowsOf(runOp('variants', { top: 1 }, events)), [
    { rank: 1, ...AB },
    { rank: null, variant: null, sequence: null, length: null, count: 1, share: 1 / 3, mean_duration_ms: 0, variants: 1 },
  ]);
});

test('top below 1 is invalid_pipeline naming the parameter', async () => {
  await assert.rejects(run('variants', { top: 0 }, events), {
    name: 'InvalidPipelineError',
    code: 'invalid_pipeline',
    message: 'Invalid pipeline at steps[0].top: Too small: expected number to be >=1',
    issues: [{ code: 'too_small', path: ['steps', 0, 'top'], message: 'Too small: expected number to be >=1' }],
  });
});

test('docs/operators.md documents variants as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(variantsOperator);
  assert.equal(rendered, committed);
});

test('describe: name, kinds, origin and the parameter schema (its prose is pinned by the docs section)', () => {
  assert.deepEqual(schemaFacts(createRegistry().describe('variants')), {
    name: 'variants',
    accepts: ['events'],
    produces: { events: 'table' },
    origin: 'builtin',
    params: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        partition: PARTITION_SCHEMA,
        label: labelSchema('page'),
        selfLoops: selfLoopsSchema('collapse'),
        top: { default: 10, type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      },
      additionalProperties: false,
    },
  });
});
