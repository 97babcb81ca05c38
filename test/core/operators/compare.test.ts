import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import type { Column, Frame, TableFrame } from '../../../src/core/frame.js';
import { compareOperator } from '../../../src/core/operators/compare.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { rowsOf, runOp } from './run-op.js';
import { docSections } from './operator-doc-section.js';
import { labelSchema, PARTITION_SCHEMA, schemaFacts, selfLoopsSchema } from './shared-params.js';

// `compare` alone; distances and Jaccard similarities worked out by hand next to each expectation.
const registry = createRegistry();
const op = registry.get('compare');

/** The columns a table frame declares. */
function columnsOf(frame: Frame): readonly Column[] {
  assert.equal(frame.kind, 'table');
  return (frame as TableFrame).columns;
}

const COLUMNS: Column[] = [
  { name: 'a', type: 'string' },
  { name: 'b', type: 'string' },
  { name: 'edit_distance', type: 'integer', description: 'Levenshtein distance of the label sequences.' },
  { name: 'edit_distance_normalized', type: 'number', description: 'edit_distance / longer length.' },
  { name: 'edge_jaccard', type: 'number', description: 'Jaccard similarity of the directly-follows edge sets.' },
];

// s1: a b c (edges a→b, b→c); s2: a a c → collapsed a c (edge a→c); s3: a b (edge a→b)
const events = [
  ev('1', 1, { session: 's1', target: 'a' }),
  ev('2', 2, { session: 's1', target: 'b' }),
  ev('3', 3, { session: 's1', target: 'c' }),
  ev('4', 1, { session: 's2', target: 'a' }),
  ev('5', 2, { session: 's2', target: 'a' }),
  ev('6', 3, { session: 's2', target: 'c' }),
  ev('7', 1, { session: 's3', target: 'a' }),
  ev('8', 2, { session: 's3', target: 'b' }),
];
// s1/s2: delete b → 1, ÷ 3; edges {a→b, b→c} vs {a→c}: 0 shared of 3
// s1/s3: delete c → 1, ÷ 3; {a→b, b→c} vs {a→b}: 1 shared of 2
// s2/s3: substitute c→b → 1, ÷ 2; {a→c} vs {a→b}: 0 of 2
const S1_S2 = { a: 's1', b: 's2', edit_distance: 1, edit_distance_normalized: 1 / 3, edge_jaccard: 0 };
const S1_S3 = { a: 's1', b: 's3', edit_distance: 1, edit_distance_normalized: 1 / 3, edge_jaccard: 0.5 };
const S2_S3 = { a: 's2', b: 's3', edit_distance: 1, edit_distance_normalized: 0.5, edge_jaccard: 0 };

test('docs/operators.md documents compare as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(compareOperator);
  assert.equal(rendered, committed);
});

test('describe: name, kinds, origin and the parameter schema (its prose is pinned by the docs section)', () => {
  assert.deepEqual(schemaFacts(registry.describe('compare')), {
    name: 'compare',
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
        ids: { minItems: 2, type: 'array', items: { type: 'string' } },
        maxPartitions: { default: 200, type: 'integer', minimum: 2, maximum: 5000 },
      },
      additionalProperties: false,
    },
  });
});

test('params: ids needs at least two (more are fine); maxPartitions from 2 to 5000', () => {
  assert.deepEqual(op.params.parse({ ids: ['s1', 's2', 's3'], maxPartitions: 3 }), {
    partition: 'session',
    label: 'page',
    selfLoops: 'collapse',
    ids: ['s1', 's2', 's3'],
    maxPartitions: 3,
  });
  assert.equal((op.params.parse({ maxPartitions: 5000 }) as { maxPartitions: number }).maxPartitions, 5000);
  assert.deepEqual(op.params.safeParse({ ids: ['s1'], maxPartitions: 1 }).error?.issues, [
    { origin: 'array', code: 'too_small', minimum: 2, inclusive: true, path: ['ids'], message: 'Too small: expected array to have >=2 items' },
    { origin: 'number', code: 'too_small', minimum: 2, inclusive: true, path: ['maxPartitions'], message: 'Too small: expected number to be >=2' },
  ]);
  assert.deepEqual(op.params.safeParse({ maxPartitions: 5001 }).error?.issues, [
    { origin: 'number', code: 'too_big', maximum: 5000, inclusive: true, path: ['maxPartitions'], message: 'Too big: expected number to be <=5000' },
  ]);
});

test('every unordered pair in partition order, with its columns', async () => {
  const frame = runOp('compare', { label: 'target' }, events);
  assert.deepEqual(columnsOf(frame), COLUMNS);
  assert.deepEqual(await rowsOf(frame), [S1_S2, S1_S3, S2_S3]);
});

test('ids keep only the listed partitions, in partition order; unknown ids are ignored', async () => {
  assert.deepEqual(await rowsOf(runOp('compare', { label: 'target', ids: ['s3', 's1', 'nobody'] }, events)), [S1_S3]);
  assert.deepEqual(await rowsOf(runOp('compare', { label: 'target', ids: ['s3', 's2', 's1'] }, events)), [S1_S2, S1_S3, S2_S3]);
});

test('maxPartitions: exactly that many is fine, one more is invalid_argument too_many_partitions', async () => {
  assert.deepEqual(await rowsOf(runOp('compare', { label: 'target', maxPartitions: 3 }, events)), [S1_S2, S1_S3, S2_S3]);
  // the ids filter counts only the kept partitions
  assert.deepEqual(await rowsOf(runOp('compare', { label: 'target', maxPartitions: 2, ids: ['s1', 's3'] }, events)), [S1_S3]);
  await assert.rejects(rowsOf(runOp('compare', { label: 'target', maxPartitions: 2 }, events)), (e: unknown) => {
    assert.ok(e instanceof InvalidArgumentError);
    assert.equal(e.code, 'invalid_argument');
    assert.equal(e.message, 'compare got more than 2 partitions; pass ids, filter the events, or raise maxPartitions.');
    assert.deepEqual(e.issues, [{ code: 'too_many_partitions', path: ['maxPartitions'], message: 'More than 2 partitions.' }]);
    return true;
  });
});

test('run on anything but events is a programming error (the runner only passes events)', () => {
  const table: Frame = { kind: 'table', columns: [], batches: batches([]) };
  assert.throws(() => compareOperator.run(table, op.params.parse({}) as never, opContext()), { name: 'Error', message: 'unreachable: compare accepts events' });
});
