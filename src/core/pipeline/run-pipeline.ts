import { AbortedError } from '../errors.js';
import type { Frame } from '../frame.js';
import { compileSort } from '../query/compile-sort.js';
import type { EventBatches, EventSource, ReadContext, ReadStats } from '../source.js';
import type { Condition, Query } from '../query/query-schema.js';
import type { NormalizedStep } from './pipeline-schema.js';
import { collectBatches, fromArray, takeBatches } from '../stream.js';
import { WarningCollector, type Warning } from '../warnings.js';
import { VERSION } from '../../version.js';
import type { Envelope, RequestEcho, ResultValue, RunStats } from './envelope.js';
import type { OperatorContext } from './operator.js';
import { parsePipeline } from './parse-pipeline.js';
import type { OperatorRegistry } from './registry.js';
import type { Progress } from '../source.js';

export interface RunOptions {
  readonly registry: OperatorRegistry;
  /** Find a source by name. @throws SourceNotFoundError */
  resolveSource(name: string): EventSource;
  /** Source used when the pipeline names none. */
  readonly defaultSource: string;
  /** Fix `now` (tests, reproducing an earlier run); defaults to the clock. */
  readonly now?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Force strict mode on, whatever the pipeline says. */
  readonly strict?: boolean | undefined;
}

/** A started run: the final frame to consume, and its statistics once consumed. */
export interface RunHandle {
  readonly request: RequestEcho;
  readonly source: { readonly id: string; readonly kind: string };
  readonly distill: { readonly version: string };
  readonly result: Frame;
  /** Statistics and warnings; complete once `result` has been consumed. */
  finish(): { stats: RunStats; warnings: Warning[] };
}

/**
 * Validate and start a pipeline: read the source with the query, apply the query's sort and limit, then every
 * step in order. Nothing is read until the result is consumed; breaking off consumption stops the read and
 * releases the source. Cost: streaming, except sort (all matched events in memory) and operators that say so.
 *
 * @throws InvalidPipelineError before anything runs; SourceNotFoundError for an unknown source.
 */
export function startPipeline(input: unknown, options: RunOptions): RunHandle {
  const started = performance.now();
  const pipeline = parsePipeline(input, { registry: options.registry, defaultSource: options.defaultSource });
  const source = options.resolveSource(pipeline.source);
  const now = options.now ?? Date.now();
  const warnings = new WarningCollector();
  const stats: ReadStats = { scanned: 0, skipped: 0, matched: 0, pushedDown: [] };
  const context: ReadContext = {
    warnings,
    stats,
    strict: options.strict === true || pipeline.strict,
    now,
    signal: options.signal,
    onProgress: options.onProgress,
  };

  const { query, steps } = foldLeadingFilters(pipeline.query, pipeline.steps);
  const opContext: OperatorContext = { now, signal: options.signal, warnings, stats };
  let frame: Frame | undefined;
  let rest = steps;
  const first = steps[0];
  if (first !== undefined && source.pushdown !== undefined && query.sort === undefined && query.limit === undefined) {
    frame = source.pushdown({ query, step: first }, context);
    if (frame !== undefined) rest = steps.slice(1);
  }
  if (frame === undefined) frame = { kind: 'events', batches: readEvents(source, query, context) };
  if (options.signal !== undefined) frame = abortableFrame(frame, options.signal);
  for (const step of rest) {
    const definition = options.registry.get(step.op);
    frame = definition.run(frame, step.params, opContext);
  }

  return {
    distill: { version: VERSION },
    request: { ...pipeline, strict: context.strict, now: new Date(now).toISOString() },
    source: { id: source.id, kind: source.kind },
    result: frame,
    finish: () => ({
      stats: {
        scanned: stats.scanned,
        matched: stats.matched,
        skipped: stats.skipped,
        tookMs: Math.round((performance.now() - started) * 1000) / 1000,
        pushedDown: [...new Set(stats.pushedDown)],
      },
      warnings: warnings.toArray(),
    }),
  };
}

/**
 * Run a pipeline to completion and return the envelope with the result in memory (plain objects).
 * For large results use {@link startPipeline} and stream `result`.
 */
export async function runPipeline(input: unknown, options: RunOptions): Promise<Envelope> {
  const handle = startPipeline(input, options);
  const result = await collectResult(handle.result);
  const { stats, warnings } = handle.finish();
  return { distill: handle.distill, request: handle.request, source: handle.source, result, stats, warnings };
}

/** Materialise a frame as a result value. */
export async function collectResult(frame: Frame): Promise<ResultValue> {
  if (frame.kind === 'events') {
    const events = await collectBatches(frame.batches);
    return { kind: 'events', count: events.length, events };
  }
  const rows = await collectBatches(frame.rows);
  return { kind: 'table', columns: frame.columns, count: rows.length, rows };
}

/** Read the query's events, applying its sort and limit unless the source did. */
function readEvents(source: EventSource, query: Query, context: ReadContext): EventBatches {
  const stream = source.read({ query }, context);
  const { sort, limit } = query;
  if (sort !== undefined && sort.length > 0 && !stream.sorted) {
    const compare = compileSort(sort);
    return (async function* () {
      const all = await collectBatches(stream.batches);
      all.sort(compare);
      yield* fromArray(limit === undefined ? all : all.slice(0, limit));
    })();
  }
  if (limit !== undefined && !stream.limited) return takeBatches(stream.batches, limit);
  return stream.batches;
}

/**
 * Leading `filter` steps select events exactly as the query's `where` does, so they are folded into the query
 * (when it has no sort or limit that they would follow): sources that filter natively then see them.
 */
export function foldLeadingFilters(query: Query, steps: readonly NormalizedStep[]): { query: Query; steps: readonly NormalizedStep[] } {
  if (query.sort !== undefined || query.limit !== undefined) return { query, steps };
  let i = 0;
  const conditions: Condition[] = query.where === undefined ? [] : [query.where];
  while (i < steps.length && steps[i]!.op === 'filter') {
    conditions.push(steps[i]!.params.where as Condition);
    i++;
  }
  if (i === 0) return { query, steps };
  const where: Condition = conditions.length === 1 ? conditions[0]! : { all: conditions };
  return { query: { ...query, where }, steps: steps.slice(i) };
}

function abortableFrame(frame: Frame, signal: AbortSignal): Frame {
  return frame.kind === 'events'
    ? { kind: 'events', batches: abortable(frame.batches, signal) }
    : { kind: 'table', columns: frame.columns, rows: abortable(frame.rows, signal) };
}

async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  for await (const item of source) {
    if (signal.aborted) throw new AbortedError();
    yield item;
  }
}
