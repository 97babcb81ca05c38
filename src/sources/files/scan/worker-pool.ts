import { debuglog } from 'node:util';
import { Worker } from 'node:worker_threads';
import { batchCodecModule, type PackedBatch } from './batch-codec.js';
import type { ScanBatch } from './ndjson-lines.js';
import type { GroupSummary } from './group-count.js';
import type { PieceSwitch, RangeMessage, RangeTask } from './range-worker.js';
import { workerSource } from './worker-source.js';

const debug = debuglog('distill:scan');
const codec = batchCodecModule();

/** Pieces finished or in progress ahead of the one being consumed, per worker: the memory bound. */
const AHEAD_PER_WORKER = 2;

/** One piece of work and what came back for it. */
export interface Piece {
  readonly task: RangeTask;
  /** Packed batches waiting, with their reference chunk (unpacked when consumed: compact while they wait). */
  batches: ({ readonly chunk: number; readonly packed: PackedBatch } | { readonly chunk: number; readonly summary: GroupSummary })[];
  done?: { readonly lines: number; readonly oriented: boolean; readonly switchAt?: PieceSwitch | undefined } | undefined;
  error?: string | undefined;
  /** The consumer no longer wants it (this thread read its lines itself): results are dropped. */
  dropped?: boolean | undefined;
  wake?: (() => void) | undefined;
}

/** A worker broke (could not start its script, crashed, exited). */
export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';
}

export interface WorkerPool {
  /** Wait for the piece's next batch and its reference chunk; undefined once the piece is done. @throws WorkerFailure */
  nextBatch(index: number): Promise<{ readonly chunk: number; readonly batch: ScanBatch } | { readonly chunk: number; readonly summary: GroupSummary } | undefined>;
  /** The consumer is now at piece `index` (everything before is consumed or dropped): dispatch ahead of it. */
  consumeFrom(index: number): void;
  /** Drop pieces [from, to): their results are not wanted. */
  drop(from: number, to: number): void;
  readonly pieces: readonly Piece[];
  readonly size: number;
  /** Terminate every worker (closes their files); safe to call twice. */
  close(): Promise<void>;
}

/**
 * Start `threads` scanning workers over `tasks` (in consumption order). A worker gets a new piece only while fewer
 * than `threads × 2` pieces are ahead of the consumer: memory stays bounded whatever the file size, and a consumer
 * that stops early leaves little work behind. Returns undefined when no worker can be created.
 */
export function startWorkerPool(tasks: readonly RangeTask[], threads: number, create: (source: string) => Worker): WorkerPool | undefined {
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < Math.min(threads, tasks.length); i++) workers.push(create(workerSource()));
  } catch (error) {
    debug('cannot start workers (%s); reading on this thread', (error as Error).message);
    void terminate(workers);
    return undefined;
  }
  if (workers.length === 0) return undefined;
  const pieces: Piece[] = tasks.map((task) => ({ task, batches: [] }));
  const idle: Worker[] = [...workers];
  let next = 0;
  let consuming = 0;
  let failed: WorkerFailure | undefined;
  let closing = false;
  const wakeAll = (): void => {
    for (const piece of pieces) piece.wake?.();
  };
  const dispatch = (): void => {
    while (idle.length > 0 && next < pieces.length && next - consuming < workers.length * AHEAD_PER_WORKER) {
      const piece = pieces[next++]!;
      if (piece.dropped === true) continue;
      const worker = idle.pop()!;
      worker.postMessage(piece.task);
    }
  };
  for (const worker of workers) {
    worker.on('message', (message: RangeMessage) => {
      const piece = pieces[message.id]!;
      if ('packed' in message) {
        if (piece.dropped !== true) piece.batches.push({ chunk: message.chunk, packed: message.packed });
      } else if ('summaries' in message) {
        if (piece.dropped !== true) piece.batches.push(...message.summaries);
      } else {
        if ('error' in message) piece.error = message.error;
        else piece.done = { lines: message.lines, oriented: message.oriented, switchAt: message.switchAt };
        idle.push(worker);
        dispatch();
      }
      piece.wake?.();
    });
    worker.on('error', (error) => {
      failed ??= new WorkerFailure(error.message);
      wakeAll();
    });
    worker.on('exit', (code) => {
      if (closing) return;
      failed ??= new WorkerFailure(`a scan worker exited (code ${code})`);
      wakeAll();
    });
  }
  dispatch();
  return {
    pieces,
    size: workers.length,
    async nextBatch(index) {
      const piece = pieces[index]!;
      for (;;) {
        const next = piece.batches.shift();
        if (next !== undefined) return 'summary' in next ? next : { chunk: next.chunk, batch: codec.unpack(next.packed) };
        if (piece.error !== undefined) throw new WorkerFailure(piece.error);
        if (failed !== undefined) throw failed;
        if (piece.done !== undefined) return undefined;
        await new Promise<void>((resolve) => {
          piece.wake = resolve;
        });
        piece.wake = undefined;
      }
    },
    consumeFrom(index) {
      consuming = index;
      dispatch();
    },
    drop(from, to) {
      for (let i = from; i < to; i++) {
        pieces[i]!.dropped = true;
        pieces[i]!.batches = [];
      }
    },
    async close() {
      closing = true;
      await terminate(workers);
    },
  };
}

async function terminate(workers: readonly Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
}
