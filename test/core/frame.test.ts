import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectedGraph } from 'graphology';
import { FRAME_KINDS, TABLE_BATCH, graphFrame, tableFrame, withBatches, type Column, type EventsFrame, type Graph, type Row } from '../../src/core/frame.js';

async function collect<T>(batches: AsyncIterable<readonly T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const batch of batches) out.push([...batch]);
  return out;
}

const columns: readonly Column[] = [{ name: 'n', type: 'integer' }];
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ n: i }));

test('the frame kinds and the table batch size', () => {
  assert.deepEqual(FRAME_KINDS, ['events', 'table', 'graph']);
  assert.equal(TABLE_BATCH, 1000);
});

test('a table in memory streams in batches of TABLE_BATCH rows, the last one shorter', async () => {
  const frame = tableFrame(columns, rows(2 * TABLE_BATCH + 1));
  assert.equal(frame.kind, 'table');
  assert.equal(frame.columns, columns);
  const batches = await collect(frame.batches);
  assert.deepEqual(batches.map((b) => b.length), [TABLE_BATCH, TABLE_BATCH, 1]);
  assert.deepEqual(batches[0]![0], { n: 0 });
  assert.deepEqual(batches[1]![0], { n: TABLE_BATCH });
  assert.deepEqual(batches[2], [{ n: 2 * TABLE_BATCH }]);
});

test('a table of exactly one batch, of fewer rows, and of none', async () => {
  assert.deepEqual((await collect(tableFrame(columns, rows(TABLE_BATCH)).batches)).map((b) => b.length), [TABLE_BATCH]);
  assert.deepEqual(await collect(tableFrame(columns, rows(3)).batches), [[{ n: 0 }, { n: 1 }, { n: 2 }]]);
  assert.deepEqual(await collect(tableFrame(columns, []).batches), []);
});

test('a graph frame builds its graph only when iterated, and yields it once in a batch of one', async () => {
  let built = 0;
  const graph: Graph = new DirectedGraph();
  graph.addNode('a');
  const frame = graphFrame(async () => {
    built++;
    return graph;
  });
  assert.equal(frame.kind, 'graph');
  assert.equal(built, 0);
  const batches = await collect(frame.batches);
  assert.equal(built, 1);
  assert.equal(batches.length, 1);
  assert.equal(batches[0]!.length, 1);
  assert.equal(batches[0]![0], graph);
});

test('withBatches replaces the stream and keeps the kind, columns and order', async () => {
  const table = withBatches(tableFrame(columns, rows(5)), (async function* () {
    yield [{ n: 9 }];
  })());
  assert.equal(table.kind, 'table');
  assert.equal(table.columns, columns);
  assert.deepEqual(await collect(table.batches), [[{ n: 9 }]]);

  const events: EventsFrame = { kind: 'events', batches: (async function* () {})(), order: { by: ['user'] } };
  const replaced = withBatches(events, (async function* () {
    yield [{ id: 'e', doc: {} }];
  })());
  assert.deepEqual(replaced.order, { by: ['user'] });
  assert.equal(replaced.kind, 'events');
  assert.deepEqual(await collect(replaced.batches), [[{ id: 'e', doc: {} }]]);
  assert.deepEqual(Object.keys(replaced), ['kind', 'batches', 'order']);
});
