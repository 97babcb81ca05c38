import type { CanonicalEvent, Role } from './event.js';
import type { Query } from './query/query-schema.js';
import type { Frame } from './frame.js';
import type { NormalizedStep } from './pipeline/pipeline-schema.js';
import type { WarningCollector } from './warnings.js';

/** What a source can do itself rather than in memory. */
export interface SourceCapabilities {
  /** Evaluates time ranges and conditions natively (not by scanning in memory). */
  readonly filter: boolean;
  /** Returns events in a requested order natively. */
  readonly sort: boolean;
  /** Runs aggregations (group-by counts, histograms, statistics) natively. */
  readonly aggregate: boolean;
}

/** Counters a read updates as it goes. */
export interface ReadStats {
  /** Documents examined (parsed or not). */
  scanned: number;
  /** Documents skipped: unparseable, not objects, unmappable. */
  skipped: number;
  /** Events that passed the query's time range and conditions. */
  matched: number;
  /** What ran inside the source rather than in memory (`filter`, `projection`, `sort`, `aggregation:count-by`). */
  pushedDown: string[];
}

export interface Progress {
  /** Bytes (files) or documents (Elasticsearch) done so far. */
  readonly done: number;
  /** Total, when known. */
  readonly total?: number | undefined;
  readonly unit: 'bytes' | 'documents';
}

export interface ReadContext {
  readonly warnings: WarningCollector;
  readonly stats: ReadStats;
  /** Turn skippable data problems (malformed lines, unmappable documents) into a `malformed_input` error. */
  readonly strict: boolean;
  /** `now` for date math, fixed once per request so every stage agrees. */
  readonly now: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

/** A read: the query (time range, condition, projection; sort and limit as hints). */
export interface ReadRequest {
  readonly query: Query;
  /**
   * Document paths the run needs from each event (computed from the plan: query, steps' declared fields, output
   * projection); undefined means whole documents. A source may read only these (plus its mapping's fields) —
   * events then carry a `doc` holding just them. Never a reason to drop an event.
   */
  readonly needs?: readonly string[] | undefined;
  /**
   * Roles no step, condition or output of the run reads (only with `needs`; e.g. the DOM `path` for a count). A
   * source may leave them null instead of reading their fields — the file scanner then skips UserALE's `path`
   * arrays, most of a document's bytes. Never a reason to drop an event.
   */
  readonly unusedRoles?: readonly Role[] | undefined;
}

/** A stream of canonical events in batches (batches keep per-event async overhead off the hot path). */
export type EventBatches = AsyncIterable<readonly CanonicalEvent[]>;

export interface EventStream {
  readonly batches: EventBatches;
  /** True when the source already returns events in the query's sort order. */
  readonly sorted: boolean;
  /** True when the source already stops at the query's limit. */
  readonly limited: boolean;
}

/** A field seen in a source, with the JSON types found for it. */
export interface FieldInfo {
  /** Dotted path in the source document. */
  readonly field: string;
  /** JSON types seen (`string`, `number`, `integer`, `boolean`, `object`, `array`, `null`), or the store's types. */
  readonly types: readonly string[];
  /** Documents in the sample holding the field (not null). */
  readonly count: number;
  /** Canonical roles this field feeds through the source's mapping. */
  readonly roles: readonly string[];
  /** A few distinct example values (strings and numbers only). */
  readonly examples?: readonly (string | number | boolean)[];
}

/** What `distill sources` shows: never credentials. */
export interface SourceDescription {
  readonly id: string;
  readonly kind: string;
  readonly schema: string;
  readonly capabilities: SourceCapabilities;
  readonly description?: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  /** Set when the source cannot be built (a missing environment variable, an unreadable CA file). */
  readonly error?: { readonly code: string; readonly message: string } | undefined;
}

/**
 * Every back end implements this. A source applies the query's time range, conditions and projection itself
 * (natively or in memory) and reports in `stats.pushedDown` what ran natively; the pipeline runner applies sort
 * and limit unless the stream says they are done. Sources only ever read.
 */
export interface EventSource {
  readonly id: string;
  readonly kind: string;
  readonly capabilities: SourceCapabilities;
  describe(): SourceDescription;
  read(request: ReadRequest, context: ReadContext): EventStream;
  /**
   * Run the first pipeline step inside the source (for example `count-by` as an Elasticsearch composite
   * aggregation) over the events the query selects. Decide synchronously from the step and the mapping; return
   * `undefined` when the step cannot run natively (the runner then reads events and runs it in memory), or a
   * frame whose iterables do the work lazily. Record what ran natively in `context.stats.pushedDown`; anything
   * approximated or left to memory goes in `context.warnings`.
   */
  pushdown?(request: { readonly query: Query; readonly step: NormalizedStep }, context: ReadContext): Frame | undefined;
  /** Discover fields and their types from a sample of documents (or the store's own field metadata). */
  fields(options: { readonly sample: number; readonly signal?: AbortSignal | undefined }, context: ReadContext): Promise<FieldInfo[]>;
  /** Release connections; safe to call twice. */
  close?(): Promise<void>;
}
