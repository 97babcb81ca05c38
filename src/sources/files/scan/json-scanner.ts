import type { KeyEntry, ProjectionNode, ProjectionTreeModule } from './projection-tree.js';

/**
 * A projection-aware JSON scanner over UTF-8 bytes: it validates a whole document exactly as `JSON.parse` does
 * (grammar, escapes, control characters in strings, number syntax) but builds only the values the projection tree
 * asks for, jumping over everything else. Needed strings without escapes are decoded straight from the bytes,
 * numbers with `Number` over their JSON text (JSON's number grammar is a subset of JavaScript's, so the value is
 * `JSON.parse`'s), needed objects and arrays with `JSON.parse` over their own bytes. Duplicate keys: the last one
 * wins, as in `JSON.parse`. A line that is not valid JSON is reported as such; nesting too deep for the scanner's
 * recursion falls back to `JSON.parse` of the line (the same result, more slowly).
 *
 * Cost per document: one pass over its bytes with no allocation for skipped values, plus the needed values.
 *
 * Self-contained module factory (no imports at run time): the parallel reader's workers are built from its text.
 *
 * @example
 * const tree = projectionTreeModule();
 * const scan = jsonScannerModule(tree);
 * const out: unknown[] = [];
 * const b = Buffer.from('{"type":"click","path":["a","b"],"details":{"x":1}}');
 * scan.scanLine(b, 0, b.length, tree.compileNeeds(['type', 'details.x']), out); // → true
 * out // → [{ type: 'click', details: { x: 1 } }]
 */
export interface JsonScannerModule {
  /**
   * Scan one NDJSON line body `buf[start, end)`: push its documents (one for an object or a scalar, one per element
   * for an array), each projected onto `root` (whole if `root` is; non-objects as `null`: skipped as `not_an_object`).
   * Returns false, having pushed nothing, when the body is not valid JSON.
   */
  scanLine(buf: Uint8Array, start: number, end: number, root: ProjectionNode, out: unknown[]): boolean;
}

