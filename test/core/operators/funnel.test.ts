import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { funnelOperator } from '../../../src/core/operators/funnel.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { rowsOf, runOp } from './run-op.js';
import { docSections } from './operator-doc-section.js';
import { PARTITION_SCHEMA, schemaFacts } from './shared-params.js';
import { run } from './sequence-run.js';

const click = { field: 'type', op: 'eq', value: 'click' };
const submit = { field: 'type', op: 'eq', value: 'submit' };

// s1 clicks (0 s) then submits (1 s): both steps; s2 only clicks; s3 and s4 never click.
const events = [
  ev('1', 0, { session: 's1', type: 'click' }),
  ev('2', 1000, { session: 's1', type: 'submit' }),
  ev('3', 0, { session: 's2', type: 'click' }),
  ev('4', 0, { session: 's3', type: 'focus' }),
  ev('5', 0, { session: 's4', type: 'blur' }),
];

const COLUMNS = [
  { name: 'step', type: 'integer' },
  { name: 'name', type: 'string' },
  { name: 'reached', type: 'integer', description: 'Partitions that reached this step and every one before.' },
  { name: 'conversion_from_previous', type: 'number' },
  { name: 'conversion_from_first', type: 'number' },
  { name: 'dropped', type: 'integer' },
  { name: 'drop_off', type: 'number' },
  { name: 'median_time_to_convert_ms', type: 'number' },
  { name: 'dropped_ids', type: 'json', description: 'Partition ids (key values joined by |) that dropped here.' },
];

test('unnamed steps are "step N" (1-based); the table has the documented columns', async () => {
  const frame = runOp('funnel', { steps: [{ where: click }, { where: submit }] }, events);
  assert.equal(frame.kind, 'table');
  assert.deepEqual(frame.kind === 'table' ? frame.columns : undefined, COLUMNS);
  assert.deepEqual(await rowsOf(frame), [
    // step 1 over all 4 partitions: s1 and s2 reach it (times 0 and 0), s3 and s4 drop
    { step: 1, name: 'step 1', reached: 2, conversion_from_previous: 2 / 4, conversion_from_first: 1, dropped: 2, drop_off: 2 / 4, median_time_to_convert_ms: 0, dropped_ids: ['s3', 's4'] },
    // step 2: only s1 (1000 ms after its click); s2 drops
    { step: 2, name: 'step 2', reached: 1, conversion_from_previous: 1 / 2, conversion_from_first: 1 / 2, dropped: 1, drop_off: 1 / 2, median_time_to_convert_ms: 1000, dropped_ids: ['s2'] },
  ]);
});

test('a named step keeps its name next to unnamed ones', async () => {
  const rows = await rowsOf(runOp('funnel', { steps: [{ where: click }, { name: 'sent', where: submit }, { where: click }] }, events));
  assert.deepEqual(rows.map((r) => (r as { name: string }).name), ['step 1', 'sent', 'step 3']);
});

test('dropLimit caps the dropped ids per step, not the dropped count; 0 lists none', async () => {
  assert.deepEqual(await rowsOf(runOp('funnel', { steps: [{ where: click }], dropLimit: 1 }, events)), [
    { step: 1, name: 'step 1', reached: 2, conversion_from_previous: 2 / 4, conversion_from_first: 1, dropped: 2, drop_off: 2 / 4, median_time_to_convert_ms: 0, dropped_ids: ['s3'] },
  ]);
  assert.deepEqual(await rowsOf(runOp('funnel', { steps: [{ where: click }], dropLimit: 0 }, events)), [
    { step: 1, name: 'step 1', reached: 2, conversion_from_previous: 2 / 4, conversion_from_first: 1, dropped: 2, drop_off: 2 / 4, median_time_to_convert_ms: 0, dropped_ids: [] },
  ]);
});

test('a negative dropLimit is invalid_pipeline naming the parameter', async () => {
  await assert.rejects(run('funnel', { steps: [{ where: click }], dropLimit: -1 }, events), {
    name: 'InvalidPipelineError',
    code: 'invalid_pipeline',
    message: 'Invalid pipeline at steps[0].dropLimit: Too small: expected number to be >=0',
    issues: [{ code: 'too_small', path: ['steps', 0, 'dropLimit'], message: 'Too small: expected number to be >=0' }],
  });
});

test('a step condition that is not a valid time is invalid_query at steps[i].where', async () => {
  const message = '"nope" is not a time: use epoch milliseconds, ISO 8601 (2024-05-01T10:00:00Z) or date math (now-7d/d).';
  assert.throws(() => runOp('funnel', { steps: [{ where: click }, { where: { field: 'time', op: 'gte', value: 'nope' } }] }, events), {
    name: 'InvalidQueryError',
    code: 'invalid_query',
    message: 'Invalid time "nope" at steps[1].where.value.',
    issues: [{ code: 'invalid_time', path: ['steps', 1, 'where', 'value'], message }],
  });
});

test('run refuses a table frame (the registry never passes one: funnel accepts events only)', () => {
  const op = createRegistry().get('funnel');
  const params = op.params.parse({ steps: [{ where: click }] });
  assert.throws(() => op.run({ kind: 'table', columns: [], batches: batches([]) }, params, opContext()), { name: 'Error', message: 'unreachable: funnel accepts events' });
});

test('docs/operators.md documents funnel as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(funnelOperator);
  assert.equal(rendered, committed);
});

test('describe: name, kinds, origin and the parameter schema (its prose is pinned by the docs section)', () => {
  const d = createRegistry().describe('funnel');
  const { $defs, ...params } = d.params;
  assert.equal(typeof $defs, 'object'); // the query language's condition schema, tested with the query schema
  assert.deepEqual(schemaFacts({ ...d, params }), {
    name: 'funnel',
    accepts: ['events'],
    produces: { events: 'table' },
    origin: 'builtin',
    params: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        partition: PARTITION_SCHEMA,
        steps: {
          minItems: 1,
          type: 'array',
          items: {
            type: 'object',
            properties: {
              // nested parameters: not in the docs' parameter table, so their descriptions are pinned here
              name: { description: 'Step name in the report (default: "step N").', type: 'string', minLength: 1 },
              where: { description: 'Condition an event must satisfy to be this step (query language).', $ref: '#/$defs/__schema0' },
            },
            required: ['where'],
            additionalProperties: false,
          },
        },
        mode: { default: 'ordered', type: 'string', enum: ['strict', 'ordered', 'any-order'] },
        windowMs: { type: 'number', exclusiveMinimum: 0 },
        dropLimit: { default: 100, type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      },
      required: ['steps'],
      additionalProperties: false,
    },
  });
});
