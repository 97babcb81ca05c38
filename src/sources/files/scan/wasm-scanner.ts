import type { JsonScannerModule } from './json-scanner.js';
import type { KeyEntry, ProjectionNode, ProjectionTreeModule } from './projection-tree.js';

/**
 * The JSON scanner with its hot path in WebAssembly: a line holding a JSON object is validated, and the values of
 * its needed top-level keys located, by the kernel (`kernel/scan-kernel.ts`, AssemblyScript, strings passed 16
 * bytes at a time with SIMD; compiled into `scan-kernel-wasm.ts`); this side builds the projected document from
 * those spans only. The kernel never accepts what `JSON.parse` rejects but may give up (a key with escapes, a line
 * that is not an object, deep nesting, thousands of matched keys, anything invalid): every such line, and every
 * read needing whole documents or decoded keys, goes to the JavaScript scanner (`json-scanner.ts`), which
 * therefore decides every invalid line and every warning exactly as before.
 *
 * Values from spans: strings decoded from their bytes (through `JSON.parse` when they hold escapes), numbers from
 * the kernel (exact cases, as `json-scanner.ts`'s fast path) or `Number` over their text, needed objects and arrays
 * with `JSON.parse` over their bytes and projected with `projectParsed` — the values and key order of the
 * JavaScript scanner's projection.
 *
 * Lines already in the kernel's memory (read into {@link WasmScannerModule.readBuffer}, as the scanning workers do)
 * are scanned in place; others are copied in (up to 1 MiB + 64 bytes, the longest line the line reader hands on;
 * longer ones go to the JavaScript scanner). Where WebAssembly cannot run (`--jitless`, a failed compile) the
 * module is the JavaScript scanner.
 *
 * Self-contained module factory (no imports at run time): the parallel reader's workers are built from its text.
 */
export interface WasmScannerModule extends JsonScannerModule {
  /** The kernel runs; false: every line goes to the JavaScript scanner. */
  readonly active: boolean;
  /**
   * A buffer of at least `size` bytes in the kernel's memory, for reading file bytes into: lines in it are scanned
   * without a copy. The memory may grow, which detaches the buffer returned before: use the last one. undefined when
   * the kernel is not active.
   */
  readBuffer(size: number): Buffer | undefined;
}

