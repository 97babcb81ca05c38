import type { JsonScannerModule } from './json-scanner.js';
import type { ProjectionNode } from './projection-tree.js';

/**
 * Splits NDJSON bytes into lines and scans each with the projection-aware scanner, reproducing the reference
 * reader's (`parse-documents.ts`, `parseLines`) observable behaviour exactly: lines are split on `\n` and numbered
 * from 1; spaces, tabs, CR, LF and U+FEFF are trimmed at both ends; blank lines are skipped; a line holding an
 * array yields its elements; a line that is not valid JSON is a `malformed_json` problem carrying `JSON.parse`'s
 * own message; a line that is only `{` or `[` (a pretty-printed value starts) ends the line layout — the reader
 * reports where, and the caller hands the rest to the reference value scanner. Documents are grouped in batches
 * of {@link DOC_BATCH} exactly where the reference flushes, and each problem remembers how many documents of its
 * batch came before it, so a consumer replaying problems then documents reports warnings in the reference order.
 *
 * Self-contained module factory (no imports at run time): the parallel reader's workers are built from its text.
 */

/** A problem on one line: `at` = documents of the same batch before it. */
export interface LineProblem {
  readonly at: number;
  readonly line: number;
  readonly message: string;
}

/** One batch: documents with their line numbers, and the problems met while filling it. */
export interface ScanBatch {
  readonly docs: unknown[];
  readonly lines: number[];
  readonly problems: LineProblem[];
}

/** Where the line layout ended: a line that is only `{` or `[` starts at `offset` (bytes fed so far) on `line`. */
export interface LayoutSwitch {
  readonly offset: number;
  readonly line: number;
  /** The bytes from the `{` or `[` on that the reader still held. */
  readonly rest: Buffer;
}

export interface LineReader {
  /** Feed the next bytes; completed batches go to `emit`. Returns the switch point once one is met (then stop). */
  push(chunk: Buffer, emit: (batch: ScanBatch) => void): LayoutSwitch | undefined;
  /** No more bytes: scan the last line (no trailing newline) and emit the last batch. */
  end(emit: (batch: ScanBatch) => void): LayoutSwitch | undefined;
  /** Lines seen so far. */
  lines(): number;
  /** Emit the batch being filled now (it ends at a line end), even if it is not full. */
  flush(emit: (batch: ScanBatch) => void): void;
}

export interface NdjsonLinesModule {
  /**
   * A reader for one stream of bytes (a file, or a line-aligned range of one with lines counted from 1). `batch`
   * documents per batch (default {@link DOC_BATCH}; a worker uses larger ones, the consumer regroups).
   */
  createLineReader(root: ProjectionNode, batch?: number): LineReader;
  readonly DOC_BATCH: number;
}

export function ndjsonLinesModule(scanner: JsonScannerModule): NdjsonLinesModule {
  /** Documents per batch: the reference reader's batch size. */
  const DOC_BATCH = 128;

  function isSpaceAt(b: Buffer, i: number): number {
    const c = b[i]!;
    if (c === 32 || c === 9 || c === 13 || c === 10) return 1;
    return 0;
  }

  function createLineReader(root: ProjectionNode, batchSize = DOC_BATCH): LineReader {
    let carry: Buffer | undefined;
    /** Chunks fed since the last newline, joined only once a newline arrives (a long line costs linear time). */
    let pending: Buffer[] = [];
    /** Bytes consumed before `carry`'s first byte. */
    let consumed = 0;
    let line = 0;
    let batch: ScanBatch = { docs: [], lines: [], problems: [] };

    /** Scan the line buf[s, e); returns true when it starts a pretty-printed value. */
    function scanOne(buf: Buffer, s: number, e: number): boolean {
      line++;
      // Trim spaces and U+FEFF (EF BB BF) at both ends, as the reference trims characters.
      for (;;) {
        if (s < e && isSpaceAt(buf, s) === 1) s++;
        else if (s + 2 < e && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
        else break;
      }
      for (;;) {
        if (e > s && isSpaceAt(buf, e - 1) === 1) e--;
        else if (e - 3 >= s && buf[e - 3] === 0xef && buf[e - 2] === 0xbb && buf[e - 1] === 0xbf) e -= 3;
        else break;
      }
      if (s === e) return false;
      if (e - s === 1 && (buf[s] === 123 || buf[s] === 91)) return true;
      const docs = batch.docs;
      const before = docs.length;
      if (scanner.scanLine(buf, s, e, root, docs)) {
        for (let i = before; i < docs.length; i++) batch.lines.push(line);
      } else {
        let message = 'not valid JSON';
        try {
          JSON.parse(buf.toString('utf8', s, e));
        } catch (error) {
          message = `not valid JSON (${(error as Error).message})`;
        }
        batch.problems.push({ at: before, line, message });
      }
      return false;
    }

    function flush(emit: (batch: ScanBatch) => void): void {
      if (batch.docs.length > 0 || batch.problems.length > 0) emit(batch);
      batch = { docs: [], lines: [], problems: [] };
    }

    function run(buf: Buffer, final: boolean, emit: (batch: ScanBatch) => void): LayoutSwitch | undefined {
      let pos = 0;
      for (;;) {
        let nl = buf.indexOf(10, pos);
        if (nl < 0) {
          if (!final || pos >= buf.length) break;
          nl = buf.length;
        }
        const lineStart = pos;
        if (scanOne(buf, pos, nl)) {
          // Where the `{` or `[` is: after the leading spaces of this line.
          let s = lineStart;
          for (;;) {
            if (isSpaceAt(buf, s) === 1) s++;
            else if (buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
            else break;
          }
          flush(emit);
          carry = undefined;
          return { offset: consumed + s, line, rest: buf.subarray(s) };
        }
        pos = nl + 1;
        if (batch.docs.length >= batchSize) flush(emit);
      }
      consumed += pos;
      carry = pos < buf.length ? buf.subarray(pos) : undefined;
      return undefined;
    }

    return {
      DOC_BATCH,
      push(chunk, emit) {
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          if (carry !== undefined) pending.push(carry);
          carry = chunk;
          return undefined;
        }
        if (carry === undefined) return run(chunk, false, emit);
        // Finish the carried line with a small copy, then scan the chunk in place (no copy of the whole chunk).
        const head = Buffer.concat([...pending, carry, chunk.subarray(0, nl + 1)]);
        pending = [];
        carry = undefined;
        const found = run(head, false, emit);
        if (found !== undefined) return { ...found, rest: Buffer.concat([found.rest, chunk.subarray(nl + 1)]) };
        if (batch.docs.length >= batchSize) flush(emit);
        return run(chunk.subarray(nl + 1), false, emit);
      },
      end(emit) {
        if (pending.length > 0 && carry !== undefined) carry = Buffer.concat([...pending, carry]);
        pending = [];
        const found = carry === undefined ? undefined : run(carry, true, emit);
        carry = undefined;
        flush(emit);
        return found;
      },
      lines: () => line,
      flush,
    } as LineReader;
  }

  return { createLineReader, DOC_BATCH };
}
