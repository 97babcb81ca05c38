import { DirectedGraph, UndirectedGraph } from 'graphology';
import { z } from 'zod';
import type { CanonicalEvent } from './event.js';
import type { Column, EventsFrame, Frame, FrameKind, Graph, GraphFrame, Row, TableFrame } from './frame.js';
import { TABLE_BATCH } from './frame.js';
import { graphEdgeRecords, graphNodeRecords, recordColumns } from './graph/graph-records.js';
import { writeDot } from './graph/write-dot.js';
import { writeGexf } from './graph/write-gexf.js';
import { writeGraphml } from './graph/write-graphml.js';
import { eventColumns, eventRowMaker } from './output/records.js';
import type { EventsResult, GraphResult, ResultValue, TableResult } from './pipeline/envelope.js';
import { collectBatches, fromArray } from './stream.js';

/** Every output format; which ones a kind can be written as is in its entry's `formats`. */
export const ALL_OUTPUT_FORMATS = ['json', 'ndjson', 'csv', 'gexf', 'graphml', 'dot'] as const;
export type AnyOutputFormat = (typeof ALL_OUTPUT_FORMATS)[number];

/** What a writer needs to know beyond the frame: the query's projection, derived attribute names, record choice. */
export interface RecordOptions {
  /** Document fields the query projected (events written as CSV get one column each). */
  readonly fields?: readonly string[] | undefined;
  /** Derived attributes the pipeline's steps declare (events written as CSV get one column each). */
  readonly attrs?: readonly string[] | undefined;
  /** Graphs written as NDJSON/CSV: one record per edge (default) or per node. */
  readonly records?: 'edges' | 'nodes' | undefined;
}

/** Flat records of a frame: columns (for CSV headers) and the records in batches. */
export interface FrameRecords {
  readonly columns: readonly Column[];
  /** NDJSON writes these as they are (events keep `doc` and `attrs` nested). */
  readonly records: AsyncIterable<readonly unknown[]>;
  /** CSV cells of one record, in `columns` order. */
  readonly toRow: (record: unknown) => Row;
}

/**
 * One entry of the kind table: everything the rest of Distill needs to know about a frame kind. Writers, the
 * runner, the server's paging, the OpenAPI document and the library read this table; none of them branches on kind.
 */
export interface FrameKindSpec<F extends Frame = Frame, R extends ResultValue = ResultValue> {
  readonly kind: F['kind'];
  readonly summary: string;
  /** Output formats this kind can be written as (`json`, `ndjson` and `csv` for every kind). */
  readonly formats: readonly AnyOutputFormat[];
  /** Materialise the frame as its result value (memory: the whole result). */
  collect(frame: F): Promise<R>;
  /** A frame replaying a collected result (multi-output writes, tests). */
  replay(result: R): F;
  /** The `result` object as JSON text chunks, streamed batch by batch: `{"kind":…,…,"count":n}`. */
  json(first: IteratorResult<readonly unknown[]>, rest: AsyncIterator<readonly unknown[]>, frame: F): AsyncGenerator<string>;
  /** Flat records for NDJSON, CSV and paging. */
  records(frame: F, options: RecordOptions): Promise<FrameRecords>;
  /** File formats beyond json/ndjson/csv: text chunks of the whole result. */
  readonly files?: Partial<Record<AnyOutputFormat, (frame: F) => AsyncGenerator<string>>>;
  /** How the server pages this kind with `?limit=`/`cursor`: by records, or not at all. */
  readonly paging: 'records' | 'none';
  /** Zod schema of the result value (OpenAPI). */
  readonly schema: z.ZodType;
}

const ColumnSchema = z.object({ name: z.string(), type: z.enum(['string', 'number', 'integer', 'boolean', 'time', 'json', 'any']) });

/** Zod schema of a canonical event as results carry it. */
export const CanonicalEventSchema = z
  .object({
    id: z.string(),
    time: z.number().optional().describe('Epoch milliseconds (fractional); absent for events without a time.'),
    end: z.number().optional(),
    user: z.string().optional(),
    session: z.string().optional(),
    type: z.string().optional(),
    target: z.string().optional(),
    path: z.array(z.string()).optional(),
    page: z.string().optional(),
    kind: z.string().optional(),
    doc: z.record(z.string(), z.unknown()).describe('The source document (projected when the query lists fields).'),
    attrs: z.record(z.string(), z.unknown()).optional().describe('Derived attributes added by pipeline steps.'),
  })
  .describe('A canonical event.');