export function wasmScannerModule(tree: ProjectionTreeModule, js: JsonScannerModule, kernel: string): WasmScannerModule {
  const { setKey, projectParsed } = tree;
  // The kernel's memory map (kernel/scan-kernel.ts): key table, key bytes, records, numbers; then this side's areas.
  const KEYS = 8192;
  const KEY_BYTES = 10240;
  const MAX_KEYS = 256;
  const MAX_KEY_BYTES = 6144;
  const RECORDS = 16384;
  const MAX_RECORDS = 2048;
  const NUMBERS = 49152;
  const PAGE = 65536;
  /** The kernel's saved last values end here. */
  const KERNEL_END = 98304;
  /** Bytes after every line that the kernel may read (16-byte loads starting before the line's end). */
  const PAD = 64;
  /** Where lines from other memory are copied, and the longest such line. */
  const COPY = KERNEL_END;
  const COPY_MAX = (1 << 20) + 64;
  /** Where the read buffer starts. */
  const READ = COPY + COPY_MAX + PAD;

  interface Kernel {
    readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
    scanObject(start: number, end: number): number;
    setKeyCount(count: number): void;
  }
  /** The engine's WebAssembly API, as far as used here (absent under `node --jitless`). */
  interface WasmApi {
    readonly Module: new (bytes: Uint8Array) => object;
    readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  }
  let k: Kernel;
  try {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new api.Instance(new api.Module(Buffer.from(kernel, 'base64')), {});
    k = instance.exports as Kernel;
  } catch {
    return { scanLine: js.scanLine, active: false, readBuffer: () => undefined };
  }
  const memory = k.memory;
  type Slices = { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };
  /** The memory's current ArrayBuffer (its getter is a call into the engine) and views of it, set by {@link ensure}. */
  let current = memory.buffer;
  let heap!: Buffer;
  let records!: Int32Array;
  let numbers!: Float64Array;
  /** The tree whose top-level keys are in the kernel's table, and those keys by table index. */
  let keyed: ProjectionNode | undefined;
  let entries: KeyEntry[] = [];
  /**
   * Per key index, the string made for its last plain string value, reused for the kernel's kind 10 (the kernel forgets
   * its values whenever the key table is set, so none here is read after a change of keys or a line not taken).
   */
  const last: unknown[] = [];

  /** Grow the memory to at least `bytes` (which detaches the views of it made before) and view it. */
  function ensure(bytes: number): void {
    if (current.byteLength < bytes) memory.grow(Math.ceil((bytes - current.byteLength) / PAGE));
    current = memory.buffer;
    heap = Buffer.from(current);
    records = new Int32Array(current, RECORDS, MAX_RECORDS * 4);
    numbers = new Float64Array(current, NUMBERS, MAX_RECORDS);
  }

  ensure(READ + PAD);

  /** Put `root`'s top-level keys in the kernel's table; false when they do not fit. */
  function useKeys(root: ProjectionNode): boolean {
    const list: KeyEntry[] = [];
    for (const group of root.byLength) if (group !== undefined) list.push(...group);
    let bytes = 0;
    for (const entry of list) bytes += entry.bytes.length;
    if (list.length > MAX_KEYS || bytes > MAX_KEY_BYTES) return false;
    const table = new Int32Array(current, KEYS, MAX_KEYS * 2);
    let at = KEY_BYTES;
    list.forEach((entry, index) => {
      heap.set(entry.bytes, at);
      table[index * 2] = at;
      table[index * 2 + 1] = entry.bytes.length;
      at += entry.bytes.length;
    });
    k.setKeyCount(list.length);
    keyed = root;
    entries = list;
    return true;
  }

  /**
   * The value of record `r` (key index `key`, kind, bytes [s, e) of the kernel's memory) as the JavaScript scanner
   * builds it at `node`.
   */
  function valueOf(r: number, key: number, kind: number, s: number, e: number, node: ProjectionNode): unknown {
    const bytes = heap as unknown as Slices;
    switch (kind) {
      case 10:
        return last[key];
      case 1:
        return (last[key] = bytes.utf8Slice(s + 1, e - 1));
      case 2:
        return JSON.parse(bytes.utf8Slice(s, e));
      case 3:
        return numbers[r];
      case 4:
        return Number(bytes.latin1Slice(s, e));
      case 5:
        return true;
      case 6:
        return false;
      case 7:
        return null;
      default: {
        const parsed: unknown = JSON.parse(bytes.utf8Slice(s, e));
        return node.whole ? parsed : projectParsed(parsed, node);
      }
    }
  }

  function scanLine(buf: Uint8Array, start: number, end: number, root: ProjectionNode, out: unknown[]): boolean {
    if (root.whole || root.decodeKeys || (keyed !== root && !useKeys(root))) return js.scanLine(buf, start, end, root, out);
    let s: number;
    if (buf.buffer === current) s = buf.byteOffset + start;
    else {
      if (end - start > COPY_MAX) return js.scanLine(buf, start, end, root, out);
      heap.set(buf.subarray(start, end), COPY);
      s = COPY;
    }
    const n = k.scanObject(s, s + end - start);
    if (n < 0) return fallBack(buf, start, end, root, out);
    const doc: Record<string, unknown> = {};
    try {
      for (let r = 0; r < n; r++) {
        const at = r * 4;
        const key = records[at]!;
        const entry = entries[key]!;
        setKey(doc, entry.key, valueOf(r, key, records[at + 1]!, records[at + 2]!, records[at + 3]!, entry.node));
      }
    } catch {
      // A value JSON.parse or the projection could not build here (nesting beyond its stack): the JavaScript scanner decides.
      return fallBack(buf, start, end, root, out);
    }
    out.push(doc);
    return true;
  }

  /**
   * The JavaScript scanner reads the line; the kernel forgets its last values (it may have saved some of this line's,
   * which were not taken here).
   */
  function fallBack(buf: Uint8Array, start: number, end: number, root: ProjectionNode, out: unknown[]): boolean {
    k.setKeyCount(entries.length);
    return js.scanLine(buf, start, end, root, out);
  }

  function readBuffer(size: number): Buffer {
    ensure(READ + size + PAD);
    return Buffer.from(current, READ, size);
  }

  return { scanLine, active: true, readBuffer };
}
