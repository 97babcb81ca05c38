import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectedGraph, MultiGraph, UndirectedGraph } from 'graphology';
import { z } from 'zod';
import type { CanonicalEvent } from '../../src/core/event.js';
import { ALL_OUTPUT_FORMATS, FRAME_KIND_SPECS, collectFrame, graphFromResult, graphOf, kindSpec, replayResult } from '../../src/core/frame-kinds.js';
import { FRAME_KINDS, type Column, type Graph, type GraphFrame, type Row } from '../../src/core/frame.js';
import { writeDot } from '../../src/core/graph/write-dot.js';
import { writeGexf } from '../../src/core/graph/write-gexf.js';
import { writeGraphml } from '../../src/core/graph/write-graphml.js';
import type { GraphResult } from '../../src/core/pipeline/envelope.js';
import { ev } from '../helpers/events.js';

/**
 * A batch stream as the writers see it (`first` already read, `rest` to pull): counts the reads and, like a finished
 * generator, answers `done` again after the end — but only twice, then fails, so a writer that keeps reading an
 * ended stream shows up as an error rather than as an endless loop.
 */
function reader<T>(list: readonly (readonly T[])[]): { first: IteratorResult<readonly unknown[]>; rest: AsyncIterator<readonly unknown[]>; reads: () => number } {
  let i = 0;
  let reads = 0;
  const next = (): IteratorResult<readonly unknown[]> => {
    if (i > list.length + 2) throw new Error('kept reading an ended stream');
    const r: IteratorResult<readonly unknown[]> = i < list.length ? { done: false, value: list[i]! } : { done: true, value: undefined };
    i++;
    return r;
  };
  const first = next();
  return {
    first,
    rest: {
      next: async () => {
        reads++;
        return next();
      },
    },
    reads: () => reads,
  };
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

async function* stream<T>(...list: (readonly T[])[]): AsyncGenerator<readonly T[]> {
  yield* list;
}

function sampleGraph(): Graph {
  const g = new DirectedGraph();
  g.setAttribute('label', 'type');
  g.addNode('a', { count: 2 });
  g.addNode('b', { count: 1, name: 'B' });
  g.addEdge('a', 'b', { weight: 3 });
  g.addEdge('b', 'a', { weight: 0.5 });
  return g;
}

const e1 = ev('f#1', 1, { type: 'click' }, { x: 1 });
const e2 = ev('f#2', 2, {}, { x: 'a,b' });
const e3: CanonicalEvent = { id: 'f#3', doc: {} };

test('events as JSON: streamed batch by batch, empty batches write nothing, the count at the end', async () => {
  const r = reader([[], [e1, e2], [], [e3]]);
  const json = await text(FRAME_KIND_SPECS.events.json(r.first, r.rest, { kind: 'events', batches: stream() }));
  assert.equal(json, `{"kind":"events","events":[\n${JSON.stringify(e1)},\n${JSON.stringify(e2)},\n${JSON.stringify(e3)}\n],"count":3}`);
  assert.deepEqual(JSON.parse(json), { kind: 'events', events: [e1, e2, e3], count: 3 });
  assert.equal(r.reads(), 4);
  const none = reader<CanonicalEvent>([]);
  assert.equal(await text(FRAME_KIND_SPECS.events.json(none.first, none.rest, { kind: 'events', batches: stream() })), '{"kind":"events","events":[\n],"count":0}');
  const empty = reader<CanonicalEvent>([[], []]);
  assert.equal(await text(FRAME_KIND_SPECS.events.json(empty.first, empty.rest, { kind: 'events', batches: stream() })), '{"kind":"events","events":[\n],"count":0}');
});

test('a table as JSON: its columns, then the rows streamed, then the count', async () => {
  const columns: Column[] = [{ name: 'type', type: 'string' }, { name: 'n', type: 'integer' }];
  const r = reader<Row>([[{ type: 'click', n: 2 }], [], [{ type: 'blur', n: 1 }, { type: null, n: 0 }]]);
  const json = await text(FRAME_KIND_SPECS.table.json(r.first, r.rest, { kind: 'table', columns, batches: stream() }));
  assert.equal(
    json,
    '{"kind":"table","columns":[{"name":"type","type":"string"},{"name":"n","type":"integer"}],"rows":[\n{"type":"click","n":2},\n{"type":"blur","n":1},\n{"type":null,"n":0}\n],"count":3}',
  );
  const none = reader<Row>([]);
  assert.equal(await text(FRAME_KIND_SPECS.table.json(none.first, none.rest, { kind: 'table', columns: [], batches: stream() })), '{"kind":"table","columns":[],"rows":[\n],"count":0}');
});

const SAMPLE_JSON =
  '{"kind":"graph","directed":true,"attributes":{"label":"type"},"nodes":[\n{"key":"a","count":2},\n{"key":"b","count":1,"name":"B"}\n],' +
  '"edges":[\n{"source":"a","target":"b","weight":3},\n{"source":"b","target":"a","weight":0.5}\n],"nodeCount":2,"edgeCount":2,"count":2}';

test('a graph as JSON: the graph of the first batch, nodes and edges as flat records, counts; nothing read beyond it', async () => {
  const frame: GraphFrame = { kind: 'graph', batches: stream() };
  const r = reader([[sampleGraph()], [new DirectedGraph()]]);
  assert.equal(await text(FRAME_KIND_SPECS.graph.json(r.first, r.rest, frame)), SAMPLE_JSON);
  assert.equal(r.reads(), 0, 'the graph came with the first batch');
  // Empty batches before the graph are skipped; later graphs are not read as the result.
  const later = new DirectedGraph();
  later.addNode('z');
  const r2 = reader([[], [sampleGraph()], [later]]);
  assert.equal(await text(FRAME_KIND_SPECS.graph.json(r2.first, r2.rest, frame)), SAMPLE_JSON);
  assert.equal(r2.reads(), 2, 'up to the batch after the graph');
  // No graph at all: an empty directed graph.
  const emptyJson = '{"kind":"graph","directed":true,"attributes":{},"nodes":[\n],"edges":[\n],"nodeCount":0,"edgeCount":0,"count":0}';
  const r3 = reader<Graph>([]);
  assert.equal(await text(FRAME_KIND_SPECS.graph.json(r3.first, r3.rest, frame)), emptyJson);
  assert.equal(r3.reads(), 1);
  const r4 = reader<Graph>([[], []]);
  assert.equal(await text(FRAME_KIND_SPECS.graph.json(r4.first, r4.rest, frame)), emptyJson);
  assert.equal(r4.reads(), 2);
  // Undirected graphs say so.
  const u = new UndirectedGraph();
  u.mergeEdge('x', 'y');
  const r5 = reader([[u]]);
  assert.equal(
    await text(FRAME_KIND_SPECS.graph.json(r5.first, r5.rest, frame)),
    '{"kind":"graph","directed":false,"attributes":{},"nodes":[\n{"key":"x"},\n{"key":"y"}\n],"edges":[\n{"source":"x","target":"y"}\n],"nodeCount":2,"edgeCount":1,"count":1}',
  );
});

test('collect and replay: every kind round-trips through its result value', async () => {
  const events = await collectFrame({ kind: 'events', batches: stream([e1], [], [e2, e3]) });
  assert.deepEqual(events, { kind: 'events', count: 3, events: [e1, e2, e3] });
  assert.deepEqual(await collectFrame(replayResult(events)), events);

  const columns: Column[] = [{ name: 'n', type: 'integer' }];
  const rows = Array.from({ length: 1500 }, (_, n) => ({ n }));
  const table = await collectFrame({ kind: 'table', columns, batches: stream(rows.slice(0, 700), rows.slice(700)) });
  assert.deepEqual(table, { kind: 'table', columns, count: 1500, rows });
  const replayed = replayResult(table);
  const sizes: number[] = [];
  for await (const b of replayed.batches) sizes.push(b.length);
  assert.deepEqual(sizes, [1000, 500], 'tables replay in batches of TABLE_BATCH rows');

  const graph = await collectFrame({ kind: 'graph', batches: stream([sampleGraph()]) });
  const want: GraphResult = {
    kind: 'graph',
    directed: true,
    attributes: { label: 'type' },
    nodes: [{ key: 'a', count: 2 }, { key: 'b', count: 1, name: 'B' }],
    edges: [{ source: 'a', target: 'b', weight: 3 }, { source: 'b', target: 'a', weight: 0.5 }],
    nodeCount: 2,
    edgeCount: 2,
    count: 2,
  };
  assert.deepEqual(graph, want);
  assert.deepEqual(await collectFrame(replayResult(graph)), want);
  const batches: number[] = [];
  for await (const b of replayResult(graph).batches) batches.push(b.length);
  assert.deepEqual(batches, [1], 'a graph replays as one batch holding the graph');

  const undirected = new UndirectedGraph();
  undirected.mergeEdge('x', 'y', { w: 1 });
  assert.equal(((await collectFrame({ kind: 'graph', batches: stream([undirected]) })) as GraphResult).directed, false);
  const mixed = new MultiGraph();
  mixed.addNode('m');
  assert.equal(((await collectFrame({ kind: 'graph', batches: stream([mixed]) })) as GraphResult).directed, true, 'only undirected graphs are undirected');
  const empty = (await collectFrame({ kind: 'graph', batches: stream([], []) })) as GraphResult;
  assert.deepEqual(empty, { kind: 'graph', directed: true, attributes: {}, nodes: [], edges: [], nodeCount: 0, edgeCount: 0, count: 0 });
});

test('graphFromResult rebuilds type, graph attributes, nodes and edges with their attributes', async () => {
  const g = graphFromResult({
    kind: 'graph',
    directed: false,
    attributes: { label: 'type', total: 3 },
    nodes: [{ key: 'a', count: 2 }, { key: 7 }],
    edges: [{ source: 'a', target: 7, weight: 3 }],
    nodeCount: 2,
    edgeCount: 1,
    count: 1,
  });
  assert.equal(g.type, 'undirected');
  assert.deepEqual(g.getAttributes(), { label: 'type', total: 3 });
  assert.deepEqual(g.nodes(), ['a', '7']);
  assert.deepEqual(g.getNodeAttributes('a'), { count: 2 });
  assert.deepEqual(g.getEdgeAttributes(g.edges()[0]!), { weight: 3 });
  assert.equal(graphFromResult({ kind: 'graph', directed: true, attributes: {}, nodes: [], edges: [], nodeCount: 0, edgeCount: 0, count: 0 }).type, 'directed');
  assert.equal((await graphOf({ kind: 'graph', batches: stream([], [g]) })).getAttribute('total'), 3);
});

test('graph records: edges by default (source, target, attributes), nodes when asked (key, attributes)', async () => {
  const spec = FRAME_KIND_SPECS.graph;
  const rows = async (records: AsyncIterable<readonly unknown[]>) => {
    const out: unknown[] = [];
    for await (const b of records) out.push(...b);
    return out;
  };
  const edges = await spec.records({ kind: 'graph', batches: stream([sampleGraph()]) }, {});
  assert.deepEqual(edges.columns, [{ name: 'source', type: 'string' }, { name: 'target', type: 'string' }, { name: 'weight', type: 'number' }]);
  assert.deepEqual(await rows(edges.records), [{ source: 'a', target: 'b', weight: 3 }, { source: 'b', target: 'a', weight: 0.5 }]);
  assert.deepEqual(edges.toRow({ source: 'a', target: 'b', weight: 3 }), { source: 'a', target: 'b', weight: 3 });
  const explicit = await spec.records({ kind: 'graph', batches: stream([sampleGraph()]) }, { records: 'edges' });
  assert.deepEqual(explicit.columns, edges.columns);
  const nodes = await spec.records({ kind: 'graph', batches: stream([sampleGraph()]) }, { records: 'nodes' });
  assert.deepEqual(nodes.columns, [{ name: 'key', type: 'string' }, { name: 'count', type: 'integer' }, { name: 'name', type: 'string' }]);
  assert.deepEqual(await rows(nodes.records), [{ key: 'a', count: 2 }, { key: 'b', count: 1, name: 'B' }]);
  // An empty graph still has its fixed columns (a CSV header of source,target or key).
  assert.deepEqual((await spec.records({ kind: 'graph', batches: stream() }, {})).columns, [{ name: 'source', type: 'string' }, { name: 'target', type: 'string' }]);
  assert.deepEqual((await spec.records({ kind: 'graph', batches: stream() }, { records: 'nodes' })).columns, [{ name: 'key', type: 'string' }]);
  // Node keys are strings even when the only node looks numeric.
  const numeric = new DirectedGraph();
  numeric.addNode('1');
  assert.deepEqual((await spec.records({ kind: 'graph', batches: stream([numeric]) }, { records: 'nodes' })).columns, [{ name: 'key', type: 'string' }]);
});

test('events and table records: the frame batches as they are, events as CSV rows of their columns', async () => {
  const events = await FRAME_KIND_SPECS.events.records({ kind: 'events', batches: stream([e1]) }, { fields: ['x'], attrs: ['segment'] });
  assert.deepEqual(events.columns.map((c) => c.name), ['id', 'time', 'end', 'user', 'session', 'type', 'target', 'path', 'page', 'kind', 'x', 'segment']);
  assert.deepEqual(events.toRow(e1), { id: 'f#1', time: 1, end: null, user: null, session: null, type: 'click', target: null, path: null, page: null, kind: null, x: 1, segment: null });
  const columns: Column[] = [{ name: 'n', type: 'integer' }];
  const table = await FRAME_KIND_SPECS.table.records({ kind: 'table', columns, batches: stream([{ n: 1 }]) }, {});
  assert.equal(table.columns, columns);
  assert.deepEqual(table.toRow({ n: 1 }), { n: 1 });
});

test('graph files: GEXF, GraphML and DOT are the graph writers\' texts of the frame\'s graph', async () => {
  const files = FRAME_KIND_SPECS.graph.files!;
  assert.deepEqual(Object.keys(files), ['gexf', 'graphml', 'dot']);
  const g = sampleGraph(); // one instance: GEXF writes graphology's generated edge keys
  assert.equal(await text(files.gexf!({ kind: 'graph', batches: stream([g]) })), [...writeGexf(g)].join(''));
  assert.equal(await text(files.graphml!({ kind: 'graph', batches: stream([g]) })), [...writeGraphml(g)].join(''));
  const dot = await text(files.dot!({ kind: 'graph', batches: stream([g]) }));
  assert.equal(dot, [...writeDot(g)].join(''));
  assert.match(dot, /^digraph /);
  assert.equal(FRAME_KIND_SPECS.events.files, undefined);
  assert.equal(FRAME_KIND_SPECS.table.files, undefined);
});

test('the kind table: one entry per frame kind, its formats, paging, a one-line summary each', () => {
  assert.deepEqual(Object.keys(FRAME_KIND_SPECS), [...FRAME_KINDS]);
  for (const kind of FRAME_KINDS) {
    const spec = kindSpec(kind);
    assert.equal(spec.kind, kind);
    assert.match(spec.summary, /^\S[^\n]*\.$/, `${kind} has a one-line summary`);
    assert.ok(spec.formats.every((f) => (ALL_OUTPUT_FORMATS as readonly string[]).includes(f)));
  }
  assert.deepEqual(FRAME_KIND_SPECS.events.formats, ['json', 'ndjson', 'csv']);
  assert.deepEqual(FRAME_KIND_SPECS.table.formats, ['json', 'ndjson', 'csv']);
  assert.deepEqual(FRAME_KIND_SPECS.graph.formats, ['json', 'ndjson', 'csv', 'gexf', 'graphml', 'dot']);
  assert.deepEqual(FRAME_KINDS.map((k) => kindSpec(k).paging), ['records', 'records', 'none']);
});

// The result schemas as the OpenAPI document publishes them (build-openapi.ts converts them with these options).
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });
const INT = { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 };
const RECORD = { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} };
const $schema = 'https://json-schema.org/draft/2020-12/schema';

