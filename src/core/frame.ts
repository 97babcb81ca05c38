import type { AbstractGraph, Attributes } from 'graphology-types';
import type { EventBatches } from './source.js';

/** A row of a table result: a flat record (pandas `DataFrame.from_records` friendly). */
export type Row = Record<string, unknown>;

/**
 * Column types of table results. `time` is epoch milliseconds (float); `json` holds arrays or objects; `any` may
 * hold any JSON value (a document field whose type the source does not declare).
 */
export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'time' | 'json' | 'any';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly description?: string | undefined;
}

/**
 * The graph type of graph results: a graphology graph (directed or undirected, simple) whose node, edge and graph
 * attributes are flat JSON values. Build one with `new DirectedGraph()` from `graphology`.
 */
export type Graph = AbstractGraph<Attributes, Attributes, Attributes>;

/** Kinds of data that flow between pipeline steps and out as results; each is described once in `frame-kinds.ts`. */
export const FRAME_KINDS = ['events', 'table', 'graph'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/**
 * How an events stream is ordered: partitioned by the `by` fields (events with equal values are contiguous) and,
 * within a partition, by time ascending (untimed events last), ties by id with digit runs compared as numbers
 * (for files `<file>#<line>`: source order). `by: []` is one partition: the whole stream in time order.
 */
export interface PartitionOrder {
  readonly by: readonly string[];
  /**
   * How partitions follow each other. Default: by key values (above). `id-prefix`: by the text of the key as an id
   * prefix, `partitionPrefix(key) + '/'` (components `idPart`-encoded, joined by `/`), compared as strings, ties by
   * key values — the order of ids that start with that prefix, so an operator that builds such ids (sessionize) can
   * emit its output already in the order of the ids (`OperatorDefinition.emitsOrder`). Partitions and the order
   * within them are the same; only their sequence differs.
   */
  readonly keys?: 'id-prefix' | undefined;
}

/** Canonical events, streamed in batches. `order` says when the stream is known to be partition-ordered. */
export interface EventsFrame {
  readonly kind: 'events';
  readonly batches: EventBatches;
  readonly order?: PartitionOrder | undefined;
}

/** A table: typed columns and rows, streamed in batches. */
export interface TableFrame {
  readonly kind: 'table';
  readonly columns: readonly Column[];
  readonly batches: AsyncIterable<readonly Row[]>;
}

/**
 * A graph: exactly one graphology `Graph` (directed or not) in one batch of one, produced when its input has been
 * consumed. Node and edge attributes are flat JSON values (so they write as flat records, GEXF and GraphML).
 * Graph-level attributes travel as the graph's own attributes.
 */
export interface GraphFrame {
  readonly kind: 'graph';
  readonly batches: AsyncIterable<readonly Graph[]>;
}

/**
 * What flows between steps: every kind has the same streaming shape `{ kind, batches }` plus what the kind needs
 * (a table's columns). Code that only moves batches (abort, paging, priming, teeing) works on any kind through
 * {@link withBatches}; code that writes or collects reads the kind's entry in `FRAME_KIND_SPECS`.
 */
export type Frame = EventsFrame | TableFrame | GraphFrame;

/** The frame with its batch stream replaced (same kind, columns and order). */
export function withBatches<F extends Frame>(frame: F, batches: AsyncIterable<readonly unknown[]>): F {
  return { ...frame, batches } as F;
}

/** A table frame over rows already in memory. */
export function tableFrame(columns: readonly Column[], rows: readonly Row[]): TableFrame {
  return {
    kind: 'table',
    columns,
    batches: (async function* () {
      for (let i = 0; i < rows.length; i += TABLE_BATCH) yield rows.slice(i, i + TABLE_BATCH);
    })(),
  };
}

/** A graph frame yielding `graph` once `build` has resolved (lazily: nothing runs until iterated). */
export function graphFrame(build: () => Promise<Graph>): GraphFrame {
  return {
    kind: 'graph',
    batches: (async function* () {
      yield [await build()];
    })(),
  };
}

/** Rows per batch when a table in memory is streamed. */
export const TABLE_BATCH = 1000;
