import { formatPath } from '../core/pipeline/format-path.js';
import { withBatches } from '../core/frame.js';
import { kindSpec } from '../core/frame-kinds.js';
import { DistillError, InvalidArgumentError, type Issue } from '../core/errors.js';
import { writeOutput } from '../core/output/write-output.js';
import { singleOutputHandle, type RunHandle } from '../core/pipeline/run-pipeline.js';
import type { NormalizedPipeline } from '../core/pipeline/pipeline-schema.js';
import { ANSWER_CACHE_ENTRY_BYTES, answerFiles, etagOf, fingerprintFiles, noneMatch, type Answer, type FileFingerprint } from './answer-cache.js';
import { assertConfiguredSource } from './configured-source.js';
import { decodeCursor, encodeCursor, requestHash } from './cursor.js';
import { FORMAT_MEDIA_TYPES, negotiateFormat } from './negotiate-format.js';
import { streamResponse } from './stream-response.js';
import type { ServerContext, ServerEnv } from './server-deps.js';

/** A run a route asks for. */
export interface RunRequest {
  /** The pipeline document to run (a named one already resolved). */
  readonly pipeline: Record<string, unknown>;
  /** Where the pipeline's parts sit in the request body, for issue paths (the operator route maps `steps.0` to `params`). */
  readonly issuePath?: ((path: readonly (string | number)[]) => (string | number)[]) | undefined;
  /** The route, part of the cursor hash. */
  readonly route: string;
  readonly strict?: boolean | undefined;
  /**
   * Names this pipeline document for reuse: the validated pipeline is kept per app under this key, so a named
   * pipeline from the config is validated once, not at every request. Only for documents that never change while
   * the app runs (the config is fixed then).
   */
  readonly cacheKey?: string | undefined;
  /**
   * The answer may be kept in the app's {@link AnswerCache} (named pipelines: their definition is fixed while the app
   * runs). Needs `cacheKey`; used only when the pipeline is eligible (see `answerFiles`), for JSON without paging.
   */
  readonly cacheAnswer?: boolean | undefined;
}

/** Files each cache key's answer depends on, or null when it is not cacheable; per app. */
const answerFilesByKey = new WeakMap<ServerEnv, Map<string, string[] | null>>();

/** Validated pipelines by {@link RunRequest.cacheKey}, per app (its config and registry are fixed). */
const validated = new WeakMap<ServerEnv, Map<string, NormalizedPipeline>>();

/** Trailer names of NDJSON and CSV responses. */
export const STATS_TRAILER = 'Distill-Stats';
export const WARNINGS_TRAILER = 'Distill-Warnings';
const MAX_TRAILER_CHARS = 8 * 1024;

/**
 * Validate, run and stream a pipeline as the response, in the negotiated format:
 * - JSON: the envelope, streamed (`result` first, then `stats` and `warnings`); with `?limit=` also `page`.
 * - NDJSON / CSV: records only (pandas-readable as they are); statistics and warnings arrive as HTTP trailers
 *   `Distill-Stats` and `Distill-Warnings` (compact JSON) after the last record.
 * Pagination (`?limit=n[&cursor=c]`): the page is computed by running the pipeline again and skipping to the
 * cursor's offset; the next cursor is in `page.next`, the `Distill-Next-Cursor` header
 * and a `Link: <…>; rel="next"` header.
 *
 * Nothing is sent before the result's first batch exists (answers under 64 KiB: before they are complete), so errors
 * found while opening or first reading the source are proper problem responses; later failures cut the connection.
 * A named pipeline's JSON answer over unchanged local files may come from the app's answer cache (see
 * `answer-cache.ts`); such answers (and those that could be kept) are sent whole with `Content-Length`, an `ETag`
 * (304 for a matching `If-None-Match`) and `Distill-Cache: hit` or `miss`.
 */