test('result schemas: events (canonical events with their role fields), exactly', () => {
  assert.deepEqual(toJson(FRAME_KIND_SPECS.events.schema), {
    $schema,
    type: 'object',
    properties: {
      kind: { type: 'string', const: 'events' },
      events: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            time: { description: 'Epoch milliseconds (fractional); absent for events without a time.', type: 'number' },
            end: { type: 'number' },
            user: { type: 'string' },
            session: { type: 'string' },
            type: { type: 'string' },
            target: { type: 'string' },
            path: { type: 'array', items: { type: 'string' } },
            page: { type: 'string' },
            kind: { type: 'string' },
            doc: { ...RECORD, description: 'The source document (projected when the query lists fields).' },
            attrs: { description: 'Derived attributes added by pipeline steps.', ...RECORD },
          },
          required: ['id', 'doc'],
          additionalProperties: false,
          description: 'A canonical event.',
        },
      },
      count: INT,
    },
    required: ['kind', 'events', 'count'],
    additionalProperties: false,
  });
});

test('result schemas: table (typed columns, flat rows), exactly', () => {
  assert.deepEqual(toJson(FRAME_KIND_SPECS.table.schema), {
    $schema,
    type: 'object',
    properties: {
      kind: { type: 'string', const: 'table' },
      columns: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, type: { type: 'string', enum: ['string', 'number', 'integer', 'boolean', 'time', 'json', 'any'] } },
          required: ['name', 'type'],
          additionalProperties: false,
        },
      },
      rows: { type: 'array', items: RECORD, description: 'Flat records: pandas.DataFrame.from_records(rows).' },
      count: INT,
    },
    required: ['kind', 'columns', 'rows', 'count'],
    additionalProperties: false,
  });
});

