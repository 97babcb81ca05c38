/**
 * Turn a stream of text chunks into JSON documents with their line numbers, whatever the layout:
 * - NDJSON / JSON Lines (one document per line; a line holding an array yields its elements);
 * - a JSON array, pretty-printed or not, possibly truncated (a logging server killed mid-write), or several arrays
 *   or objects one after another — scanned element by element, never loaded as one string.
 *
 * **No layout decision can swallow the rest of a file.** There is no up-front "this file is NDJSON / this file is
 * one JSON value" choice; each line is read on its own evidence:
 * 1. At the start of a line, outside any value, a line that is a complete JSON object or array by itself is a
 *    document (the NDJSON fast path: one `JSON.parse` per line) — and is *evidence* that the file is line-oriented.
 * 2. Anything else is scanned character by character (strings, escapes, bracket depth) to find the extent of each
 *    top-level object, or of each element of a top-level array, which may span lines (pretty-printed JSON).
 * 3. An unfinished value that spans lines is **abandoned**, reported once at the line where it began, as soon as
 *    the text proves it broken:
 *    - a raw line break inside a string (never valid JSON), or
 *    - a line that starts in column 0 with `{` or `[` and is by itself a complete, non-empty JSON value (pretty
 *      printers indent nested values; a record in column 0 is the next NDJSON line after a cut one), or
 *    - a missing `,` between two elements of a top-level array (reported at the array's `[`), or
 *    - the end of the file.
 *    The lines it had absorbed after its first line are then read again one by one, each a document or one
 *    `malformed_json` problem; reading resumes at the line that proved the value broken. Each line is re-read at
 *    most once, so the cost stays linear. (At the end of a file with no line-oriented evidence — a truncated
 *    pretty-printed file — the absorbed lines are parts of the cut document and are not reported one by one.)
 * 4. A document longer than `maxDocumentLength` characters is skipped (`document_too_large`, at its first line)
 *    without being buffered: memory stays bounded by that limit whatever the file holds.
 *
 * Problems go to `onProblem` with the 1-based line — at most one per line and code — and parsing goes on.
 */

export interface ParsedDocument {
  readonly doc: unknown;
  readonly line: number;
}

export type ProblemCode = 'malformed_json' | 'truncated_json' | 'document_too_large';

export interface ParseProblem {
  readonly code: ProblemCode;
  readonly line: number;
  readonly message: string;
}

export interface ParseOptions {
  /**
   * Longest document (a line of NDJSON, an element of an array) in characters (UTF-16 code units: bytes for ASCII
   * text); longer ones are skipped with a `document_too_large` problem. Default {@link DEFAULT_MAX_DOCUMENT_LENGTH}.
   */
  readonly maxDocumentLength?: number;
}

/** 16 Mi characters: thousands of times any UserALE document (about 1 KB), small enough to buffer. */
export const DEFAULT_MAX_DOCUMENT_LENGTH = 16 * 1024 * 1024;

/** The NDJSON fast path waits for a line's end up to this many characters, then scans the line as it streams. */
const FAST_PATH_MAX = 1 << 20;

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