export async function sendRun(ctx: ServerContext, env: ServerEnv, request: RunRequest): Promise<void> {
  const { distill } = env;
  const mapPath = request.issuePath ?? ((p) => [...p]);
  let normalized: NormalizedPipeline | undefined;
  const cache = request.cacheKey === undefined ? undefined : validated.get(env) ?? validated.set(env, new Map()).get(env)!;
  try {
    normalized = cache?.get(request.cacheKey!) ?? distill.validatePipeline(request.pipeline);
  } catch (error) {
    if (error instanceof DistillError && error.issues.length > 0 && request.issuePath !== undefined) {
      const issues: Issue[] = error.issues.map((i) => ({ ...i, path: mapPath(i.path) }));
      const first = issues[0]!;
      throw new DistillError(error.code, `Invalid request at ${formatPath(first.path)}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });
    }
    throw error;
  }
  assertConfiguredSource(distill, normalized.source, mapPath(['source']));
  // Kept only once it names a configured source: request bodies cannot grow the cache beyond the config's pipelines × sources.
  cache?.set(request.cacheKey!, normalized);
  const output = single(ctx.query.output);
  const format = negotiateFormat(ctx, normalized.output.format);
  const paging = readPaging(ctx, env, { route: request.route, pipeline: normalized, strict: request.strict === true, output });
  const files = request.cacheAnswer === true && paging === undefined && format === 'json' && env.answers.enabled ? filesOf(env, request.cacheKey!, normalized) : undefined;
  let before: FileFingerprint[] | undefined;
  let readStart = 0;
  if (files !== undefined) {
    readStart = env.now();
    before = fingerprintFiles(files);
    const hit = before === undefined ? undefined : env.answers.get(answerKey(request, output), before);
    if (hit !== undefined) return sendAnswer(ctx, hit, 'hit');
  }
  // Validated once above; the run starts from the normalised pipeline.
  const started = distill.startParsed(normalized, {
    signal: ctx.state.signal,
    ...(env.sortMemoryBytes === undefined ? {} : { sortMemoryBytes: env.sortMemoryBytes }),
    now: paging?.now ?? Date.now(),
    ...(request.strict === undefined ? {} : { strict: request.strict }),
    ...(output === undefined ? {} : { output }),
  });
  if (started.multi && format !== 'json') {
    throw new InvalidArgumentError(`This pipeline has several outputs (${Object.keys(started.outputs).join(', ')}): ${format} carries one — add ?output=<name>, or ask for JSON.`, {
      issues: [{ code: 'output_required', path: ['query', 'output'], message: `One of ${Object.keys(started.outputs).join(', ')}.` }],
    });
  }
  if (paging !== undefined && (started.multi || kindSpec(started.result.kind).paging === 'none')) {
    throw new InvalidArgumentError(
      started.multi ? 'Paging (?limit=) needs one output: add ?output=<name>.' : `A ${started.result.kind} result is not paged: leave ?limit= out.`,
      { issues: [{ code: 'not_pageable', path: ['query', 'limit'], message: 'Remove ?limit= and ?cursor=.' }] },
    );
  }
  // Nothing is sent before the result's first batch exists: the writers pull it before their first chunk, and
  // streamResponse gathers small answers whole, so opening and first-read errors (missing file, unreachable cluster,
  // strict-mode failures) become problem responses.
  let handle: RunHandle = started;
  const headers: Record<string, string> = { 'Content-Type': `${FORMAT_MEDIA_TYPES[format]}; charset=utf-8` };
  if (format === 'csv') headers['Content-Type'] += '; header=present';
  let page: { limit: number; offset: number; next: string | null } | undefined;
  if (paging !== undefined) {
    const taken = await takePage(handle, paging.offset, paging.limit);
    handle = taken.handle;
    const next = taken.more ? encodeCursor({ offset: paging.offset + paging.limit, now: paging.now }, paging.hash) : null;
    page = { limit: paging.limit, offset: paging.offset, next };
    if (next !== null) {
      headers['Distill-Next-Cursor'] = next;
      const params = new URLSearchParams(ctx.querystring);
      params.set('cursor', next);
      headers.Link = `<${ctx.path}?${params.toString()}>; rel="next"`;
    }
  }
  let chunks = writeOutput(handle, format);
  if (files !== undefined) {
    // Eligible for the cache: buffer the answer (up to the entry limit) to send it with its ETag and keep it.
    const collected = await collect(chunks, ANSWER_CACHE_ENTRY_BYTES);
    if (collected.rest === undefined) {
      const body = Buffer.from(collected.parts.join(''), 'utf8');
      const answer = { body, etag: etagOf(body) };
      if (before !== undefined) env.answers.set(answerKey(request, output), answer, before, fingerprintFiles(files), readStart);
      return sendAnswer(ctx, answer, 'miss');
    }
    chunks = resume(collected.parts, collected.rest);
    headers['Distill-Cache'] = 'miss';
  }
  if (format === 'json' && page !== undefined) chunks = withPage(chunks, page);
  const final = handle;
  const envelopeLike = format === 'json';
  await streamResponse(ctx, chunks, {
    headers: envelopeLike ? headers : { ...headers, Trailer: `${STATS_TRAILER}, ${WARNINGS_TRAILER}` },
    trailers: envelopeLike ? undefined : () => statsTrailers(final),
  });
}

function filesOf(env: ServerEnv, cacheKey: string, pipeline: NormalizedPipeline): string[] | undefined {
  const byKey = answerFilesByKey.get(env) ?? answerFilesByKey.set(env, new Map()).get(env)!;
  let files = byKey.get(cacheKey);
  if (files === undefined) {
    const { distill } = env;
    files = answerFiles(pipeline, distill.loaded.config.sources[pipeline.source], distill.loaded.baseDir, distill.registry) ?? null;
    byKey.set(cacheKey, files);
  }
  return files ?? undefined;
}

function answerKey(request: RunRequest, output: string | undefined): string {
  return `${request.cacheKey!}\u0000${String(request.strict)}\u0000${output ?? ''}`;
}

/** Send a whole JSON answer with its ETag, or 304 when the client's `If-None-Match` names it. */
function sendAnswer(ctx: ServerContext, answer: Answer, cache: 'hit' | 'miss'): void {
  ctx.set('ETag', answer.etag);
  ctx.set('Distill-Cache', cache);
  if (noneMatch(ctx.get('If-None-Match'), answer.etag)) {
    ctx.status = 304;
    return;
  }
  ctx.set('Content-Type', `${FORMAT_MEDIA_TYPES.json}; charset=utf-8`);
  ctx.body = answer.body;
}

/** Pull chunks until they pass `limit` characters (then `rest` continues them) or end. */
async function collect(chunks: AsyncIterable<string>, limit: number): Promise<{ parts: string[]; rest?: AsyncIterator<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const parts: string[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return { parts };
      parts.push(next.value);
      size += next.value.length;
      if (size > limit) return { parts, rest: iterator };
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
}

async function* resume(parts: readonly string[], rest: AsyncIterator<string>): AsyncGenerator<string> {
  try {
    yield* parts;
    for (;;) {
      const next = await rest.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}

interface Paging {
  readonly limit: number;
  readonly offset: number;
  readonly now: number;
  readonly hash: string;
}

function readPaging(ctx: ServerContext, env: ServerEnv, hashed: unknown): Paging | undefined {
  const rawLimit = single(ctx.query.limit);
  const rawCursor = single(ctx.query.cursor);
  if (rawLimit === undefined) {
    if (rawCursor !== undefined) {
      throw new InvalidArgumentError('A cursor needs ?limit= as well (the page size).', {
        issues: [{ code: 'missing_limit', path: ['query', 'limit'], message: 'Add ?limit=<n> next to ?cursor=.' }],
      });
    }
    return undefined;
  }
  const limit = Number(rawLimit);
  const max = env.limits.maxPageSize;
  if (!/^\d+$/.test(rawLimit) || !Number.isSafeInteger(limit) || limit < 1 || limit > max) {
    throw new InvalidArgumentError(`?limit must be an integer from 1 to ${max}, got "${rawLimit}".`, {
      issues: [{ code: 'invalid_value', path: ['query', 'limit'], message: `An integer from 1 to ${max}.` }],
    });
  }
  const hash = requestHash(hashed);
  const state = rawCursor === undefined ? { offset: 0, now: Date.now() } : decodeCursor(rawCursor, hash);
  return { limit, offset: state.offset, now: state.now, hash };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Skip `offset` records, keep `limit`, and look one further to know whether another page exists. */
async function takePage(handle: RunHandle, offset: number, limit: number): Promise<{ handle: RunHandle; more: boolean }> {
  const frame = handle.result;
  const kept: unknown[] = [];
  let seen = 0;
  let more = false;
  for await (const batch of frame.batches as AsyncIterable<readonly unknown[]>) {
    for (const record of batch) {
      if (seen++ < offset) continue;
      if (kept.length === limit) {
        more = true;
        break;
      }
      kept.push(record);
    }
    if (more) break; // stops the source
  }
  async function* one(): AsyncGenerator<readonly unknown[]> {
    if (kept.length > 0) yield kept;
  }
  return { handle: singleOutputHandle(handle, withBatches(frame, one())), more };
}

/** Add `"page": {…}` as the envelope's last key (the JSON writer's last chunk closes the envelope). */
async function* withPage(chunks: AsyncIterable<string>, page: object): AsyncGenerator<string> {
  let held: string | undefined;
  for await (const chunk of chunks) {
    if (held !== undefined) yield held;
    held = chunk;
  }
  if (held === undefined || !held.endsWith('}\n')) throw new DistillError('internal', 'The envelope writer ended unexpectedly.');
  yield `${held.slice(0, -2)},"page":${JSON.stringify(page)}}\n`;
}

function statsTrailers(handle: RunHandle): Record<string, string> {
  const { stats, warnings } = handle.finish();
  // Compact: without line lists, and bounded, so clients' header-line limits (64 KiB in Python) are never hit.
  const compact = warnings.map((w) => ({ code: w.code, message: w.message, count: w.count, ...(w.file === undefined ? {} : { file: w.file }) }));
  let text = asciiJson(compact);
  while (text.length > MAX_TRAILER_CHARS && compact.length > 0) {
    compact.pop();
    text = asciiJson([...compact, { code: 'warnings_truncated', message: 'More warnings: request ?format=json for all of them.', count: 1 }]);
  }
  return { [STATS_TRAILER]: asciiJson(stats), [WARNINGS_TRAILER]: text };
}

/** JSON with every non-ASCII character escaped, so it is a legal header value. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
