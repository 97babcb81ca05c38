import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { featuresOperator } from '../../../src/core/operators/features.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { rowsOf, runOp } from './run-op.js';
import { docSections } from './operator-doc-section.js';
import { labelSchema, PARTITION_SCHEMA, schemaFacts } from './shared-params.js';

/** The columns after the partition fields and type counts, with their types (counts are integers). */
const TAIL = [
  { name: 'distinct_types', type: 'integer' },
  { name: 'distinct_targets', type: 'integer' },
  { name: 'duration_ms', type: 'number' },
  { name: 'idle_ms', type: 'number' },
  { name: 'max_gap_ms', type: 'number' },
  { name: 'transition_entropy', type: 'number' },
  { name: 'graph_nodes', type: 'integer' },
  { name: 'graph_edges', type: 'integer' },
  { name: 'graph_density', type: 'number' },
  { name: 'self_loops', type: 'integer' },
];

const columnsOf = (frame: Frame): unknown => (frame.kind === 'table' ? frame.columns : frame.kind);

/** Batch sizes of a frame, in order. */
async function batchSizes(frame: Frame): Promise<number[]> {
  const sizes: number[] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly unknown[]>) sizes.push(batch.length);
  return sizes;
}

test('partition fields, id, events, one count per type (names normalised), then the fixed feature columns', async () => {
  const events = [
    // u1/s1: targets a a b at 0, 1 s, 5 s — gaps 1000 and 4000 (idle above 2000: 4000)
    ev('1', 0, { user: 'u1', session: 's1', type: 'click', target: 'a' }),
    ev('2', 1000, { user: 'u1', session: 's1', type: 'Key Down', target: 'a' }),
    ev('3', 5000, { user: 'u1', session: 's1', type: 'click', target: 'b' }),
    // u2/s2: one event, no gap
    ev('4', 7000, { user: 'u2', session: 's2', type: 'scroll', target: 'c' }),
  ];
  const frame = runOp('features', { partition: ['user', 'session'], types: ['click', 'Key Down'], idleMs: 2000 }, events);
  assert.deepEqual(columnsOf(frame), [
    { name: 'user', type: 'any' },
    { name: 'session', type: 'any' },
    { name: 'id', type: 'string' },
    { name: 'events', type: 'integer' },
    { name: 'count_click', type: 'integer' },
    { name: 'count_key_down', type: 'integer' },
    ...TAIL,
  ]);
  assert.deepEqual(await rowsOf(frame), [
    // pairs a→a, a→b: entropy 1 bit; graph 2 nodes, 2 edges (one a self-loop), density 2 / (2 × 1)
    { user: 'u1', session: 's1', id: 'u1|s1', events: 3, count_click: 2, count_key_down: 1, distinct_types: 2, distinct_targets: 2, duration_ms: 5000, idle_ms: 4000, max_gap_ms: 4000, transition_entropy: 1, graph_nodes: 2, graph_edges: 2, graph_density: 1, self_loops: 1 },
    { user: 'u2', session: 's2', id: 'u2|s2', events: 1, count_click: 0, count_key_down: 0, distinct_types: 1, distinct_targets: 1, duration_ms: 0, idle_ms: 0, max_gap_ms: null, transition_entropy: 0, graph_nodes: 1, graph_edges: 0, graph_density: 0, self_loops: 0 },
  ]);
});

test('default types: UserALE’s ten common action types, in their fixed order', () => {
  assert.deepEqual(columnsOf(runOp('features', {}, [])), [
    { name: 'session', type: 'any' },
    { name: 'id', type: 'string' },
    { name: 'events', type: 'integer' },
    ...['click', 'dblclick', 'input', 'change', 'submit', 'keydown', 'scroll', 'focus', 'blur', 'load'].map((t) => ({ name: `count_${t}`, type: 'integer' })),
    ...TAIL,
  ]);
});

/** One single-event session per index: s0000, s0001, … */
const sessions = (n: number) => Array.from({ length: n }, (_, i) => ev(String(i), i, { session: `s${String(i).padStart(4, '0')}`, type: 'click', target: 't' }));

test('rows come in batches of 1000 (TABLE_BATCH), the rest in a last batch; no empty batch', async () => {
  const frame = runOp('features', { types: ['click'] }, sessions(1001));
  const sizes: number[] = [];
  const ids: unknown[] = [];
  for await (const batch of frame.batches as AsyncIterable<readonly Record<string, unknown>[]>) {
    sizes.push(batch.length);
    ids.push(batch[0]!.id, batch[batch.length - 1]!.id);
  }
  assert.deepEqual(sizes, [1000, 1]);
  assert.deepEqual(ids, ['s0000', 's0999', 's1000', 's1000']);
  assert.deepEqual(await batchSizes(runOp('features', { types: ['click'] }, sessions(1000))), [1000]);
  assert.deepEqual(await batchSizes(runOp('features', { types: ['click'] }, sessions(999))), [999]);
  assert.deepEqual(await batchSizes(runOp('features', { types: ['click'] }, [])), []);
});

test('run refuses a table frame (the registry never passes one: features accepts events only)', () => {
  const op = createRegistry().get('features');
  const params = op.params.parse({});
  assert.throws(() => op.run({ kind: 'table', columns: [], batches: batches([]) }, params, opContext()), { name: 'Error', message: 'unreachable: features accepts events' });
});

test('docs/operators.md documents features as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(featuresOperator);
  assert.equal(rendered, committed);
});

test('describe: name, kinds, origin and the parameter schema (its prose is pinned by the docs section)', () => {
  assert.deepEqual(schemaFacts(createRegistry().describe('features')), {
    name: 'features',
    accepts: ['events'],
    produces: { events: 'table' },
    origin: 'builtin',
    params: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        partition: PARTITION_SCHEMA,
        label: labelSchema('target'),
        types: {
          default: ['click', 'dblclick', 'input', 'change', 'submit', 'keydown', 'scroll', 'focus', 'blur', 'load'],
          type: 'array',
          items: { type: 'string', minLength: 1 },
        },
        idleMs: { default: 60_000, type: 'number', exclusiveMinimum: 0 },
      },
      additionalProperties: false,
    },
  });
});