const FAILED: unique symbol = Symbol('failed');
/** The characters that end a run of ordinary string content. */
const STRING_SPECIAL = /["\\\n]/g;

/**
 * Parse JSON documents from text chunks, in order, in batches.
 *
 * Cost: one `JSON.parse` per document plus, for lines that are not complete documents by themselves, one pass over
 * their characters; memory bounded by the longest document (≤ `maxDocumentLength`) plus one chunk.
 *
 * @example
 * parseDocuments(chunks('{"a":1}\n{"b":\n{"c":3}\n'), report)
 * // yields [{doc:{a:1},line:1}, {doc:{c:3},line:3}]; report({code:'malformed_json', line:2, …})
 */
export async function* parseDocuments(
  chunks: AsyncIterable<string>,
  onProblem: (problem: ParseProblem) => void,
  options: ParseOptions = {},
): AsyncGenerator<ParsedDocument[]> {
  const scanner = new DocumentScanner(onProblem, options.maxDocumentLength ?? DEFAULT_MAX_DOCUMENT_LENGTH);
  for await (const chunk of chunks) {
    const batch = scanner.feed(chunk, false);
    if (batch.length > 0) yield batch;
  }
  const last = scanner.feed('', true);
  if (last.length > 0) yield last;
}

/** Where a {@link DocumentScanner} made with `handBack` stopped: a clean line start after its first line. */
export interface HandBack {
  /** The text from that line start to the end of what was fed. */
  readonly rest: string;
  /** The 1-based line number of that line. */
  readonly line: number;
  /** The file was proved line-oriented before that line. */
  readonly lineOriented: boolean;
}

/** How a {@link DocumentScanner} starts when it takes over in the middle of a file (the projection-aware reader). */
export interface ScannerStart {
  /** 1-based number of the first line fed (a line start where the reader is outside any value). */
  readonly line: number;
  /** Whether the lines before proved the file line-oriented. */
  readonly lineOriented: boolean;
  /**
   * Stop at the first line start after the first line where the reader is outside any value (state that the NDJSON
   * fast path alone can carry on from); the rest is then in {@link DocumentScanner.handBack}.
   */
  readonly handBack: boolean;
}

/**
 * The resumable state machine behind {@link parseDocuments}; see the module comment for the rules. Exported for the
 * projection-aware reader (`scan/scan-documents.ts`), which reads the lines the NDJSON fast path takes itself and
 * hands this machine everything else, from a line start, with the same line number and evidence.
 */
export class DocumentScanner {
  private buf = '';
  /** Next character to read in `buf`. */
  private pos = 0;
  /** 1-based line of `buf[pos]`. */
  private line = 1;
  /** `pos` is the first character of a line. */
  private atLineStart = true;
  /** A complete one-line document was seen at the start of a line: the file is line-oriented. */
  private lineOriented = false;
  private readonly firstLine: number = 1;
  private readonly stopClean: boolean = false;
  private stopped = false;

  private inArray = false;
  private arrayLine = 0;
  /** Inside a top-level array, after an element and before its `,`. */
  private needSeparator = false;

  /** Start of the current element in `buf`, -1 when between elements (or skipping a too-large one). */
  private start = -1;
  private startLine = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private scalar = false;
  /** Inside a too-large element: its extent is still tracked, its text is not kept. */
  private skipping = false;
  private skipToEol = false;
  /** Start (in `buf`) of a column-0 line inside an open element that may prove it broken; -1 if none. */
  private candidate = -1;
  private candidateLine = 0;

  private batch: ParsedDocument[] = [];
  private lastProblem = '';

  constructor(
    private readonly onProblem: (problem: ParseProblem) => void,
    private readonly maxLength: number,
    start?: ScannerStart,
  ) {
    if (start !== undefined) {
      this.line = start.line;
      this.firstLine = start.line;
      this.lineOriented = start.lineOriented;
      this.stopClean = start.handBack;
    }
  }

  /**
   * With `handBack`: after a feed that stopped, the unread text and where it starts (then this scanner is done);
   * undefined while it has not stopped.
   */
  handBack(): HandBack | undefined {
    if (!this.stopped) return undefined;
    return { rest: this.buf, line: this.line, lineOriented: this.lineOriented };
  }

  feed(chunk: string, final: boolean): ParsedDocument[] {
    this.buf += chunk;
    // Flatten the concatenation once (ToNumber does), or every charCodeAt walks the rope: 10× slower scanning.
    if (this.buf.length > 1 << 16) void Number(this.buf);
    this.scan(final);
    if (final && !this.stopped) this.finish();
    // Drop what has been consumed.
    const keep = this.start >= 0 ? this.start : this.pos;
    if (keep > 0) {
      this.buf = this.buf.slice(keep);
      this.pos -= keep;
      if (this.start >= 0) this.start = 0;
      if (this.candidate >= 0) this.candidate -= keep;
    }
    const out = this.batch;
    this.batch = [];
    return out;
  }

  private problem(code: ProblemCode, line: number, message: string): void {
    const key = `${code}:${line}`;
    if (key === this.lastProblem) return;
    this.lastProblem = key;
    this.onProblem({ code, line, message });
  }

  private push(value: unknown, line: number): void {
    if (Array.isArray(value)) for (const doc of value) this.batch.push({ doc, line });
    else this.batch.push({ doc: value, line });
  }

  private emit(text: string, line: number): void {
    const value = tryParse(text);
    if (value === FAILED) this.problem('malformed_json', line, 'not valid JSON; the document was skipped');
    else this.push(value, line);
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    while (this.pos < n) {
      if (this.atLineStart && this.start < 0 && !this.skipping && !this.inArray && !this.skipToEol) {
        if (this.stopClean && this.line > this.firstLine) {
          this.stopped = true;
          return;
        }
        // Rule 1: the NDJSON fast path.
        let nl = buf.indexOf('\n', this.pos);
        if (nl < 0) {
          if (!final && n - this.pos < FAST_PATH_MAX) return; // wait for the line's end
          if (final) nl = n;
        }
        if (nl >= 0) {
          const [from, to] = trimmed(buf, this.pos, nl);
          if (from === to) {
            this.newLine(nl);
            continue;
          }
          const first = buf.charCodeAt(from);
          if ((first === OPEN_BRACE || first === OPEN_BRACKET) && to - from <= this.maxLength) {
            const value = tryParse(buf.slice(from, to));
            if (value !== FAILED) {
              this.push(value, this.line);
              if (!isEmptyContainer(value)) this.lineOriented = true;
              this.newLine(nl);
              continue;
            }
          }
        }
      }
      const c = buf.charCodeAt(this.pos);
      if (c === NL) {
        this.endOfLine();
        continue;
      }
      if (this.atLineStart) {
        this.atLineStart = false;
        if (this.start >= 0 && this.candidate < 0 && (c === OPEN_BRACE || c === OPEN_BRACKET) && this.startLine < this.line) {
          this.candidate = this.pos;
          this.candidateLine = this.line;
        }
      }
      if (this.skipToEol) {
        this.pos++;
        continue;
      }
      if (this.start >= 0 || this.skipping) {
        if (this.inString && !this.escape && c !== QUOTE && c !== BACKSLASH) {
          // Inside a string only `"`, `\` and a line break matter: jump to the next one.
          STRING_SPECIAL.lastIndex = this.pos;
          const next = STRING_SPECIAL.exec(buf);
          this.pos = next === null ? n : next.index;
          this.checkLength();
          continue;
        }
        this.element(c);
        continue;
      }
      this.between(c);
    }
  }

  /** Move past the line break at `nl` (or the end of the text). */
  private newLine(nl: number): void {
    this.pos = nl + 1;
    this.line++;
    this.atLineStart = true;
  }

  /** At a line break (`buf[pos]` is `\n`). */
  private endOfLine(): void {
    this.skipToEol = false;
    if (this.start >= 0 || this.skipping) {
      if (this.inString) {
        // A raw line break inside a string: the value is broken. Resume at the next line.
        const from = this.start;
        const firstLine = this.startLine;
        this.resetElement();
        this.problem('malformed_json', firstLine, 'a line break inside a JSON string: the document is broken and was skipped');
        if (from >= 0) this.rereadLines(from, this.pos, firstLine);
      } else if (this.scalar) {
        if (this.start >= 0) this.emit(this.buf.slice(this.start, this.pos).trim(), this.startLine);
        this.resetElement();
        if (this.inArray) this.needSeparator = true;
      } else if (this.candidate >= 0 && this.proveBroken(this.pos)) {
        return; // reading resumes at the candidate line
      }
    }
    this.candidate = -1;
    this.newLine(this.pos);
  }

  /**
   * The candidate line (column 0, inside an open element) ends at `end`: if it is a complete document by itself,
   * abandon the open element and resume at the candidate line.
   */
  private proveBroken(end: number): boolean {
    const [from, to] = trimmed(this.buf, this.candidate, end);
    let text = this.buf.slice(from, to);
    if (this.inArray && text.endsWith(',')) text = text.slice(0, -1);
    const value = tryParse(text);
    if (value === FAILED || isEmptyContainer(value)) {
      this.candidate = -1;
      return false;
    }
    const elementStart = this.start;
    const firstLine = this.startLine;
    const resume = this.candidate;
    const resumeLine = this.candidateLine;
    this.resetElement();
    this.lineOriented = true;
    this.problem('malformed_json', firstLine, 'an unfinished JSON value: the next line starts a new document; the broken line was skipped');
    this.rereadLines(elementStart, resume, firstLine);
    this.pos = resume;
    this.line = resumeLine;
    this.atLineStart = true;
    return true;
  }

  /** Read the lines after the first one of an abandoned element (`buf[from, to)`), each on its own. */
  private rereadLines(from: number, to: number, firstLine: number): void {
    const firstEnd = this.buf.indexOf('\n', from);
    if (firstEnd < 0 || firstEnd >= to) return;
    let line = firstLine + 1;
    let at = firstEnd + 1;
    while (at < to) {
      let nl = this.buf.indexOf('\n', at);
      if (nl < 0 || nl > to) nl = to;
      const [a, b] = trimmed(this.buf, at, nl);
      if (a < b) {
        let text = this.buf.slice(a, b);
        if (this.inArray && text.endsWith(',')) text = text.slice(0, -1);
        this.emit(text, line);
      }
      at = nl + 1;
      line++;
    }
  }

  private resetElement(): void {
    this.start = -1;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.scalar = false;
    this.skipping = false;
    this.candidate = -1;
  }

  /** One character inside an element (or a too-large element being skipped). */
  private element(c: number): void {
    if (this.inString) {
      if (this.escape) this.escape = false;
      else if (c === BACKSLASH) this.escape = true;
      else if (c === QUOTE) this.inString = false;
    } else if (this.scalar) {
      if (c === COMMA || c === CLOSE_BRACKET || c === CR) {
        if (this.start >= 0) this.emit(this.buf.slice(this.start, this.pos).trim(), this.startLine);
        this.resetElement();
        this.needSeparator = true;
        return; // the separator is read again between elements
      } else if (c === QUOTE) this.inString = true;
    } else if (c === QUOTE) this.inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      this.depth--;
      if (this.depth === 0) {
        if (this.start >= 0) this.emit(this.buf.slice(this.start, this.pos + 1), this.startLine);
        this.resetElement();
        if (this.inArray) this.needSeparator = true;
        this.pos++;
        return;
      }
    }
    this.pos++;
    this.checkLength();
  }

  /** An element longer than the limit: report it and go on tracking its extent without keeping its text. */
  private checkLength(): void {
    // `pos - start` characters are read. An unfinished object or array has at least its closing bracket to come (its
    // last character is never checked here: it ends the element first); a plain value may end right here.
    if (this.start >= 0 && this.pos - this.start + (this.scalar ? 0 : 1) > this.maxLength) {
      this.problem(
        'document_too_large',
        this.startLine,
        `a document longer than ${this.maxLength} characters (the maxDocumentLength limit) was skipped`,
      );
      this.start = -1;
      this.candidate = -1;
      this.skipping = true;
    }
  }

  /** One character between elements. */
  private between(c: number): void {
    if (c === SPACE || c === TAB || c === CR) {
      this.pos++;
      return;
    }
    if (this.inArray) {
      if (c === COMMA) {
        this.needSeparator = false;
        this.pos++;
        return;
      }
      if (c === CLOSE_BRACKET) {
        this.inArray = false;
        this.needSeparator = false;
        this.pos++;
        return;
      }
      if (this.needSeparator) {
        // Two elements without a comma: not one array. Read on as separate values.
        this.problem('malformed_json', this.arrayLine, 'a "[" whose elements are not separated by commas; the elements are read as separate values');
        this.inArray = false;
        this.needSeparator = false;
        return; // read this character again outside the array
      }
      this.start = this.pos;
      this.startLine = this.line;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth = 1;
      else {
        this.scalar = true;
        if (c === QUOTE) this.inString = true;
      }
      this.pos++;
      return;
    }
    if (c === OPEN_BRACE) {
      this.start = this.pos;
      this.startLine = this.line;
      this.depth = 1;
    } else if (c === OPEN_BRACKET) {
      this.inArray = true;
      this.arrayLine = this.line;
      this.needSeparator = false;
    } else {
      this.problem('malformed_json', this.line, 'text outside any JSON value; the rest of the line was skipped');
      this.skipToEol = true;
    }
    this.pos++;
  }

  private finish(): void {
    if (this.start >= 0 && this.candidate >= 0 && this.proveBroken(this.buf.length)) {
      this.scan(true);
    }
    if (this.start >= 0) {
      // A plain value is only ever an array element (top-level plain text is malformed_json), so here its array never
      // closes and the value itself may be cut (`[…, 23` of `230]`): it is reported like a cut object.
      if (this.lineOriented && !this.scalar) {
        const from = this.start;
        const firstLine = this.startLine;
        this.problem('malformed_json', firstLine, 'not valid JSON (an unfinished value at the end of the file); the line was skipped');
        this.rereadLines(from, this.buf.length, firstLine);
        if (this.inArray && this.arrayLine !== firstLine) this.reportOpenArray();
      } else {
        this.problem(
          'truncated_json',
          this.startLine,
          'the file ends inside a JSON value (truncated while being written?); the incomplete document was skipped',
        );
      }
      this.resetElement();
      this.pos = this.buf.length;
    } else if (this.inArray) this.reportOpenArray();
    this.inArray = false;
  }

  private reportOpenArray(): void {
    this.problem(
      'truncated_json',
      this.arrayLine,
      'the file ends inside a JSON array without its closing "]"; every complete document before it was read',
    );
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return FAILED;
  }
}

function isEmptyContainer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === NL || c === 0xfeff;
}

/** `[from, to)` of `text[start, end)` without surrounding white space. */
function trimmed(text: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  return [a, b];
}
