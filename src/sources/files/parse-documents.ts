/**
 * Turn a stream of text chunks into JSON documents with their line numbers, whatever the layout:
 * - NDJSON / JSON Lines (one document per line; a line holding an array yields its elements), parsed line by line;
 * - a JSON array, pretty-printed or not, possibly truncated (a logging server killed mid-write), or several arrays
 *   or objects one after another — scanned element by element, never loaded as one string.
 *
 * The layout is decided from the first non-blank line: if it is a complete JSON value, the file is NDJSON;
 * otherwise it is scanned. Problems are reported through `onProblem` with the 1-based line, and parsing goes on.
 */

export interface ParsedDocument {
  readonly doc: unknown;
  readonly line: number;
}

export type ProblemCode = 'malformed_json' | 'truncated_json';

export interface ParseProblem {
  readonly code: ProblemCode;
  readonly line: number;
  readonly message: string;
}

/** Documents per yielded batch. */
const BATCH = 128;

export async function* parseDocuments(
  chunks: AsyncIterable<string>,
  onProblem: (problem: ParseProblem) => void,
): AsyncGenerator<ParsedDocument[]> {
  const iterator = chunks[Symbol.asyncIterator]();
  // Read until the first line is complete to choose the layout.
  let head = '';
  let done = false;
  for (;;) {
    const firstContent = head.search(/\S/);
    if (firstContent >= 0) {
      const nl = head.indexOf('\n', firstContent);
      if (nl >= 0 || done) break;
    } else if (done) break;
    const next = await iterator.next();
    if (next.done === true) done = true;
    else head += next.value;
  }
  const rest: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: () => (done ? Promise.resolve({ done: true, value: undefined }) : iterator.next()),
      return: async () => {
        await iterator.return?.();
        return { done: true, value: undefined };
      },
    }),
  };
  const firstContent = head.search(/\S/);
  if (firstContent < 0) return;
  const nl = head.indexOf('\n', firstContent);
  const firstLine = head.slice(firstContent, nl < 0 ? undefined : nl).trim();
  if (isCompleteJson(firstLine)) yield* parseLines(head, rest, onProblem);
  else yield* scanValues(head, rest, onProblem);
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function* parseLines(
  head: string,
  rest: AsyncIterable<string>,
  onProblem: (problem: ParseProblem) => void,
): AsyncGenerator<ParsedDocument[]> {
  let line = 0;
  let batch: ParsedDocument[] = [];
  const iterator = rest[Symbol.asyncIterator]();
  let text = head;
  let pos = 0;
  let ended = false;
  for (;;) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) {
      if (ended) {
        if (pos >= text.length) break;
        nl = text.length;
      } else {
        const next = await iterator.next();
        text = text.slice(pos) + (next.done === true ? '' : next.value);
        pos = 0;
        if (next.done === true) ended = true;
        continue;
      }
    }
    line++;
    let start = pos;
    let end = nl;
    pos = nl + 1;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (start === end) continue;
    const body = text.slice(start, end);
    if (body === '{' || body === '[') {
      // A pretty-printed value starts here: scan the rest of the file as JSON values.
      if (batch.length > 0) yield batch;
      const remaining: AsyncIterable<string> = { [Symbol.asyncIterator]: () => (ended ? emptyIterator() : iterator) };
      yield* scanValues(text.slice(start), remaining, onProblem, line);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      onProblem({ code: 'malformed_json', line, message: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    if (Array.isArray(value)) for (const doc of value) batch.push({ doc, line });
    else batch.push({ doc: value, line });
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function emptyIterator(): AsyncIterator<string> {
  return { next: () => Promise.resolve({ done: true, value: undefined }) };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0xfeff;
}

/**
 * Scanner for arrays and concatenated values. Tracks strings, escapes and bracket depth to find the extent of
 * each top-level object, or of each element of a top-level array, and hands that slice to JSON.parse.
 */
async function* scanValues(
  head: string,
  rest: AsyncIterable<string>,
  onProblem: (problem: ParseProblem) => void,
  firstLine = 1,
): AsyncGenerator<ParsedDocument[]> {
  let buf = head;
  let pos = 0; // next char to scan in buf
  let line = firstLine; // line of buf[pos]
  let inArray = false; // inside a top-level array
  let depth = 0; // bracket depth inside the current element
  let inString = false;
  let escape = false;
  let start = -1; // start of the current element in buf, -1 when between elements
  let startLine = 0;
  let scalar = false; // current element is a bare scalar inside an array
  let skipToEol = false;
  let batch: ParsedDocument[] = [];

  const emit = (text: string, at: number): void => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      onProblem({ code: 'malformed_json', line: at, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (Array.isArray(value)) for (const doc of value) batch.push({ doc, line: at });
    else batch.push({ doc: value, line: at });
  };

  const scan = (final: boolean): void => {
    const n = buf.length;
    while (pos < n) {
      const c = buf.charCodeAt(pos);
      if (c === 10) line++;
      if (skipToEol) {
        if (c === 10) skipToEol = false;
        pos++;
        continue;
      }
      if (start >= 0) {
        if (inString) {
          if (escape) escape = false;
          else if (c === 92) escape = true;
          else if (c === 34) inString = false;
        } else if (scalar) {
          if (c === 44 || c === 93 || c === 10 || c === 13) {
            emit(buf.slice(start, pos).trim(), startLine);
            start = -1;
            scalar = false;
            if (c === 10) line--; // the separator is read again below, and counted again
            continue; // re-read the separator outside the element
          } else if (c === 34) inString = true;
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          depth--;
          if (depth === 0) {
            emit(buf.slice(start, pos + 1), startLine);
            start = -1;
          }
        }
        pos++;
        continue;
      }
      // Between elements.
      if (c === 32 || c === 9 || c === 10 || c === 13 || (inArray && c === 44)) {
        pos++;
        continue;
      }
      if (c === 123 || (c === 91 && inArray)) {
        start = pos;
        startLine = line;
        depth = 1;
      } else if (c === 91) {
        inArray = true;
      } else if (c === 93 && inArray) {
        inArray = false;
      } else if (inArray) {
        start = pos;
        startLine = line;
        scalar = true;
        if (c === 34) inString = true;
      } else {
        onProblem({ code: 'malformed_json', line, message: 'unexpected text outside any JSON value; skipped to the end of the line' });
        skipToEol = true;
      }
      pos++;
    }
    if (final && start >= 0) {
      if (scalar) emit(buf.slice(start).trim(), startLine);
      else {
        onProblem({
          code: 'truncated_json',
          line: startLine,
          message: 'the file ends inside a JSON value (truncated while being written?); the incomplete document was skipped',
        });
      }
      start = -1;
    } else if (final && inArray) {
      onProblem({
        code: 'truncated_json',
        line,
        message: 'the file ends inside a JSON array without its closing "]"; every complete document before it was read',
      });
    }
    // Drop what has been consumed.
    const keep = start >= 0 ? start : pos;
    if (keep > 0) {
      buf = buf.slice(keep);
      pos -= keep;
      if (start >= 0) start = 0;
    }
  };

  scan(false);
  if (batch.length > 0) {
    yield batch;
    batch = [];
  }
  for await (const chunk of rest) {
    buf += chunk;
    scan(false);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  scan(true);
  if (batch.length > 0) yield batch;
}
