import { StringDecoder } from 'node:string_decoder';
import { DEFAULT_MAX_DOCUMENT_LENGTH, DocumentScanner, type ParsedDocument, type ParseProblem } from '../parse-documents.js';
import type { LineReader } from './ndjson-lines.js';
import type { ProjectionNode } from './projection-tree.js';
import { scanModules } from './scan-modules.js';

/** Where reading starts: a line start outside any value (the file's start, or a worker's hand-over point). */
export interface ScanStart {
  /** 1-based number of the first line of the bytes. Default 1. */
  readonly line?: number | undefined;
  /** The lines before proved the file line-oriented (see `parse-documents.ts`). Default false. */
  readonly lineOriented?: boolean | undefined;
  /** The bytes start the file: a UTF-8 byte-order mark there is dropped. Default true. */
  readonly fileStart?: boolean | undefined;
}

/**
 * The projection-aware twin of `parseDocuments`: the same documents (projected onto `root`: only the needed fields,
 * non-objects as `null`), line numbers and problems, reported in the same order relative to the documents, from the
 * same chunks of raw bytes (`openByteChunks`). Lines the reference would read through its NDJSON fast path are
 * scanned byte by byte here (`ndjson-lines.ts`); from the first other line on, the reference's own state machine
 * (`DocumentScanner`) reads the text, starting in the state the reference would be in there, until it is again at
 * a line start outside any value — then the fast lines resume here. One batch per chunk, as the reference yields:
 * problems met in a chunk are reported before that chunk's documents are handed on.
 *
 * Cost: one pass over the bytes (plus a decode of the stretches the reference reads); memory: one chunk and the
 * longest document.
 *
 * @example
 * for await (const batch of scanDocuments(openByteChunks(file), compileNeeds(['type']), report)) …
 */
export async function* scanDocuments(
  chunks: AsyncIterable<Buffer>,
  root: ProjectionNode,
  onProblem: (problem: ParseProblem) => void,
  maxDocumentLength: number = DEFAULT_MAX_DOCUMENT_LENGTH,
  start: ScanStart = {},
): AsyncGenerator<ParsedDocument[]> {
  const reader = new HybridReader(root, onProblem, maxDocumentLength, start);
  for await (const chunk of chunks) {
    const out = reader.push(chunk);
    if (out.length > 0) yield out;
  }
  for (const out of reader.end()) if (out.length > 0) yield out;
}

/**
 * The state behind {@link scanDocuments}: fast lines here, or the reference scanner reading decoded text. Also
 * used piecewise by the parallel reader between the pieces its workers read.
 */
export class HybridReader {
  private fast: LineReader | undefined;
  /** Line number before the fast reader's first line. */
  private lineBase: number;
  private lineOriented: boolean;
  /** The fast reader started at the file's first byte (a BOM there is dropped, as `openTextChunks` does). */
  private fastAtFileStart: boolean;
  private ref: DocumentScanner | undefined;
  private decoder: StringDecoder | undefined;
  private out: ParsedDocument[] = [];

  constructor(
    private readonly root: ProjectionNode,
    private readonly onProblem: (problem: ParseProblem) => void,
    private readonly maxLength: number,
    start: ScanStart,
  ) {
    this.lineBase = (start.line ?? 1) - 1;
    this.lineOriented = start.lineOriented ?? false;
    this.fastAtFileStart = start.fileStart ?? true;
    this.fast = scanModules().lines.createLineReader(root, maxLength);
  }

  /** One chunk: its batch (what the reference's feed of the same chunk yields). */
  push(chunk: Buffer): ParsedDocument[] {
    if (this.fast !== undefined) this.fastBytes(chunk);
    else this.refText(this.decoder!.write(chunk), false);
    return this.take();
  }

  /**
   * At a line start read by the fast lines (no value open, no line unfinished): what follows can be read by a fresh
   * fast reader from line {@link nextLine}.
   */
  atFastLineStart(): boolean {
    return this.fast !== undefined && this.fast.pending() === 0;
  }

