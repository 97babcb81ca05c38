import type { ScanBatch } from './ndjson-lines.js';

/**
 * A scan batch packed for the trip from a worker to the main thread: columnar typed arrays the worker transfers
 * (no copy) plus one array of the string values, instead of a structured clone of every projected document.
 * Each document is a shape (its keys, in order; the same few shapes repeat) and one slot per key: a tag, and a
 * number or an index into the batch's string dictionary (each distinct string once) or into `others` (nested objects and arrays, structured-cloned).
 * Decoding rebuilds equal documents — same keys in the same order, numbers bit for bit (-0 included), `__proto__`
 * as an own property — and keeps the place of a document the worker dropped (`undefined`: it counts for ids and
 * statistics, nothing else).
 *
 * Cost: one pass per side, O(values); the main thread builds only the (few) needed values per document.
 *
 * Self-contained module factory (no imports at run time): the workers are built from its text.
 */
export interface PackedBatch {
  readonly shapes: readonly (readonly string[])[];
  /** Per document: its shape, -1 for a non-object (null), or -2 for a document the worker dropped (undefined). */
  readonly shapeOf: Int32Array;
  /** Per slot: 0 null, 1 true, 2 false, 3 number, 4 string, 5 other. */
  readonly tags: Uint8Array;
  readonly numbers: Float64Array;
  /** Per slot: index into `strings` (tag 4) or `others` (tag 5). */
  readonly refs: Int32Array;
  readonly strings: readonly string[];
  readonly others: readonly unknown[];
  readonly lines: Int32Array;
}

export interface BatchCodecModule {
  /** Pack a batch; `transfer` lists the buffers to hand over with postMessage. */
  pack(batch: ScanBatch): { packed: PackedBatch; transfer: ArrayBuffer[] };
  unpack(packed: PackedBatch): ScanBatch;
}

export function batchCodecModule(): BatchCodecModule {
  function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
    if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    else target[key] = value;
  }

  function sameKeys(a: readonly string[], b: readonly string[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function pack(batch: ScanBatch): { packed: PackedBatch; transfer: ArrayBuffer[] } {
    const docs = batch.docs;
    const shapeIds = new Map<string, number>();
    const shapes: string[][] = [];
    const shapeOf = new Int32Array(docs.length);
    let slots = 0;
    let last = -1;
    const keyLists: (string[] | undefined)[] = new Array(docs.length);
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d];
      if (doc === undefined) {
        shapeOf[d] = -2;
        continue;
      }
      if (doc === null || typeof doc !== 'object') {
        shapeOf[d] = -1;
        continue;
      }
      const keys = Object.keys(doc);
      // Documents of a batch mostly share the previous one's shape: compare before building a lookup key.
      let sid = last >= 0 && sameKeys(shapes[last]!, keys) ? last : undefined;
      if (sid === undefined) {
        const id = JSON.stringify(keys); // Not a join: a key may hold any character (U+0000 too) or be empty.
        sid = shapeIds.get(id);
        if (sid === undefined) {
          sid = shapes.length;
          shapes.push(keys);
          shapeIds.set(id, sid);
        }
      }
      last = sid;
      shapeOf[d] = sid;
      keyLists[d] = shapes[sid];
      slots += keys.length;
    }
    const tags = new Uint8Array(slots);
    const numbers = new Float64Array(slots);
    const refs = new Int32Array(slots);
    const strings: string[] = [];
    const dictionary = new Map<string, number>();
    const others: unknown[] = [];
    let slot = 0;
    for (let d = 0; d < docs.length; d++) {
      const keys = keyLists[d];
      if (keys === undefined) continue;
      const doc = docs[d] as Record<string, unknown>;
      for (const key of keys) {
        const v = doc[key];
        if (v === null) tags[slot] = 0;
        else if (v === true) tags[slot] = 1;
        else if (v === false) tags[slot] = 2;
        else if (typeof v === 'number') {
          tags[slot] = 3;
          numbers[slot] = v;
        } else if (typeof v === 'string') {
          // A dictionary per batch: values repeat (types, users, pages), and each distinct one is cloned once.
          tags[slot] = 4;
          let ref = dictionary.get(v);
          if (ref === undefined) {
            ref = strings.length;
            strings.push(v);
            dictionary.set(v, ref);
          }
          refs[slot] = ref;
        } else {
          tags[slot] = 5;
          refs[slot] = others.length;
          others.push(v);
        }
        slot++;
      }
    }
    const lines = Int32Array.from(batch.lines);
    return {
      packed: { shapes, shapeOf, tags, numbers, refs, strings, others, lines },
      transfer: [shapeOf.buffer as ArrayBuffer, tags.buffer as ArrayBuffer, numbers.buffer as ArrayBuffer, refs.buffer as ArrayBuffer, lines.buffer as ArrayBuffer],
    };
  }

  function unpack(packed: PackedBatch): ScanBatch {
    const { shapes, shapeOf, tags, numbers, refs, strings, others } = packed;
    const docs: unknown[] = new Array(shapeOf.length);
    const plain = shapes.map((keys) => !keys.includes('__proto__'));
    let slot = 0;
    for (let d = 0; d < shapeOf.length; d++) {
      const sid = shapeOf[d]!;
      if (sid < 0) {
        docs[d] = sid === -1 ? null : undefined;
        continue;
      }
      const doc: Record<string, unknown> = {};
      const fast = plain[sid]!;
      for (const key of shapes[sid]!) {
        const tag = tags[slot]!;
        const v = tag === 3 ? numbers[slot] : tag === 4 ? strings[refs[slot]!] : tag === 0 ? null : tag === 1 ? true : tag === 2 ? false : others[refs[slot]!];
        if (fast) doc[key] = v;
        else setKey(doc, key, v);
        slot++;
      }
      docs[d] = doc;
    }
    return { docs, lines: Array.from(packed.lines) };
  }

  return { pack, unpack };
}