export function jsonScannerModule(tree: ProjectionTreeModule): JsonScannerModule {
  const { setKey, projectDocument } = tree;
  let B: Buffer = Buffer.alloc(0);
  let P = 0;
  let E = 0;
  const INVALID = { invalid: true };
  // Buffer's own slice decoders (stable since Node 0.x, what Buffer#toString calls after its argument checks).
  type Slices = { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };
  const utf8 = (s: number, e: number): string => (B as unknown as Slices).utf8Slice(s, e);
  const latin1 = (s: number, e: number): string => (B as unknown as Slices).latin1Slice(s, e);
  /** Bytes that end a run of plain string content: `"`, `\\` and control characters. */
  const STOP = new Uint8Array(256);
  for (let c = 0; c < 32; c++) STOP[c] = 1;
  STOP[34] = 1;
  STOP[92] = 1;

  function fail(): never {
    throw INVALID;
  }

  function peek(): number {
    return P < E ? B[P]! : -1;
  }

  function ws(): void {
    while (P < E) {
      const c = B[P]!;
      if (c === 32 || c === 10 || c === 13 || c === 9) P++;
      else break;
    }
  }

  function isHex(c: number): boolean {
    return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
  }

  /** At an opening quote: validate the string, move past it; true when it holds escapes. */
  function skipString(): boolean {
    let i = P + 1;
    let escaped = false;
    const b = B;
    const e = E;
    for (;;) {
      while (i < e && STOP[b[i]!] === 0) i++;
      if (i >= e) fail();
      const c = b[i]!;
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        if (i + 1 >= e) fail();
        const n = b[i + 1]!;
        if (n === 117) {
          if (i + 5 >= e || !isHex(b[i + 2]!) || !isHex(b[i + 3]!) || !isHex(b[i + 4]!) || !isHex(b[i + 5]!)) fail();
          i += 6;
        } else if (n === 34 || n === 92 || n === 47 || n === 98 || n === 102 || n === 110 || n === 114 || n === 116) i += 2;
        else fail();
        continue;
      }
      if (c < 32) fail();
      i++;
    }
    P = i + 1;
    return escaped;
  }

  function skipNumber(): void {
    P = numberEnd(B, P, E);
  }

  /** Validate the JSON number starting at `i`; the index after it. */
  function numberEnd(b: Buffer, i: number, e: number): number {
    if (b[i] === 45) i++;
    if (i >= e) fail();
    let c = b[i]!;
    if (c === 48) c = ++i < e ? b[i]! : -1;
    else if (c >= 49 && c <= 57) {
      c = ++i < e ? b[i]! : -1;
      while (c >= 48 && c <= 57) c = ++i < e ? b[i]! : -1;
    } else fail();
    if (c === 46) {
      c = ++i < e ? b[i]! : -1;
      if (!(c >= 48 && c <= 57)) fail();
      while (c >= 48 && c <= 57) c = ++i < e ? b[i]! : -1;
    }
    if (c === 101 || c === 69) {
      c = ++i < e ? b[i]! : -1;
      if (c === 43 || c === 45) c = ++i < e ? b[i]! : -1;
      if (!(c >= 48 && c <= 57)) fail();
      while (c >= 48 && c <= 57) c = ++i < e ? b[i]! : -1;
    }
    return i;
  }

  /** Exact powers of ten (all representable in a double up to 1e22). */
  const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

  /**
   * The value of the JSON number text B[s, e). Fast path (Clinger's): at most 15 significant digits and no exponent
   * — the digits form an exact integer m < 2^53 and the divisor 10^k is exact, so m / 10^k is the correctly rounded
   * value, which is what `JSON.parse` returns. Anything else goes through `Number` on the text.
   */
  function numberAt(s: number, e: number): number {
    let i = s;
    const negative = B[i] === 45;
    if (negative) i++;
    let m = 0;
    let digits = 0;
    let scale = -1;
    for (; i < e; i++) {
      const c = B[i]!;
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        if (m !== 0 || digits !== 0) digits++;
        if (scale >= 0) scale++;
      } else if (c === 46 && scale < 0) scale = 0;
      else break;
    }
    if (i === e && digits <= 15 && scale <= 22) {
      const v = scale > 0 ? m / POW10[scale]! : m;
      return negative ? -v : v;
    }
    return Number(latin1(s, e));
  }

  function literal(a: number, b: number, c: number, d: number, five: number): void {
    if (P + (five < 0 ? 4 : 5) > E || B[P] !== a || B[P + 1] !== b || B[P + 2] !== c || B[P + 3] !== d) fail();
    if (five >= 0 && B[P + 4] !== five) fail();
    P += five < 0 ? 4 : 5;
  }

  /** Container kinds of the value being skipped, innermost last (1 = object, 2 = array). */
  const STACK = new Uint8Array(4096);

  /**
   * Validate and skip one value of any kind: a single loop over local variables with an explicit stack (no call per
   * value), which is where the scanner spends its time — most bytes of a document belong to values it skips. Each
   * turn reads one value (a scalar, or the opening of a container and, in an object, its first key), then closes
   * containers and passes separators (and the next key) until the next value starts. Nesting deeper than the
   * stack throws RangeError (the caller falls back to JSON.parse).
   */
  function skipValue(): void {
    const b = B;
    const e = E;
    let i = P;
    let depth = 0;
    let c = i < e ? b[i]! : -1;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
    for (;;) {
      // A value starts at i (white space before it skipped).
      if (c === 34) i = skipStringAt(b, i, e);
      else if (c === 123 || c === 91) {
        if (depth >= STACK.length) throw new RangeError('nesting deeper than the scanner stack');
        const object = c === 123;
        STACK[depth++] = object ? 1 : 2;
        c = ++i < e ? b[i]! : -1;
        while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
        if (object) {
          if (c === 125) {
            i++;
            depth--;
          } else {
            // The first key and its colon.
            if (c !== 34) fail();
            i = skipStringAt(b, i, e);
            c = i < e ? b[i]! : -1;
            while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
            if (c !== 58) fail();
            c = ++i < e ? b[i]! : -1;
            while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
            continue;
          }
        } else if (c === 93) {
          i++;
          depth--;
        } else continue;
      } else if (c === 45 || (c >= 48 && c <= 57)) i = numberEnd(b, i, e);
      else if (c === 116 || c === 102 || c === 110) {
        P = i;
        if (c === 116) literal(116, 114, 117, 101, -1);
        else if (c === 102) literal(102, 97, 108, 115, 101);
        else literal(110, 117, 108, 108, -1);
        i = P;
      } else fail();
      // After a value: close containers, or pass a separator (and the next key) to the next value.
      for (;;) {
        if (depth === 0) {
          P = i;
          return;
        }
        c = i < e ? b[i]! : -1;
        while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
        const top = STACK[depth - 1];
        if (c === 44) {
          c = ++i < e ? b[i]! : -1;
          while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
          if (top === 1) {
            if (c !== 34) fail();
            i = skipStringAt(b, i, e);
            c = i < e ? b[i]! : -1;
            while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
            if (c !== 58) fail();
            c = ++i < e ? b[i]! : -1;
            while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
          }
          break;
        }
        if ((c === 125 && top === 1) || (c === 93 && top === 2)) {
          i++;
          depth--;
        } else fail();
      }
    }
  }

  /**
   * The bytes of `B` as 32-bit words (when `B` starts on a word boundary of its memory, as the reader's own chunks
   * do), for testing four string bytes at once; `WOFF` is `B`'s byte offset in them.
   */
  let W: Int32Array = new Int32Array(0);
  let WBUF: ArrayBufferLike | undefined;
  let WOFF = 0;

  function useWords(buf: Uint8Array): void {
    if (buf.buffer !== WBUF) {
      WBUF = buf.buffer;
      W = new Int32Array(WBUF, 0, WBUF.byteLength >> 2);
    }
    WOFF = buf.byteOffset;
  }

  /**
   * Validate the string whose opening quote is at `i`; the index after its closing quote. Plain runs are passed four
   * bytes at a time: a word with no byte below 0x20, no `"` and no `\\` holds only string content (the tests cannot
   * miss a byte; a false alarm only happens next to a real one, and then the byte loop decides).
   */
  function skipStringAt(b: Buffer, i: number, e: number): number {
    i++;
    const w32 = W;
    const off = WOFF;
    for (;;) {
      while (i < e && ((off + i) & 3) !== 0 && STOP[b[i]!] === 0) i++;
      if (((off + i) & 3) === 0) {
        let k = (off + i) >> 2;
        const last = (off + e) >> 2;
        while (k < last) {
          const w = w32[k]!;
          const q = w ^ 0x22222222;
          const s = w ^ 0x5c5c5c5c;
          if ((((w - 0x20202020) & ~w) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) break;
          k++;
        }
        i = (k << 2) - off;
      }
      while (i < e && STOP[b[i]!] === 0) i++;
      if (i >= e) fail();
      const c = b[i]!;
      if (c === 34) return i + 1;
      if (c !== 92) fail();
      if (i + 1 >= e) fail();
      const n = b[i + 1]!;
      if (n === 117) {
        if (i + 5 >= e || !isHex(b[i + 2]!) || !isHex(b[i + 3]!) || !isHex(b[i + 4]!) || !isHex(b[i + 5]!)) fail();
        i += 6;
      } else if (n === 34 || n === 92 || n === 47 || n === 98 || n === 102 || n === 110 || n === 114 || n === 116) i += 2;
      else fail();
    }
  }

  function wholeValue(): unknown {
    const s = P;
    const c = peek();
    if (c === 34) {
      const escaped = skipString();
      return escaped ? JSON.parse(utf8(s, P)) : utf8(s + 1, P - 1);
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      skipNumber();
      return numberAt(s, P);
    }
    if (c === 116) {
      literal(116, 114, 117, 101, -1);
      return true;
    }
    if (c === 102) {
      literal(102, 97, 108, 115, 101);
      return false;
    }
    if (c === 110) {
      literal(110, 117, 108, 108, -1);
      return null;
    }
    skipValue();
    return JSON.parse(utf8(s, P));
  }

  /**
   * The entry of the key `B[ks, ke)` (quotes included) at `node`: decoded when `decode` (the key has escapes or the
   * level decodes every key), else matched on its raw bytes, which the caller calls only when some key of the
   * level has the key's byte length.
   */
  function matchKey(node: ProjectionNode, ks: number, ke: number, decode: boolean): KeyEntry | undefined {
    if (decode) {
      const key = JSON.parse(utf8(ks, ke)) as string;
      const child = node.keys.get(key);
      return child === undefined ? undefined : { key, bytes: new Uint8Array(0), node: child };
    }
    const list = node.byLength[ke - ks - 2]!;
    const from = ks + 1;
    const b = B;
    outer: for (let k = 0; k < list.length; k++) {
      const entry = list[k]!;
      const bytes = entry.bytes;
      for (let j = bytes.length - 1; j >= 0; j--) if (b[from + j] !== bytes[j]) continue outer;
      return entry;
    }
    return undefined;
  }

  function projectValue(node: ProjectionNode): unknown {
    const c = peek();
    if (c === 123) return projectObject(node);
    if (c === 91) return projectArray(node);
    return wholeValue();
  }

  /**
   * The hot loop: an object at a projected level. Keys are matched on their raw bytes (by length, then bytes) and
   * only matched keys are decoded; scalar values of unneeded keys are skipped inline (strings, numbers, literals),
   * containers by {@link skipValue}. Positions live in locals and go back to `P` only around calls.
   */
  function projectObject(node: ProjectionNode): Record<string, unknown> {
    const b = B;
    const e = E;
    const byLength = node.byLength;
    const decode = node.decodeKeys;
    let i = P + 1;
    let c = i < e ? b[i]! : -1;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
    const out: Record<string, unknown> = {};
    if (c === 125) {
      P = i + 1;
      return out;
    }
    for (;;) {
      if (c !== 34) fail();
      // The key: plain bytes up to its closing quote, or the general path for escapes and control characters.
      const ks = i;
      i++;
      while (i < e && STOP[b[i]!] === 0) i++;
      let escaped = false;
      if (i < e && b[i] === 34) i++;
      else {
        i = skipStringAt(b, ks, e);
        escaped = true;
      }
      const ke = i;
      c = i < e ? b[i]! : -1;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
      if (c !== 58) fail();
      c = ++i < e ? b[i]! : -1;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
      const entry = escaped || decode ? matchKey(node, ks, ke, true) : byLength[ke - ks - 2] === undefined ? undefined : matchKey(node, ks, ke, false);
      if (entry !== undefined) {
        P = i;
        setKey(out, entry.key, entry.node.whole ? wholeValue() : projectValue(entry.node));
        i = P;
      } else if (c === 34) i = skipStringAt(b, i, e);
      else if (c === 45 || (c >= 48 && c <= 57)) i = numberEnd(b, i, e);
      else if (c === 123 || c === 91) {
        P = i;
        skipValue();
        i = P;
      } else {
        P = i;
        if (c === 116) literal(116, 114, 117, 101, -1);
        else if (c === 102) literal(102, 97, 108, 115, 101);
        else if (c === 110) literal(110, 117, 108, 108, -1);
        else fail();
        i = P;
      }
      c = i < e ? b[i]! : -1;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
      if (c === 44) {
        c = ++i < e ? b[i]! : -1;
        while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < e ? b[i]! : -1;
      } else if (c === 125) {
        P = i + 1;
        return out;
      } else fail();
    }
  }

  function projectArray(node: ProjectionNode): unknown[] {
    P++;
    ws();
    const out: unknown[] = [];
    if (peek() === 93) {
      P++;
      return out;
    }
    for (let i = 0; ; i++) {
      const element = node.element(i);
      if (element.empty) {
        skipValue();
        out.push(null);
      } else out.push(element.whole ? wholeValue() : projectValue(element));
      ws();
      const n = peek();
      if (n === 44) {
        P++;
        ws();
      } else if (n === 93) {
        P++;
        return out;
      } else fail();
    }
  }

  function scanDocuments(root: ProjectionNode, out: unknown[]): void {
    ws();
    const c = peek();
    if (c === 123) out.push(root.whole ? wholeValue() : projectObject(root));
    else if (c === 91) {
      P++;
      ws();
      if (peek() === 93) P++;
      else {
        for (;;) {
          if (peek() === 123) out.push(root.whole ? wholeValue() : projectObject(root));
          else {
            skipValue();
            out.push(null);
          }
          ws();
          const n = peek();
          if (n === 44) {
            P++;
            ws();
          } else if (n === 93) {
            P++;
            break;
          } else fail();
        }
      }
    } else {
      skipValue();
      out.push(null);
    }
    ws();
    if (P !== E) fail();
  }

  function scanLine(buf: Uint8Array, start: number, end: number, root: ProjectionNode, out: unknown[]): boolean {
    B = buf as Buffer;
    useWords(buf);
    P = start;
    E = end;
    const before = out.length;
    try {
      scanDocuments(root, out);
      return true;
    } catch (error) {
      out.length = before;
      if (error === INVALID) return false;
      if (!(error instanceof RangeError)) throw error;
      // Nesting deeper than the scanner's recursion: JSON.parse decides and the tree projects (or keep it whole).
      let value: unknown;
      try {
        value = JSON.parse((buf as Buffer).toString('utf8', start, end));
      } catch {
        return false;
      }
      const docs = Array.isArray(value) ? value : [value];
      for (const doc of docs) {
        try {
          out.push(projectDocument(doc, root));
        } catch {
          out.push(doc);
        }
      }
      return true;
    }
  }

  return { scanLine };
}