async function* jsonArray(first: IteratorResult<readonly unknown[]>, rest: AsyncIterator<readonly unknown[]>): AsyncGenerator<string, number> {
  let count = 0;
  let next = first;
  while (next.done !== true) {
    const batch = next.value;
    if (batch.length > 0) {
      yield (count === 0 ? '\n' : ',\n') + batch.map((r) => JSON.stringify(r)).join(',\n');
      count += batch.length;
    }
    next = await rest.next();
  }
  yield '\n]';
  return count;
}

const eventsKind: FrameKindSpec<EventsFrame, EventsResult> = {
  kind: 'events',
  summary: 'Canonical events in batches; written as the events themselves (JSON, NDJSON) or one row per event (CSV).',
  formats: ['json', 'ndjson', 'csv'],
  async collect(frame) {
    const events = await collectBatches(frame.batches);
    return { kind: 'events', count: events.length, events };
  },
  replay: (result) => ({ kind: 'events', batches: fromArray(result.events) }),
  async *json(first, rest) {
    yield '{"kind":"events","events":[';
    const count = yield* jsonArray(first, rest);
    yield `,"count":${count}}`;
  },
  async records(frame, options) {
    const columns = eventColumns(options.fields, options.attrs);
    const toRow = eventRowMaker(columns);
    return { columns, records: frame.batches, toRow: (e) => toRow(e as CanonicalEvent) };
  },
  paging: 'records',
  schema: z.object({ kind: z.literal('events'), events: z.array(CanonicalEventSchema), count: z.number().int() }),
};

const tableKind: FrameKindSpec<TableFrame, TableResult> = {
  kind: 'table',
  summary: 'A table: typed columns and flat rows (pandas.DataFrame.from_records(rows)).',
  formats: ['json', 'ndjson', 'csv'],
  async collect(frame) {
    const rows = await collectBatches(frame.batches);
    return { kind: 'table', columns: frame.columns, count: rows.length, rows };
  },
  replay: (result) => ({ kind: 'table', columns: result.columns, batches: fromArray(result.rows, TABLE_BATCH) }),
  async *json(first, rest, frame) {
    yield `{"kind":"table","columns":${JSON.stringify(frame.columns)},"rows":[`;
    const count = yield* jsonArray(first, rest);
    yield `,"count":${count}}`;
  },
  async records(frame) {
    return { columns: frame.columns, records: frame.batches, toRow: (r) => r as Row };
  },
  paging: 'records',
  schema: z.object({
    kind: z.literal('table'),
    columns: z.array(ColumnSchema),
    rows: z.array(z.record(z.string(), z.unknown())).describe('Flat records: pandas.DataFrame.from_records(rows).'),
    count: z.number().int(),
  }),
};

/** The one graph of a graph frame (an empty directed graph when the frame yields none). */
export async function graphOf(frame: GraphFrame): Promise<Graph> {
  for await (const batch of frame.batches) if (batch[0] !== undefined) return batch[0];
  return new DirectedGraph();
}

function graphResult(graph: Graph): GraphResult {
  const nodes = graphNodeRecords(graph);
  const edges = graphEdgeRecords(graph);
  return {
    kind: 'graph',
    directed: graph.type !== 'undirected',
    attributes: { ...graph.getAttributes() },
    nodes,
    edges,
    nodeCount: nodes.length,
    edgeCount: edges.length,
    count: edges.length,
  };
}

/** Rebuild a graphology graph from a graph result (records → nodes and edges with their attributes). */
export function graphFromResult(result: GraphResult): Graph {
  const graph: Graph = result.directed ? new DirectedGraph() : new UndirectedGraph();
  graph.replaceAttributes({ ...result.attributes });
  for (const { key, ...attributes } of result.nodes) graph.addNode(String(key), attributes);
  for (const { source, target, ...attributes } of result.edges) graph.addEdge(String(source), String(target), attributes);
  return graph;
}

async function* graphFile(frame: GraphFrame, write: (g: Graph) => Iterable<string>): AsyncGenerator<string> {
  yield* write(await graphOf(frame));
}