  /** The number of the next line (meaningful at {@link atFastLineStart}). */
  nextLine(): number {
    return this.lineBase + (this.fast?.lines() ?? 0) + 1;
  }

  /** The lines read so far proved the file line-oriented. */
  oriented(): boolean {
    return this.lineOriented || (this.fast?.oriented() ?? false);
  }

  /**
   * The end of the input: the reference's last feeds (a decoder tail, then the final feed), one batch each, in
   * turn — each feed's problems are reported when its batch is asked for, after the batches before were handed on.
   */
  *end(): Generator<ParsedDocument[]> {
    for (;;) {
      if (this.fast !== undefined) {
        const fast = this.fast;
        const found = fast.end();
        this.collect(fast);
        if (found === undefined) break;
        this.toReference(found.line, found.rest, this.fastAtFileStart && found.offset === 0);
        continue;
      }
      const tail = this.decoder!.end();
      if (tail.length > 0) {
        this.refText(tail, false);
        yield this.take();
        if (this.fast !== undefined) continue;
      }
      this.refText('', true);
      if (this.fast === undefined) break;
    }
    yield this.take();
  }

  private take(): ParsedDocument[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Fast lines from `chunk`; hands over to the reference where they stop. */
  private fastBytes(chunk: Buffer): void {
    const fast = this.fast!;
    const found = fast.push(chunk);
    this.collect(fast);
    if (found === undefined) return;
    this.toReference(found.line, found.rest, this.fastAtFileStart && found.offset === 0);
  }

  /** The reference reads on from the start of fast line `line`, whose bytes (and the chunk's rest) are `rest`. */
  private toReference(line: number, rest: Buffer, fileStart: boolean): void {
    this.lineOriented ||= this.fast!.oriented();
    this.ref = new DocumentScanner(this.onProblem, this.maxLength, {
      line: this.lineBase + line,
      lineOriented: this.lineOriented,
      handBack: true,
    });
    this.fast = undefined;
    this.decoder = new StringDecoder('utf8');
    let text = this.decoder.write(rest);
    if (fileStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.refText(text, false);
  }

  /** Reference reading of `text`; hands back to the fast lines at the first clean line start. */
  private refText(text: string, final: boolean): void {
    const ref = this.ref!;
    const { tree } = scanModules();
    for (const { doc, line } of ref.feed(text, final)) {
      this.out.push({ doc: tree.projectDocument(doc, this.root), line });
    }
    const back = ref.handBack();
    if (back === undefined) return;
    // The decoder may hold the first bytes of a character cut by the chunk's end: they follow the text.
    const held = heldBytes(this.decoder!);
    this.ref = undefined;
    this.decoder = undefined;
    this.lineBase = back.line - 1;
    this.lineOriented = back.lineOriented;
    this.fastAtFileStart = false;
    this.fast = scanModules().lines.createLineReader(this.root, this.maxLength);
    const bytes = Buffer.from(back.rest, 'utf8');
    this.fastBytes(held.length === 0 ? bytes : Buffer.concat([bytes, held]));
  }

  private collect(fast: LineReader): void {
    const { docs, lines } = fast.take();
    const base = this.lineBase;
    for (let i = 0; i < docs.length; i++) this.out.push({ doc: docs[i], line: base + lines[i]! });
  }
}

/** Bytes of an unfinished character a StringDecoder holds (Node's `lastChar` / `lastNeed` / `lastTotal`). */
function heldBytes(decoder: StringDecoder): Buffer {
  const d = decoder as unknown as { lastChar?: Buffer; lastNeed?: number; lastTotal?: number };
  const total = d.lastTotal ?? 0;
  const need = d.lastNeed ?? 0;
  if (d.lastChar === undefined || need === 0 || total <= need) return Buffer.alloc(0);
  return Buffer.from(d.lastChar.subarray(0, total - need));
}
