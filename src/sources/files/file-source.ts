import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isMappingFailure, type MappingFailureReason } from '../../core/schema/compile-mapping.js';
import type { ResolvedMapping } from '../../core/schema/resolve-mapping.js';
import { inferFields } from '../../core/schema/infer-fields.js';
import { compileQueryPredicate } from '../../core/query/compile-predicate.js';
import { compileProjection } from '../../core/query/project-event.js';
import { AbortedError, MalformedInputError } from '../../core/errors.js';
import type { CanonicalEvent, Role } from '../../core/event.js';
import type {
  EventSource,
  EventStream,
  FieldInfo,
  ReadContext,
  ReadRequest,
  SourceDescription,
} from '../../core/source.js';
import { expandPaths } from './expand-paths.js';
import { isGzip, openByteChunks, openTextChunks, type OpenChunksOptions } from './open-chunks.js';
import { parseDocuments, type ParseProblem } from './parse-documents.js';
import { isCounted, scanFiles, type ScanFiles, type ScanItem } from './scan/scan-files.js';
import { groupCountModule, NOTE_DEFERRED, NOTE_MISSING_TIME, NOTE_NOT_AN_OBJECT } from './scan/group-count.js';
import { planDropSpec, planGroupCount, type GroupCountPlan } from './plan-group-count.js';
import { groupRows, type CountByParams, type Group } from '../../core/operators/count-by.js';
import { ROLE_COLUMN_TYPES } from '../../core/role-columns.js';
import { fromArray } from '../../core/stream.js';
import type { Column, Frame } from '../../core/frame.js';
import type { Query } from '../../core/query/query-schema.js';
import type { NormalizedStep } from '../../core/pipeline/pipeline-schema.js';

export interface FileSourceOptions {
  readonly id: string;
  /** Files, directories or globs. */
  readonly paths: readonly string[];
  /** Relative paths start here (the config file's directory, or the working directory). */
  readonly baseDir: string;
  readonly mapping: ResolvedMapping;
  readonly description?: string | undefined;
  /** Longest document in characters; longer ones are skipped with a `document_too_large` warning. */
  readonly maxDocumentLength?: number | undefined;
  /**
   * Worker threads for reading large plain files when the run says which fields it needs (default: the machine's
   * available parallelism, at most 8); 1 reads on the calling thread only.
   */
  readonly threads?: number | undefined;
  /** Smallest input read by workers and bytes per worker piece (defaults 8 MiB and 2 MiB; tests cut files finely). */
  readonly parallel?: { readonly minBytes?: number | undefined; readonly pieceBytes?: number | undefined } | undefined;
}

/** Longest stretch of work between two turns of the event loop, in milliseconds. */
const SLICE_MS = 20;

/** Events per yielded batch. */
const BATCH = 256;

/**
 * The local file source, Distill's embedded default: JSON arrays, NDJSON/JSON Lines and gzip of either, from
 * files, directories or globs. Streams (never loads a whole file as one string), applies the query in memory,
 * and reports every skipped document in the warnings with file and line (or fails in strict mode). Read-only:
 * files are opened with flag `r` and nothing is written, locked or created next to them.
 *
 * Event ids are `<file>#<n>`, n the 1-based position of the document in its file, the file path relative to the
 * source's base directory (`../` when outside it; never absolute) with `/` separators.
 */
