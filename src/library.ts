import type { CanonicalEvent } from './core/event.js';
import type { Envelope } from './core/pipeline/envelope.js';
import type { MappingInput } from './core/schema/mapping-schema.js';
import type { QueryInput } from './core/query/query-schema.js';
import { openDistill, type RunCallOptions } from './distill.js';

/** Options of {@link readEvents} and {@link queryEvents}: a run's options plus the mapping and the query. */
export interface ReadEventsOptions extends Omit<RunCallOptions, 'source' | 'schema'> {
  /** Schema mapping: a preset name (`userale`) or an inline mapping. Default `userale`. */
  readonly schema?: string | MappingInput | undefined;
  readonly query?: QueryInput | undefined;
  /** Base directory for relative paths (default: the working directory). */
  readonly cwd?: string | undefined;
}

/**
 * Stream canonical events from files, directories or globs, in batches, without a config file.
 * Cost: streaming; memory of one batch (unless the query sorts).
 *
 * @example
 * for await (const batch of readEvents(['logs/*.ndjson.gz'], { query: { where: { field: 'type', op: 'eq', value: 'click' } } })) {
 *   for (const event of batch) console.log(event.user, event.time);
 * }
 */
export async function* readEvents(paths: string | readonly string[], options: ReadEventsOptions = {}): AsyncGenerator<readonly CanonicalEvent[]> {
  const list = typeof paths === 'string' ? [paths] : paths;
  const distill = await openDistill({
    config: { sources: { files: { kind: 'files', paths: [...list], schema: options.schema ?? 'userale' } } },
    cwd: options.cwd,
  });
  const handle = distill.start({ source: 'files', query: options.query ?? {} }, options);
  if (handle.result.kind !== 'events') return;
  yield* handle.result.batches;
}

/** Run a query over files and return the envelope with the matching events. */
export async function queryEvents(
  paths: string | readonly string[],
  query: QueryInput = {},
  options: Omit<ReadEventsOptions, 'query'> = {},
): Promise<Envelope> {
  return runPipelineOn(paths, { query }, options);
}

/** Run a pipeline over files (the pipeline's `source` is replaced by them) and return its envelope. */
export async function runPipelineOn(
  paths: string | readonly string[],
  pipeline: Record<string, unknown>,
  options: Omit<ReadEventsOptions, 'query'> = {},
): Promise<Envelope> {
  const list = typeof paths === 'string' ? [paths] : paths;
  const distill = await openDistill({
    config: { sources: { files: { kind: 'files', paths: [...list], schema: options.schema ?? 'userale' } } },
    cwd: options.cwd,
  });
  return distill.run({ ...pipeline, source: 'files' }, options);
}
