import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { ev } from '../../helpers/events.js';
import { recordingSource, runRecorded } from './recording-source.js';
import { rowsOf, runOp } from './run-op.js';

// `limit` alone: what it keeps, what it asks of the source, and what it declares to the runner.
const registry = createRegistry();
const op = registry.get('limit');

const events = [
  ev('1', 3, { user: 'a', type: 'click' }, { details: { x: 2 } }),
  ev('2', 1, { user: 'b', type: 'focus' }, { details: { x: 1 } }),
  ev('3', 2, { type: 'click' }, { details: { x: 3 } }),
  ev('4', 4, { user: 'c' }, { details: { x: 0 } }),
  ev('5', 5, { user: 'd' }, { details: { x: 0 } }),
];

test('describe: summary, description, parameter schema, example', () => {
  assert.deepEqual(registry.describe('limit'), {
    name: 'limit',
    summary: 'Keep the first n events or rows.',
    description: 'Keeps the first `n` events or rows and stops reading the source after them (an early stop also closes files and cursors).',
    accepts: ['events', 'table'],
    produces: { events: 'events', table: 'table' },
    origin: 'builtin',
    params: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { n: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'How many to keep.' } },
      required: ['n'],
      additionalProperties: false,
    },
    examples: [{ description: 'First 2', params: { n: 2 } }],
  });
});

test('keeps the first n events or rows in input order; 0 keeps none; more than there are keeps all', async () => {
  assert.deepEqual(await rowsOf(runOp('limit', { n: 2 }, events)), events.slice(0, 2));
  assert.deepEqual(await rowsOf(runOp('limit', { n: 0 }, events)), []);
  assert.deepEqual(await rowsOf(runOp('limit', { n: 9 }, events)), events);
  const columns = [{ name: 'n', type: 'integer' as const }];
  const frame = runOp('limit', { n: 1 }, { rows: [{ n: 2 }, { n: 1 }], columns });
  assert.deepEqual(frame.kind, 'table');
  assert.deepEqual((frame as { columns: unknown }).columns, columns);
  assert.deepEqual(await rowsOf(frame), [{ n: 2 }]);
});

test('stops reading the source after n events (batches of 2: n = 2 reads one batch, n = 3 two)', async () => {
  for (const [n, given] of [[2, 2], [3, 4]] as const) {
    const { source, given: read } = recordingSource(events);
    const env = await runRecorded(source, { steps: [{ op: 'limit', n }] });
    assert.deepEqual(env.result, { kind: 'events', count: n, events: events.slice(0, n) });
    assert.equal(read(), given);
  }
});

test('reads no field itself: the source is asked only for what later steps read', async () => {
  assert.deepEqual(op.fields!(op.params.parse({ n: 1 }) as never), []);
  // sort after limit holds events, so the run reads only the needed paths: details.x for the sort, type is a role
  const { source, reads } = recordingSource(events);
  const env = await runRecorded(source, { steps: [{ op: 'limit', n: 2 }, { op: 'sort', by: 'details.x' }, { op: 'count-by', by: 'type' }] });
  assert.deepEqual(reads, [{ query: {}, needs: ['details.x'], unusedRoles: ['path'] }]);
  assert.deepEqual(env.result, {
    kind: 'table',
    columns: [
      { name: 'type', type: 'string' },
      { name: 'count', type: 'integer' },
    ],
    count: 2,
    rows: [
      { type: 'click', count: 1 },
      { type: 'focus', count: 1 },
    ],
  });
});

test('declares that it preserves its input order, so a partitioned step after it needs no re-sort', () => {
  assert.deepEqual(op.capabilities, { preservesOrder: true });
});
