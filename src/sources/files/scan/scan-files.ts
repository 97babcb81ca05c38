import { statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { debuglog } from 'node:util';
import { Worker } from 'node:worker_threads';
import { CHUNK, isGzip } from '../open-chunks.js';
import { DEFAULT_MAX_DOCUMENT_LENGTH, type ParsedDocument, type ParseProblem } from '../parse-documents.js';
import { lineAlignedBounds } from './line-aligned-bounds.js';
import type { DropSpec, GroupCountSpec, GroupSummary } from './group-count.js';
import type { RangeTask } from './range-worker.js';
import { HybridReader, scanDocuments } from './scan-documents.js';
import { AbortedError, DistillError, SourceUnavailableError } from '../../../core/errors.js';
import { scanModules } from './scan-modules.js';
import { startWorkerPool, WorkerFailure, type WorkerPool } from './worker-pool.js';

const debug = debuglog('distill:scan');

/** Inputs smaller than this in total are read on the calling thread (starting workers costs more than it saves). */
export const PARALLEL_MIN_BYTES = 8 << 20;

/**
 * Bytes per piece handed to a worker: small enough that a broken line costs this thread at most one piece of
 * reading (it reads from the line to the next piece boundary), large enough that messages stay few.
 */
const PIECE = 2 << 20;

export interface ScanFilesOptions {
  readonly onBytes?: ((bytes: number) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Worker threads (default: available parallelism, at most 8); 1 = the calling thread only. */
  readonly threads?: number | undefined;
  /** Smallest total input read in parallel (default {@link PARALLEL_MIN_BYTES}). */
  readonly parallelMinBytes?: number | undefined;
  /** Bytes per parallel piece (default 2 MiB; tests use tiny pieces to cut files everywhere). */
  readonly pieceBytes?: number | undefined;
  /** Longest document in characters (the reference's `maxDocumentLength`). */
  readonly maxDocumentLength?: number | undefined;
  /**
   * Workers count groups (`group-count.ts`) instead of sending documents: their pieces come back as
   * {@link CountedItem}s. Lines this thread reads itself still come as documents.
   */
  readonly count?: GroupCountSpec | undefined;
  /**
   * Workers drop the documents this test rejects (`createDropFilter` in `group-count.ts`): they come back as
   * `undefined` documents (their place and line kept). Lines this thread reads itself are never dropped.
   */
  readonly drop?: DropSpec | undefined;
  /** How a worker is made (fault injection in tests; default `new Worker(text, { eval: true })`). */
  readonly createWorker?: ((source: string) => Worker) | undefined;
}

/** Default worker count: every core, at most 8 (beyond that the main thread's mapping is the limit). */
export function defaultThreads(): number {
  return Math.min(8, availableParallelism());
}

/** Group counts of a worker for lines of a piece (count reads only); its lines are relative to `lineBase`. */
export interface CountedItem {
  readonly summary: GroupSummary;
  readonly lineBase: number;
}

/** What a read hands on: documents, or (count reads) a worker's group counts in their place. */
export type ScanItem = ParsedDocument | CountedItem;

/** True for a worker's group counts (only count reads have them). */
export function isCounted(item: ScanItem): item is CountedItem {
  return (item as CountedItem).summary !== undefined;
}

export interface ScanFiles {
  /**
   * The documents of `files[index]` projected onto the needs, with the reference reader's lines, problems and
   * batches. Call for each file in order.
   */
  documents(
    index: number,
    onProblem: (problem: ParseProblem) => void,
    openBytes: () => AsyncIterable<Buffer>,
  ): AsyncGenerator<ScanItem[]>;
  /** Stop the workers and release the files; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Read files with the projection-aware scanner, on worker threads when it pays: plain (not gzip) files are cut
 * into ~2 MiB pieces at line starts, and the pieces of all files go to one pool of workers in file order, so many
 * small files are read in parallel as well as one large one, and the next file is being read while this one is
 * consumed. Workers read only the lines the reference's NDJSON fast path reads, and stop at the first other line.
 * This thread takes pieces back strictly in order, makes line numbers absolute, regroups documents by the
 * reference's 1 MiB chunks, and reads with the {@link HybridReader} from a stopped piece's line up to the next piece
 * boundary where it is back at a fast line start: documents, ids, lines, problems, batches and warnings are
 * exactly those of the single-threaded read. Gzip files are read on this thread when their turn comes. Workers
 * that cannot start, or that fail before anything was handed on, leave the reading to this thread; a failure after
 * that is an error.
 *
 * Cost: the scan spreads over the workers; this thread regroups and maps. Memory: at most `threads × 2` pieces'
 * projected documents waiting.
 */
export function scanFiles(files: readonly string[], needs: readonly string[], options: ScanFilesOptions = {}): ScanFiles {
  const root = scanModules().tree.compileNeeds(needs);
  const threads = options.threads ?? defaultThreads();
  const maxLength = options.maxDocumentLength ?? DEFAULT_MAX_DOCUMENT_LENGTH;
  type Plan = { ranges: ({ first: number; end: number } | undefined)[]; pool: WorkerPool | undefined };
  /** Per file: its pieces [first, end) in the pool, or undefined when it is read on this thread. */
  let plan: Promise<Plan> | undefined;
  let handedOn = false;
  let dead = false;

  async function makePlan(): Promise<Plan> {
    const ranges: ({ first: number; end: number } | undefined)[] = files.map(() => undefined);
    if (threads <= 1) return { ranges, pool: undefined };
    // Inputs too small for workers (the common case of a small file) need no gzip sniffing: sizes alone decide.
    // (A file that cannot be stat'ed is left to the loop below, which reports it as before.)
    let sizes = 0;
    for (const file of files) sizes += sizeOrInfinity(file);
    if (sizes < (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return { ranges, pool: undefined };
    const eligible: { index: number; size: number }[] = [];
    let total = 0;
    for (const [index, file] of files.entries()) {
      if (await isGzip(file)) continue;
      const size = (await stat(file)).size;
      eligible.push({ index, size });
      total += size;
    }
    if (total < (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return { ranges, pool: undefined };
    const tasks: RangeTask[] = [];
    for (const { index, size } of eligible) {
      const bounds = await lineAlignedBounds(files[index]!, size, options.pieceBytes ?? PIECE);
      const first = tasks.length;
      for (let i = 0; i + 1 < bounds.length; i++) {
        tasks.push({ id: tasks.length, file: files[index]!, start: bounds[i]!, end: bounds[i + 1]!, needs, maxLength, chunk: CHUNK, count: options.count, drop: options.drop });
      }
      ranges[index] = { first, end: tasks.length };
    }
    const created = startWorkerPool(tasks, threads, options.createWorker ?? ((text) => new Worker(text, { eval: true })));
    if (created !== undefined) debug('%d files, %d pieces on %d workers', files.length, tasks.length, created.size);
    return { ranges, pool: created };
  }

  async function* documents(
    index: number,
    onProblem: (problem: ParseProblem) => void,
    openBytes: () => AsyncIterable<Buffer>,
  ): AsyncGenerator<ScanItem[]> {
    plan ??= makePlan();
    const planned = await plan;
    const pool = planned.pool;
    const range = planned.ranges[index];
    if (range === undefined || pool === undefined || dead) {
      yield* scanDocuments(openBytes(), root, onProblem, maxLength);
      return;
    }
    const active = pool;
    const file = files[index]!;
    /** Lines before the piece being consumed. */
    let lineBase = 0;
    let oriented = false;
    /** Documents of the reference chunk `chunk` (-1: the file's last line, without a newline), across pieces. */
    let out: ScanItem[] = [];
    let chunk = 0;
    let piece = range.first;
    try {
      while (piece < range.end) {
        active.consumeFrom(piece);
        for (;;) {
          const next = await active.nextBatch(piece);
          if (next === undefined) break;
          handedOn = true;
          if (next.chunk !== chunk && out.length > 0) {
            yield out;
            out = [];
          }
          chunk = next.chunk;
          if ('summary' in next) {
            out.push({ summary: next.summary, lineBase });
            continue;
          }
          const { docs, lines } = next.batch;
          for (let i = 0; i < docs.length; i++) out.push({ doc: docs[i], line: lineBase + lines[i]! });
        }
        const task = active.pieces[piece]!.task;
        options.onBytes?.(task.end - task.start);
        const done = active.pieces[piece]!.done!;
        oriented ||= done.oriented;
        if (done.switchAt === undefined) {
          lineBase += done.lines;
          piece++;
          continue;
        }
        // A line only the reference may read: read on here, in the reference's chunks, until the reader is back at
        // a fast line start on a piece boundary; the workers' pieces from there on are still good.
        handedOn = true;
        const hybrid = new HybridReader(root, onProblem, maxLength, {
          line: lineBase + done.switchAt.line,
          lineOriented: oriented,
          fileStart: done.switchAt.offset === 0,
        });
        let from = done.switchAt.offset;
        let to = task.end;
        piece++;
        for (;;) {
          for await (const { at, bytes } of readRange(file, from, piece < range.end ? to : Infinity, options.signal)) {
            const tag = Math.floor(at / CHUNK);
            if (tag !== chunk && out.length > 0) {
              yield out;
              out = [];
            }
            chunk = tag;
            out.push(...hybrid.push(bytes));
          }
          if (piece >= range.end) {
            if (out.length > 0) yield out;
            out = [];
            for (const batch of hybrid.end()) if (batch.length > 0) yield batch;
            debug('%s: read on this thread from line %d to the end', file, lineBase + done.switchAt.line);
            return;
          }
          if (hybrid.atFastLineStart()) break;
          // Still inside a value at the boundary: this thread reads the next piece too.
          options.onBytes?.(active.pieces[piece]!.task.end - to);
          active.drop(piece, piece + 1);
          from = to;
          to = active.pieces[piece]!.task.end;
          piece++;
          active.consumeFrom(piece);
        }
        debug('%s: lines %d to %d read on this thread', file, lineBase + done.switchAt.line, hybrid.nextLine() - 1);
        lineBase = hybrid.nextLine() - 1;
        oriented = hybrid.oriented();
      }
      debug('%s: %d pieces read by workers', file, range.end - range.first);
    } catch (error) {
      if (handedOn || !(error instanceof WorkerFailure)) throw asSourceError(error, file);
      debug('workers failed before any output (%s); reading on this thread', error.message);
      dead = true;
      await active.close();
      yield* scanDocuments(openBytes(), root, onProblem, maxLength);
      return;
    } finally {
      active.consumeFrom(range.end);
    }
    if (out.length > 0) yield out;
  }

  return {
    documents,
    async close() {
      if (plan !== undefined) {
        const planned = await plan.catch(() => undefined);
        await planned?.pool?.close();
      }
    },
  };
}

/**
 * The bytes of a plain file in [from, to) (`to` Infinity: to its end), cut where the reference's chunks are cut
 * (multiples of {@link CHUNK}), each with its offset. Opened read-only, closed when done or abandoned.
 *
 * @throws AbortedError when `signal` aborts between reads.
 */
async function* readRange(file: string, from: number, to: number, signal: AbortSignal | undefined): AsyncGenerator<{ at: number; bytes: Buffer }> {
  const handle = await open(file, 'r');
  try {
    let pos = from;
    while (pos < to) {
      if (signal?.aborted === true) throw new AbortedError();
      const buf = Buffer.allocUnsafe(Math.min((Math.floor(pos / CHUNK) + 1) * CHUNK, to) - pos);
      const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) return;
      yield { at: pos, bytes: bytesRead === buf.length ? buf : buf.subarray(0, bytesRead) };
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/**
 * A failure once this thread has taken documents or problems from the workers cannot fall back to a fresh read
 * without repeating them, so it ends the read
 * as `source_unavailable` naming the file: a worker that died (WorkerFailure) or an I/O error of this thread's own
 * reads. Distill's own errors (abort, limits) pass unchanged.
 */
function asSourceError(error: unknown, file: string): unknown {
  if (error instanceof DistillError) return error;
  const what = error instanceof WorkerFailure ? 'a worker thread failed' : 'reading failed';
  const reason = error instanceof Error ? error.message : String(error);
  return new SourceUnavailableError(`Could not finish reading ${file}: ${what} part-way through the file (${reason}). Run the request again.`, { cause: error, details: { file } });
}

/** A file's size, or Infinity when it cannot be stat'ed (the caller then takes its reporting path). */
function sizeOrInfinity(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