test('result schemas: graph (attributes, node and edge records, counts), exactly', () => {
  assert.deepEqual(toJson(FRAME_KIND_SPECS.graph.schema), {
    $schema,
    type: 'object',
    properties: {
      kind: { type: 'string', const: 'graph' },
      directed: { type: 'boolean' },
      attributes: { ...RECORD, description: 'Graph-level attributes (e.g. the node label, partition field, totals).' },
      nodes: { type: 'array', items: RECORD, description: 'Flat node records { key, ...attributes }.' },
      edges: { type: 'array', items: RECORD, description: 'Flat edge records { source, target, ...attributes }.' },
      nodeCount: INT,
      edgeCount: INT,
      count: { ...INT, description: 'Records NDJSON/CSV write by default: the edges.' },
    },
    required: ['kind', 'directed', 'attributes', 'nodes', 'edges', 'nodeCount', 'edgeCount', 'count'],
    additionalProperties: false,
  });
});

test('result schemas accept the results collect makes', async () => {
  const graph = await collectFrame({ kind: 'graph', batches: stream([sampleGraph()]) });
  assert.deepEqual(FRAME_KIND_SPECS.graph.schema.parse(graph), graph);
  const events = await collectFrame({ kind: 'events', batches: stream([e1, e2, e3]) });
  assert.deepEqual(FRAME_KIND_SPECS.events.schema.parse(events), events);
  assert.equal(FRAME_KIND_SPECS.table.schema.safeParse({ kind: 'table', columns: [{ name: 'x', type: 'date' }], rows: [], count: 0 }).success, false);
});
