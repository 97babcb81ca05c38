import type { CanonicalEvent } from '../event.js';
import type { Column, Row } from '../frame.js';
import type { Warning } from '../warnings.js';
import type { NormalizedPipeline } from './pipeline-schema.js';

/** Run statistics. */
export interface RunStats {
  /** Documents examined in the source. */
  readonly scanned: number;
  /** Events that passed the query's time range and conditions. */
  readonly matched: number;
  /** Documents skipped (malformed, not objects, no time); see warnings for where. */
  readonly skipped: number;
  /** Wall-clock time of the run in milliseconds. */
  readonly tookMs: number;
  /** What ran inside the source rather than in memory (`filter`, `projection`, `aggregation:count-by`, …). */
  readonly pushedDown: readonly string[];
}

/** The pipeline that ran, normalised, with the instant `now` stood for: enough to recreate the analysis. */
/** The pipeline that ran, normalised, with the instant `now` stood for and, when one output was chosen, its name. */
export type RequestEcho = NormalizedPipeline & { readonly now: string; readonly selected?: string | undefined };

export interface EventsResult {
  readonly kind: 'events';
  readonly count: number;
  readonly events: readonly CanonicalEvent[];
}

export interface TableResult {
  readonly kind: 'table';
  readonly columns: readonly Column[];
  readonly count: number;
  readonly rows: readonly Row[];
}

/**
 * A graph result: `nodes` and `edges` as flat records (networkx: `nx.from_pandas_edgelist(pd.DataFrame(edges),
 * "source", "target", edge_attr=True, create_using=nx.DiGraph)`), graph-level attributes under `attributes`.
 */
export interface GraphResult {
  readonly kind: 'graph';
  readonly directed: boolean;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly nodes: readonly Row[];
  readonly edges: readonly Row[];
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Records written by default as NDJSON/CSV: the edges (every result's `count` is its record count). */
  readonly count: number;
}

/** A result, by kind (described once in `core/frame-kinds.ts`). */
export type ResultValue = EventsResult | TableResult | GraphResult;

/**
 * The predictable output of every run, whatever the face (library, CLI, REST):
 * `{ distill, request, source, result, stats, warnings }`. Tables are arrays of flat records
 * (`pandas.DataFrame.from_records(envelope["result"]["rows"])`). Streamed JSON writes the keys in this order, so
 * `stats` and `warnings` come after the result they describe.
 */
export interface Envelope<R extends ResultValue = ResultValue> {
  readonly distill: { readonly version: string };
  readonly request: RequestEcho;
  readonly source: { readonly id: string; readonly kind: string };
  readonly result: R;
  readonly stats: RunStats;
  readonly warnings: readonly Warning[];
}

/**
 * The envelope of a pipeline with named `outputs`: one result per output, computed from one read of the source
 * (`stats.scanned` counts each document once), in the order the pipeline lists them.
 */
export interface MultiEnvelope {
  readonly distill: { readonly version: string };
  readonly request: RequestEcho;
  readonly source: { readonly id: string; readonly kind: string };
  readonly results: Readonly<Record<string, ResultValue>>;
  readonly stats: RunStats;
  readonly warnings: readonly Warning[];
}

/** Either envelope: `result` for single-output pipelines, `results` for pipelines with named outputs. */
export type AnyEnvelope = Envelope | MultiEnvelope;
