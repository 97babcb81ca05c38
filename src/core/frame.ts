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

/** Kinds of data that flow between pipeline steps (and out as results). */
export type FrameKind = Frame['kind'];

/** Canonical events, streamed in batches. */
export interface EventsFrame {
  readonly kind: 'events';
  readonly batches: EventBatches;
}

/** A table: typed columns and rows, streamed in batches. */
export interface TableFrame {
  readonly kind: 'table';
  readonly columns: readonly Column[];
  readonly rows: AsyncIterable<readonly Row[]>;
}

/** What flows between steps. Later result kinds (graphs, statistics, sessions) join this union. */
export type Frame = EventsFrame | TableFrame;

/** A table frame over rows already in memory. */
export function tableFrame(columns: readonly Column[], rows: readonly Row[]): TableFrame {
  return {
    kind: 'table',
    columns,
    rows: (async function* () {
      for (let i = 0; i < rows.length; i += TABLE_BATCH) yield rows.slice(i, i + TABLE_BATCH);
    })(),
  };
}

/** Rows per batch when a table in memory is streamed. */
export const TABLE_BATCH = 1000;
