import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { foldIntoQuery } from '../../../src/core/pipeline/run-pipeline.js';
import { ev } from '../../helpers/events.js';
import { recordingSource, runRecorded } from './recording-source.js';
import { rowsOf, runOp } from './run-op.js';

// `sort` alone: the order it gives, what it declares and that a leading sort becomes the query's sort.
const registry = createRegistry();
const op = registry.get('sort');

const events = [
  ev('1', 3, { user: 'a', type: 'click' }, { details: { x: 2 } }),
  ev('2', 1, { user: 'b', type: 'focus' }, { details: { x: 1 } }),
  ev('3', 2, { type: 'click' }, { details: { x: 3 } }),
  ev('4', 4, { user: 'c' }, { details: { x: 0 } }),
  ev('5', 5, { user: 'c' }, { details: { x: 0 } }),
];

/** One sort key as users write it: a string or { field, order }. */
const KEY = {
  anyOf: [
    { type: 'string', minLength: 1, description: 'A field; "+field" ascending (the default), "-field" descending.' },
    {
      type: 'object',
      properties: { field: { type: 'string', minLength: 1 }, order: { default: 'asc', type: 'string', enum: ['asc', 'desc'] } },
      required: ['field'],
      additionalProperties: false,
    },
  ],
};

test('describe: summary, description, parameter schema, examples', () => {
  assert.deepEqual(registry.describe('sort'), {
    name: 'sort',
    summary: 'Order events or rows by one or more keys.',
    description:
      'Sorts by the keys in order ("-field" descending, "+field" or "field" ascending, or { field, order }). Missing values sort last; multi-valued fields sort by their minimum (ascending) or maximum (descending), as Elasticsearch does; ties keep their input order. Memory-bounded: above the sort budget, sorted runs spill to a private temporary directory and are merged.',
    accepts: ['events', 'table'],
    produces: { events: 'events', table: 'table' },
    origin: 'builtin',
    params: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { by: { description: 'Sort keys.', anyOf: [KEY, { minItems: 1, type: 'array', items: KEY }] } },
      required: ['by'],
      additionalProperties: false,
    },
    examples: [
      { description: 'By user descending, then time', params: { by: ['-user', 'time'] } },
      { description: 'Latest first', params: { by: '-time' } },
    ],
  });
});

test('orders events by the keys in turn, missing last, ties in input order; rows by their columns', async () => {
  const ids = async (by: unknown) => ((await rowsOf(runOp('sort', { by }, events))) as { id: string }[]).map((e) => e.id);
  assert.deepEqual(await ids(['-user', 'time']), ['4', '5', '2', '1', '3']);
  assert.deepEqual(await ids('details.x'), ['4', '5', '2', '1', '3']);
  assert.deepEqual(await ids({ field: 'type', order: 'desc' }), ['2', '1', '3', '4', '5']);
  const columns = [{ name: 'n', type: 'integer' as const }];
  const frame = runOp('sort', { by: '-n' }, { rows: [{ n: 1 }, {}, { n: 3 }], columns });
  assert.deepEqual((frame as { columns: unknown }).columns, columns);
  assert.deepEqual(await rowsOf(frame), [{ n: 3 }, { n: 1 }, {}]);
});

test('reads only its keys; a leading sort becomes the query sort, so the source is asked to sort', async () => {
  const params = op.params.parse({ by: ['-user', 'time'] });
  assert.deepEqual(op.fields!(params as never), ['user', 'time']);
  const keys = [{ field: 'user', order: 'desc' }, { field: 'time', order: 'asc' }];
  assert.deepEqual(foldIntoQuery({}, [{ op: 'sort', params: params as Record<string, unknown> }], registry), { query: { sort: keys }, steps: [] });
  const { source, reads } = recordingSource(events);
  const env = await runRecorded(source, { steps: [{ op: 'sort', by: ['-user', 'time'] }] });
  assert.deepEqual(reads, [{ query: { sort: keys } }]);
  // the source cannot sort, so the runner sorts the read as the query asks
  const byId = new Map(events.map((e) => [e.id, e]));
  assert.deepEqual(env.result, { kind: 'events', count: 5, events: ['4', '5', '2', '1', '3'].map((id) => byId.get(id)) });
});