const graphKind: FrameKindSpec<GraphFrame, GraphResult> = {
  kind: 'graph',
  summary: 'A graph (graphology): nodes and edges with flat attributes; also GEXF, GraphML and DOT files.',
  formats: ['json', 'ndjson', 'csv', 'gexf', 'graphml', 'dot'],
  async collect(frame) {
    return graphResult(await graphOf(frame));
  },
  replay: (result) => ({
    kind: 'graph',
    batches: (async function* () {
      yield [graphFromResult(result)];
    })(),
  }),
  async *json(first, rest) {
    let graph: Graph | undefined = first.done === true ? undefined : first.value[0] as Graph | undefined;
    if (graph === undefined) for (let n = await rest.next(); n.done !== true && graph === undefined; n = await rest.next()) graph = n.value[0] as Graph | undefined;
    const r = graphResult(graph ?? new DirectedGraph());
    yield `{"kind":"graph","directed":${r.directed},"attributes":${JSON.stringify(r.attributes)},"nodes":[`;
    yield* jsonArray({ done: false, value: r.nodes }, emptyIterator());
    yield ',"edges":[';
    yield* jsonArray({ done: false, value: r.edges }, emptyIterator());
    yield `,"nodeCount":${r.nodeCount},"edgeCount":${r.edgeCount},"count":${r.count}}`;
  },
  async records(frame, options) {
    const graph = await graphOf(frame);
    const nodes = options.records === 'nodes';
    const rows = nodes ? graphNodeRecords(graph) : graphEdgeRecords(graph);
    const first: Column[] = nodes
      ? [{ name: 'key', type: 'string' }]
      : [{ name: 'source', type: 'string' }, { name: 'target', type: 'string' }];
    return { columns: recordColumns(rows, first), records: fromArray(rows, TABLE_BATCH), toRow: (r) => r as Row };
  },
  files: {
    gexf: (frame) => graphFile(frame, writeGexf),
    graphml: (frame) => graphFile(frame, writeGraphml),
    dot: (frame) => graphFile(frame, writeDot),
  },
  paging: 'none',
  schema: z.object({
    kind: z.literal('graph'),
    directed: z.boolean(),
    attributes: z.record(z.string(), z.unknown()).describe('Graph-level attributes (e.g. the node label, partition field, totals).'),
    nodes: z.array(z.record(z.string(), z.unknown())).describe('Flat node records { key, ...attributes }.'),
    edges: z.array(z.record(z.string(), z.unknown())).describe('Flat edge records { source, target, ...attributes }.'),
    nodeCount: z.number().int(),
    edgeCount: z.number().int(),
    count: z.number().int().describe('Records NDJSON/CSV write by default: the edges.'),
  }),
};

function emptyIterator(): AsyncIterator<readonly unknown[]> {
  return { next: async () => ({ done: true, value: undefined }) };
}

/**
 * The kind table. Adding a frame kind means adding an entry here (and its result type to `ResultValue`); writers,
 * the runner, server paging, OpenAPI and the library pick it up.
 */
export const FRAME_KIND_SPECS: { readonly [K in FrameKind]: FrameKindSpec<Extract<Frame, { kind: K }>, Extract<ResultValue, { kind: K }>> } = {
  events: eventsKind,
  table: tableKind,
  graph: graphKind,
};

/** The table entry of a frame's kind (typed loosely: callers hold a `Frame` of any kind). */
export function kindSpec(kind: FrameKind): FrameKindSpec {
  return FRAME_KIND_SPECS[kind] as unknown as FrameKindSpec;
}

/** The message for a result of `kind` asked for a `format` it cannot be written as, naming the ones it can. */
export function formatRefusal(kind: FrameKind, format: string): string {
  return `${kind === 'events' ? 'An' : 'A'} ${kind} result cannot be written as ${format}; use ${kindSpec(kind).formats.join(', ')}.`;
}

/** Materialise any frame as its result value. */
export function collectFrame(frame: Frame): Promise<ResultValue> {
  return kindSpec(frame.kind).collect(frame);
}

/** A frame replaying a result value. */
export function replayResult(result: ResultValue): Frame {
  return kindSpec(result.kind).replay(result as never);
}
