import type { JsonScannerModule } from './json-scanner.js';
import type { ProjectionNode } from './projection-tree.js';

/**
 * Splits NDJSON bytes into lines and scans each with the projection-aware scanner — but only the lines the
 * reference reader (`parse-documents.ts`) would read through its NDJSON fast path and accept: at a line start
 * outside any value, the line trimmed of spaces, tabs, CR, LF and U+FEFF starts with `{` or `[`, is at most
 * `maxLength` long and is valid JSON. Blank lines are skipped as the reference skips them; a line holding an array
 * yields its elements (non-objects as `null`, which the mapping rejects as the reference's values).
 *
 * The first line that is anything else — not JSON, a lone `{`, a scalar, too long, or a line that is not finished
 * within {@link FAST_PATH_MAX} bytes (the reference may start scanning it character by character before its end)
 * — stops the reader: it returns where (`LayoutSwitch`), and the caller hands the bytes from that line start on
 * to the reference reader, which alone decides what a broken line means for the lines after it. Lengths are
 * compared in bytes, never fewer than the reference's characters, so every line taken here is one the reference
 * would take the same way; the others cost nothing but the hand-over.
 *
 * Self-contained module factory (no imports at run time): the parallel reader's workers are built from its text.
 */

/** One batch: projected documents with their (1-based, reader-relative) line numbers. */
export interface ScanBatch {
  readonly docs: unknown[];
  readonly lines: number[];
}

/** Where the fast lines ended: the line starting at byte `offset` (bytes fed so far) is line `line`. */
export interface LayoutSwitch {
  readonly offset: number;
  readonly line: number;
  /** The bytes fed from that line start on (the caller continues with the bytes after them). */
  readonly rest: Buffer;
}

export interface LineReader {
  /**
   * Feed the next bytes; documents go into the open batch. Returns the switch point once one is met (then stop).
   * The reader keeps no view of `chunk` once it returns (but in the switch's `rest`): the caller may refill it.
   */
  push(chunk: Buffer): LayoutSwitch | undefined;
  /** No more bytes: read the last line (no trailing newline). */
  end(): LayoutSwitch | undefined;
  /** Lines seen so far (a switch line included). */
  lines(): number;
  /** A line holding a non-empty object or array was read (the reference's evidence that the file is line-oriented). */
  oriented(): boolean;
  /** Take the open batch (possibly empty) and start a new one. */
  take(): ScanBatch;
  /** Bytes of an unfinished line held (0: the reader is at a line start). */
  pending(): number;
}

export interface NdjsonLinesModule {
  /** A reader for one stream of bytes (a file, or a line-aligned piece of one with lines counted from 1). */
  createLineReader(root: ProjectionNode, maxLength: number): LineReader;
  /** The reference reader's fast-path limit: it waits this many characters for a line's end. */
  readonly FAST_PATH_MAX: number;
}

export function ndjsonLinesModule(scanner: JsonScannerModule): NdjsonLinesModule {
  const FAST_PATH_MAX = 1 << 20;

  function isSpaceAt(b: Buffer, i: number): boolean {
    const c = b[i]!;
    return c === 32 || c === 9 || c === 13 || c === 10;
  }

  function createLineReader(root: ProjectionNode, maxLength: number): LineReader {
    /** Bytes of the unfinished last line (chunks since the last newline, joined once its end arrives). */
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    /** Bytes fed before the first pending byte (or before the next chunk when nothing is pending). */
    let consumed = 0;
    let line = 0;
    let sawContent = false;
    let batch: ScanBatch = { docs: [], lines: [] };

    /** Read the line buf[s, e); false when the reference must read it. */
    function scanOne(buf: Buffer, s: number, e: number): boolean {
      if (e - s >= FAST_PATH_MAX) return false;
      // Trim spaces and U+FEFF (EF BB BF) at both ends, as the reference trims characters.
      for (;;) {
        if (s < e && isSpaceAt(buf, s)) s++;
        else if (s + 2 < e && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
        else break;
      }
      for (;;) {
        if (e > s && isSpaceAt(buf, e - 1)) e--;
        else if (e - 3 >= s && buf[e - 3] === 0xef && buf[e - 2] === 0xbb && buf[e - 1] === 0xbf) e -= 3;
        else break;
      }
      if (s === e) return true;
      const first = buf[s];
      if ((first !== 123 && first !== 91) || e - s > maxLength) return false;
      const docs = batch.docs;
      const before = docs.length;
      if (!scanner.scanLine(buf, s, e, root, docs)) return false;
      for (let i = before; i < docs.length; i++) batch.lines.push(line);
      if (!sawContent) {
        // Non-empty: something other than white space between the brackets.
        let i = s + 1;
        while (i < e && isSpaceAt(buf, i)) i++;
        if (i < e - 1) sawContent = true;
      }
      return true;
    }

    /** Read the whole lines of buf (and, when final, the last one); undefined, or where the reference takes over. */
    function run(buf: Buffer, final: boolean): LayoutSwitch | undefined {
      let pos = 0;
      for (;;) {
        let nl = buf.indexOf(10, pos);
        if (nl < 0) {
          if (!final || pos >= buf.length) break;
          nl = buf.length;
        }
        line++;
        if (!scanOne(buf, pos, nl)) return stop(buf, pos);
        pos = nl + 1;
      }
      if (pos < buf.length) {
        if (buf.length - pos >= FAST_PATH_MAX) {
          // The reference would stop waiting for this line's end: it reads the line from here.
          line++;
          return stop(buf, pos);
        }
        // A copy: the caller may reuse the chunk's memory for its next read (the workers do).
        pending = [Buffer.from(buf.subarray(pos))];
        pendingBytes = buf.length - pos;
      }
      consumed += pos;
      return undefined;
    }

    function stop(buf: Buffer, pos: number): LayoutSwitch {
      const found = { offset: consumed + pos, line, rest: buf.subarray(pos) };
      pending = [];
      pendingBytes = 0;
      return found;
    }

    return {
      push(chunk) {
        const nl = chunk.indexOf(10);
        if (pendingBytes === 0) return run(chunk, false);
        if (nl < 0) {
          pending.push(Buffer.from(chunk));
          pendingBytes += chunk.length;
          if (pendingBytes < FAST_PATH_MAX) return undefined;
          const all = Buffer.concat(pending);
          pending = [];
          pendingBytes = 0;
          return run(all, false);
        }
        // Finish the pending line with a small copy, then read the chunk in place (no copy of the whole chunk).
        const head = Buffer.concat([...pending, chunk.subarray(0, nl + 1)]);
        pending = [];
        pendingBytes = 0;
        const found = run(head, false);
        if (found !== undefined) return { ...found, rest: Buffer.concat([found.rest, chunk.subarray(nl + 1)]) };
        return run(chunk.subarray(nl + 1), false);
      },
      end() {
        const last = pendingBytes === 0 ? undefined : Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        return last === undefined ? undefined : run(last, true);
      },
      lines: () => line,
      oriented: () => sawContent,
      pending: () => pendingBytes,
      take() {
        const out = batch;
        batch = { docs: [], lines: [] };
        return out;
      },
    };
  }

  return { createLineReader, FAST_PATH_MAX };
}
