import type { BatchCodecModule, PackedBatch } from './batch-codec.js';
import type { DropSpec, GroupCountModule, GroupCountSpec, GroupSummary } from './group-count.js';
import type { NdjsonLinesModule } from './ndjson-lines.js';
import type { ProjectionTreeModule } from './projection-tree.js';
import type { WasmScannerModule } from './wasm-scanner.js';

/**
 * A piece of work: scan `file` bytes [start, end), which begin at a line start, lines counted from 1; documents are
 * grouped by the reference reader's chunks (`chunk`-byte reads from the file's start).
 */
export interface RangeTask {
  readonly id: number;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly needs: readonly string[];
  readonly maxLength: number;
  readonly chunk: number;
  /** Count groups instead of sending documents (`group-count.ts`). */
  readonly count?: GroupCountSpec | undefined;
  /** Send documents this test drops as `undefined` (a place, no fields: `group-count.ts` `createDropFilter`). */
  readonly drop?: DropSpec | undefined;
}

/** Where the fast lines of a piece stopped: the reference reads on from the line starting at byte `offset`. */
export interface PieceSwitch {
  readonly offset: number;
  /** 1-based line number within the piece. */
  readonly line: number;
}

/**
 * Messages from a worker: batches of a task (each the lines whose end falls in one reference chunk, `chunk` its
 * index, -1 for the last line of a file without a final newline; a counting task sends its chunks' summaries in one
 * message), then its end: lines read, whether a non-empty
 * line was seen (the reference's line-orientation evidence), and where the fast lines stopped if they did.
 */
export type RangeMessage =
  | { readonly id: number; readonly chunk: number; readonly packed: PackedBatch }
  | { readonly id: number; readonly summaries: readonly { readonly chunk: number; readonly summary: GroupSummary }[] }
  | { readonly id: number; readonly done: true; readonly lines: number; readonly oriented: boolean; readonly switchAt?: PieceSwitch }
  | { readonly id: number; readonly error: string };

/**
 * The body of a scanning worker thread: takes {@link RangeTask}s, reads each range with positioned reads cut at the
 * reference's chunk boundaries (file opened read-only, closed after each task), scans its fast lines
 * (`ndjson-lines.ts`) and posts one packed batch (`batch-codec.ts`) per chunk, documents its drop test rejects as
 * `undefined` — or, for a task that counts groups,
 * each chunk's group counts and noted documents (`group-count.ts`), all in one message when the piece is done;
 * stops at the first line only the
 * reference may read. Runs in a worker created from source text, so it reaches Node only through `require` and the
 * modules it is handed.
 */
export function rangeWorkerMain(tree: ProjectionTreeModule, lines: NdjsonLinesModule, codec: BatchCodecModule, groups: GroupCountModule, scanner: WasmScannerModule): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the worker is evaluated as a CommonJS script
  const req = (globalThis as unknown as { require?: NodeJS.Require }).require ?? require;
  const { parentPort } = req('node:worker_threads') as typeof import('node:worker_threads');
  const fs = req('node:fs') as typeof import('node:fs');
  const roots = new Map<string, ReturnType<ProjectionTreeModule['compileNeeds']>>();
  /**
   * One read buffer for every chunk of every task (the line reader keeps no view of a chunk it was fed): a fresh
   * megabyte per read costs the kernel a page fault per 4 KiB on first touch, about half of the read's time. It lies
   * in the scanner's WebAssembly memory when the kernel runs, so lines are scanned where they were read.
   */
  let shared: Buffer | undefined;
  parentPort!.on('message', (task: RangeTask) => {
    try {
      const key = JSON.stringify(task.needs); // a pool serves one needs list; still, no two lists share a key
      let root = roots.get(key);
      if (root === undefined) {
        root = tree.compileNeeds(task.needs);
        roots.set(key, root);
      }
      const reader = lines.createLineReader(root, task.maxLength);
      const counter = task.count === undefined ? undefined : groups.createCounter(task.count);
      const drop = task.drop === undefined ? undefined : groups.createDropFilter(task.drop);
      const summaries: { chunk: number; summary: GroupSummary }[] = [];
      const send = (chunk: number): void => {
        const batch = reader.take();
        if (batch.docs.length === 0) return;
        if (counter !== undefined) {
          // Kept until the piece is done: the consumer takes pieces in order, and one message per piece wakes it once.
          counter.add(batch.docs, batch.lines);
          summaries.push({ chunk, summary: counter.take()! });
          return;
        }
        if (drop !== undefined) {
          const docs = batch.docs;
          for (let d = 0; d < docs.length; d++) if (drop(docs[d])) docs[d] = undefined;
        }
        const { packed, transfer } = codec.pack(batch);
        parentPort!.postMessage({ id: task.id, chunk, packed }, transfer);
      };
      if (shared === undefined || shared.length < task.chunk) shared = scanner.readBuffer(task.chunk) ?? Buffer.allocUnsafe(task.chunk);
      const fd = fs.openSync(task.file, 'r');
      let switchAt: PieceSwitch | undefined;
      try {
        let pos = task.start;
        while (pos < task.end && switchAt === undefined) {
          const chunk = Math.floor(pos / task.chunk);
          const buf = shared.subarray(0, Math.min((chunk + 1) * task.chunk, task.end) - pos);
          const n = fs.readSync(fd, buf, 0, buf.length, pos);
          if (n === 0) break;
          const found = reader.push(n === buf.length ? buf : buf.subarray(0, n));
          if (found !== undefined) switchAt = { offset: task.start + found.offset, line: found.line };
          send(chunk);
          pos += n;
        }
        if (switchAt === undefined) {
          const found = reader.end();
          if (found !== undefined) switchAt = { offset: task.start + found.offset, line: found.line };
          send(-1);
        }
      } finally {
        fs.closeSync(fd);
      }
      if (summaries.length > 0) parentPort!.postMessage({ id: task.id, summaries });
      parentPort!.postMessage({ id: task.id, done: true, lines: reader.lines(), oriented: reader.oriented(), ...(switchAt === undefined ? {} : { switchAt }) });
    } catch (error) {
      parentPort!.postMessage({ id: task.id, error: String((error as Error).stack ?? error) });
    }
  });
}