export function createFileSource(options: FileSourceOptions): EventSource & {
  /** Reachability for /v1/health: opens the first matching file without parsing it; throws the source's typed error. */
  ping(options: { signal?: AbortSignal }): Promise<void>;
} {
  const { id, mapping, baseDir } = options;
  const files = (context?: ReadContext): Promise<string[]> =>
    expandPaths(options.paths, baseDir, (skipped) =>
      context?.warnings.add({
        code: 'path_skipped',
        message: `Skipped: ${skipped.reason}${skipped.sameAs === undefined ? '' : ` (read as ${displayName(skipped.sameAs)})`}.`,
        file: displayName(skipped.path),
      }),
    );
  /**
   * Name used in ids, warnings and descriptions: relative to the base directory (`../x.ndjson` outside it), never
   * absolute — ids and `/v1/sources` must not disclose where the server's files live. `/`-separated.
   */
  const displayName = (file: string): string => {
    const rel = path.relative(baseDir, path.resolve(baseDir, file));
    const name = rel === '' ? path.basename(file) : path.isAbsolute(rel) ? path.basename(file) : rel;
    return name.split(path.sep).join('/');
  };

  const timeFields = mapping.mapping.time.map((t) => t.field).join(', ');
  const missingTimeMessage = `Documents with no usable time (${timeFields}) were skipped because the "${mapping.name}" mapping sets requireTime.`;
  const untimedMessage = `Events with no usable time (${timeFields}) were kept without one: they count, time ranges exclude them, sorting by time puts them last.`;
  const failureMessages: Record<MappingFailureReason, string> = {
    not_an_object: 'Documents that are not JSON objects were skipped.',
    missing_time: missingTimeMessage,
  };

  /**
   * A file's documents, with problems reported as warnings (or thrown in strict mode): whole documents from the
   * reference reader, or — with `scan` — only the needed fields from the projection-aware reader, the same
   * documents, lines, problems and batches.
   */
  async function* documents(
    file: string,
    name: string,
    context: ReadContext,
    onBytes: (n: number) => void,
    scan?: { readonly reader: ScanFiles; readonly index: number },
  ): AsyncGenerator<ScanItem[]> {
    const chunkOptions: OpenChunksOptions = {
      onBytes,
      signal: context.signal,
      name,
      onDamagedGzip: (message) => {
        if (context.strict) throw new MalformedInputError(message, { details: { file: name } });
        context.warnings.add({ code: 'damaged_gzip', message: 'The gzip data is cut or damaged; every complete document before the damage was read.', file: name });
      },
    };
    const onProblem = (problem: ParseProblem): void => {
      context.stats.scanned++;
      context.stats.skipped++;
      if (context.strict) throw new MalformedInputError(`${name}:${problem.line}: ${problem.message}.`, { details: { file: name, line: problem.line } });
      context.warnings.add({
        code: problem.code,
        message: problem.code === 'malformed_json' ? 'Lines that are not valid JSON were skipped.' : problem.message,
        file: name,
        line: problem.line,
      });
    };
    if (scan !== undefined) {
      yield* scan.reader.documents(scan.index, onProblem, () => openByteChunks(file, chunkOptions));
      return;
    }
    const parseOptions = options.maxDocumentLength === undefined ? {} : { maxDocumentLength: options.maxDocumentLength };
    yield* parseDocuments(openTextChunks(file, chunkOptions), onProblem, parseOptions);
  }

  /**
   * The paths the scanner extracts: the run's needs plus every field the mapping reads (its candidates for every
   * role, time fractions included, except roles the run does not read: `unusedRoles`), so events get the same ids,
   * times, skips and warnings as from whole documents, and the same value for every role the run reads.
   * Undefined (whole documents) when the run did not say.
   */
  function projectionFor(request: ReadRequest): readonly string[] | undefined {
    if (request.needs === undefined) return undefined;
    const m = mapping.mapping;
    const times = (fields: typeof m.time): string[] => fields.flatMap((t) => (t.fraction === undefined ? [t.field] : [t.field, t.fraction]));
    const unused = new Set(request.unusedRoles ?? []);
    const role = <T,>(name: Role, fields: readonly T[]): readonly T[] => (unused.has(name) ? [] : fields);
    const roles = [...m.id, ...times(m.time), ...times(m.end), ...role('user', m.user), ...role('session', m.session), ...role('type', m.type), ...role('target', m.target), ...role('path', m.path), ...role('page', m.page), ...role('kind', m.kind)];
    return [...new Set([...roles, ...request.needs])].sort();
  }

  async function* readAll(request: ReadRequest, context: ReadContext): AsyncGenerator<CanonicalEvent[]> {
    const predicate = compileQueryPredicate(request.query, { now: context.now });
    const project = request.query.fields === undefined ? undefined : compileProjection(request.query.fields);
    const list = await files(context);
    const onBytes = await progressCounter(list, context);
    const map = mapping.map;
    let sliceStart = performance.now();
    const needs = projectionFor(request);
    const reader =
      needs === undefined
        ? undefined
        : scanFiles(list, needs, {
            onBytes,
            signal: context.signal,
            threads: options.threads,
            parallelMinBytes: options.parallel?.minBytes,
            pieceBytes: options.parallel?.pieceBytes,
            maxDocumentLength: options.maxDocumentLength,
            drop: planDropSpec(request.query, mapping.mapping),
          });
    try {
      for (const [index, file] of list.entries()) {
        const name = displayName(file);
        let ordinal = 0;
        let out: CanonicalEvent[] = [];
        for await (const docs of documents(file, name, context, onBytes, reader === undefined ? undefined : { reader, index })) {
          if (context.signal?.aborted === true) throw new AbortedError();
          for (const item of docs) {
            // Only count reads (countWhileReading) get workers' counts in place of documents.
            if (isCounted(item)) continue;
            const { doc, line } = item;
            ordinal++;
            context.stats.scanned++;
            // A document a worker dropped (the query rejects it; nothing to report): it still takes its id's number.
            if (doc === undefined) continue;
            const event = map(doc, `${name}#${ordinal}`);
            if (isMappingFailure(event)) {
              context.stats.skipped++;
              if (context.strict) {
                throw new MalformedInputError(`${name}:${line}: ${failureMessages[event.failure]}`, { details: { file: name, line } });
              }
              context.warnings.add({ code: event.failure, message: failureMessages[event.failure], file: name, line });
              continue;
            }
            if (event.time === undefined) context.warnings.add({ code: 'missing_time', message: untimedMessage, file: name, line });
            if (!predicate(event)) continue;
            context.stats.matched++;
            out.push(project === undefined ? event : project(event));
          }
          if (out.length >= BATCH) {
            yield out;
            out = [];
          }
          // Heavy per-document work (many conditions, big documents) must not starve other requests: give the
          // event loop a turn at least every SLICE_MS.
          if (performance.now() - sliceStart > SLICE_MS) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            sliceStart = performance.now();
          }
        }
        if (out.length > 0) yield out;
      }
    } finally {
      await reader?.close();
    }
  }

  /**
   * A count-by counted while reading (see {@link planGroupCount}): the workers count groups over their pieces and
   * send only the documents that need this thread (reported ones, times held as text); lines this thread reads
   * itself (hand-overs, small or gzip files, one thread) are mapped here. The same groups, statistics and warnings
   * (same order, files and lines) as reading the events and counting them. Memory: O(groups) plus the pieces
   * waiting.
   */
  async function countWhileReading(plan: GroupCountPlan, context: ReadContext): Promise<Group[]> {
    const list = await files(context);
    const onBytes = await progressCounter(list, context);
    const { stats, warnings } = context;
    const map = mapping.map;
    const { keyOf } = groupCountModule();
    const single = plan.by.length === 1;
    const counts = new Map<unknown, number>();
    const add = (key: unknown, n: number): void => {
      counts.set(key, (counts.get(key) ?? 0) + n);
    };
    const reader = scanFiles(list, plan.needs, {
      onBytes,
      signal: context.signal,
      threads: options.threads,
      parallelMinBytes: options.parallel?.minBytes,
      pieceBytes: options.parallel?.pieceBytes,
      maxDocumentLength: options.maxDocumentLength,
      count: plan.spec,
    });
    let sliceStart = performance.now();
    try {
      for (const [index, file] of list.entries()) {
        const name = displayName(file);
        /** One document read on this thread (or deferred by a worker): mapped as `readAll` maps it. */
        const one = (doc: unknown, line: number): void => {
          stats.scanned++;
          // The id is not counted: the file name stands in for `<file>#<n>`.
          const event = map(doc, name);
          if (isMappingFailure(event)) {
            stats.skipped++;
            warnings.add({ code: event.failure, message: failureMessages[event.failure], file: name, line });
            return;
          }
          if (event.time === undefined) warnings.add({ code: 'missing_time', message: untimedMessage, file: name, line });
          stats.matched++;
          add(keyOf(plan.roles.map((role) => (event[role] as string | undefined) ?? null)), 1);
        };
        for await (const items of documents(file, name, context, onBytes, { reader, index })) {
          if (context.signal?.aborted === true) throw new AbortedError();
          for (const item of items) {
            if (!isCounted(item)) {
              one(item.doc, item.line);
              continue;
            }
            const { summary, lineBase } = item;
            let deferred = 0;
            for (let k = 0; k < summary.noteLines.length; k++) {
              const line = lineBase + summary.noteLines[k]!;
              const kind = summary.noteKinds[k]!;
              if (kind === NOTE_DEFERRED) one(summary.deferred[deferred++], line);
              else if (kind === NOTE_NOT_AN_OBJECT || kind === NOTE_MISSING_TIME) {
                const failure = kind === NOTE_NOT_AN_OBJECT ? 'not_an_object' : 'missing_time';
                stats.scanned++;
                stats.skipped++;
                warnings.add({ code: failure, message: failureMessages[failure], file: name, line });
              } else warnings.add({ code: 'missing_time', message: untimedMessage, file: name, line });
            }
            stats.scanned += summary.counted;
            stats.matched += summary.counted;
            for (let k = 0; k < summary.keys.length; k++) add(summary.keys[k], summary.counts[k]!);
          }
          if (performance.now() - sliceStart > SLICE_MS) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            sliceStart = performance.now();
          }
        }
      }
    } finally {
      await reader.close();
    }
    const groups: Group[] = [];
    for (const [key, count] of counts) {
      const values = single ? [key as string | null] : (JSON.parse(key as string) as (string | null)[]);
      groups.push({ values, count });
    }
    return groups;
  }

  /**
   * The count plan of a step over a query, kept per step object with the query and strictness it was made for: a
   * pipeline planned once (`run-pipeline.ts` `staticPlan`) hands the same step and query to every run, so a named
   * pipeline's count plan is made once. Depends on the source's fixed mapping and on those objects alone, which are
   * never mutated.
   */
  const countPlans = new WeakMap<NormalizedStep, { readonly query: Query; readonly strict: boolean; readonly plan: GroupCountPlan | undefined }>();
  function groupCountPlan(step: NormalizedStep, query: Query, strict: boolean): GroupCountPlan | undefined {
    const known = countPlans.get(step);
    if (known !== undefined && known.query === query && known.strict === strict) return known.plan;
    const plan = planGroupCount(step, query, mapping.mapping, strict);
    countPlans.set(step, { query, strict, plan });
    return plan;
  }

  /** The count-by pushdown: a table frame counted while reading, or undefined (read events, count in memory). */
  function pushdown(request: { readonly query: Query; readonly step: NormalizedStep }, context: ReadContext): Frame | undefined {
    const plan = groupCountPlan(request.step, request.query, context.strict);
    if (plan === undefined) return undefined;
    const params = request.step.params as CountByParams;
    const columns: Column[] = [
      ...plan.by.map((name, i): Column => ({ name, type: ROLE_COLUMN_TYPES[plan.roles[i]!] })),
      { name: 'count', type: 'integer' },
      ...(params.share ? [{ name: 'share', type: 'number' } as Column] : []),
    ];
    return {
      kind: 'table',
      columns,
      batches: (async function* () {
        const groups = await countWhileReading(plan, context);
        // Missing values: a null key, or not counted (count-by's `missing: skip`).
        const kept = params.missing === 'skip' ? groups.filter((g) => !g.values.includes(null)) : groups;
        yield* fromArray(groupRows(kept, plan.by, params));
      })(),
    };
  }

  return {
    /**
     * Reachability for GET /v1/health: the paths expand and the first file opens — no parsing, so polling health
     * costs next to nothing even while heavy runs share the process.
     *
     * @throws SourceNotFoundError / SourceUnavailableError as a read would.
     */
    async ping(): Promise<void> {
      const list = await files();
      const first = list[0];
      if (first === undefined) return;
      await isGzip(first, displayName(first));
    },
    id,
    kind: 'files',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe(): SourceDescription {
      return {
        id,
        kind: 'files',
        schema: mapping.name,
        capabilities: this.capabilities,
        description: options.description,
        details: { paths: options.paths.map(displayName) },
      };
    },
    read(request: ReadRequest, context: ReadContext): EventStream {
      return { batches: readAll(request, context), sorted: false, limited: false };
    },
    pushdown,
    async fields({ sample, signal }, context): Promise<FieldInfo[]> {
      const docs: unknown[] = [];
      const list = await files();
      outer: for (const file of list) {
        for await (const batch of documents(file, displayName(file), { ...context, signal }, () => {})) {
          for (const item of batch) {
            if (isCounted(item)) continue;
            docs.push(item.doc);
            if (docs.length >= sample) break outer;
          }
        }
      }
      return inferFields(docs, mapping.mapping);
    },
  };
}

/**
 * The byte-progress callback of a read: reports bytes done so far out of the files' total size (the files are
 * stat'ed only when the caller asked for progress). Cost: one stat per file when progress is wanted.
 */
async function progressCounter(list: readonly string[], context: ReadContext): Promise<(n: number) => void> {
  let total = 0;
  if (context.onProgress !== undefined) for (const f of list) total += (await stat(f)).size;
  let done = 0;
  return (n) => {
    done += n;
    context.onProgress?.({ done, total, unit: 'bytes' });
  };
}
