/**
 * Group counting inside the scanning workers (the file source's count-by pushdown): instead of sending every
 * projected document to the main thread, a worker maps just what a count needs — whether the document is an
 * object, whether it has a usable time, and the values of the string roles counted by — and sends, per batch, the
 * counts per group plus, in line order, the few documents the main thread must still see: those it reports
 * (not objects, untimed) and those whose time only the main thread can read (a time held as text: ISO parsing is
 * not repeated here). The decisions are those of `compileMapping` for top-level fields: a role value is the first
 * candidate field that is an own property holding a non-empty string, a finite number (as its decimal text) or a
 * boolean; a time is the first candidate holding a finite number (not for the `iso` format) — null, booleans,
 * objects and arrays are no time, text is deferred.
 *
 * Cost per document: one own-property lookup per candidate field and one Map update.
 *
 * Self-contained module factory (no imports at run time): the workers are built from its text.
 *
 * @example
 * const counter = groupCountModule().createCounter({ time: [{ field: 'clientTime', format: 'auto' }], by: [['type']], requireTime: false });
 * counter.add([{ type: 'click', clientTime: 1 }, { type: 'click' }, null], [1, 2, 3]);
 * counter.take() // → { keys: ['click'], counts: [2], counted: 2, noteLines: [2, 3], noteKinds: [2, 0], deferred: [] }
 */

/** What a count needs from the mapping: time candidates, and per counted role its candidate fields (top-level). */
export interface GroupCountSpec {
  readonly time: readonly { readonly field: string; readonly format: string }[];
  readonly by: readonly (readonly string[])[];
  readonly requireTime: boolean;
}

/** Note kinds: documents the main thread must see, in line order. */
export const NOTE_NOT_AN_OBJECT = 0;
export const NOTE_MISSING_TIME = 1;
export const NOTE_UNTIMED = 2;
export const NOTE_DEFERRED = 3;

/** What a batch of documents adds to a count. */
export interface GroupSummary {
  /** Group keys: the value (string or null) for one counted field, the JSON text of the values for several. */
  readonly keys: unknown[];
  readonly counts: number[];
  /** Documents mapped and counted here (untimed ones kept included). */
  readonly counted: number;
  /** Line (relative to the reader) and kind of each noted document, in line order. */
  readonly noteLines: number[];
  readonly noteKinds: number[];
  /** The projected documents of the deferred notes, in order. */
  readonly deferred: unknown[];
}

export interface GroupCounter {
  /** Count projected documents (null: not an object) with their lines. */
  add(docs: readonly unknown[], lines: readonly number[]): void;
  /** The summary so far (then start again); undefined when nothing was added. */
  take(): GroupSummary | undefined;
}

/**
 * What a worker needs to drop documents the read's condition rejects (see `planDropSpec`): the time candidates, and
 * tests that every kept event passes — a string role (its candidate fields, top-level) whose value must be one of
 * `values`.
 */
export interface DropSpec {
  readonly time: readonly { readonly field: string; readonly format: string }[];
  readonly tests: readonly { readonly fields: readonly string[]; readonly values: readonly string[] }[];
}

export interface GroupCountModule {
  createCounter(spec: GroupCountSpec): GroupCounter;
  /**
   * A test for projected documents the main thread would map, find timed and reject, with nothing to report: true
   * for an object (not an array) whose time is a usable number (as the counter decides; text and no time are never
   * dropped) and one of whose tested role values is missing or not in its list.
   */
  createDropFilter(spec: DropSpec): (doc: unknown) => boolean;
  /** The key of a group's values (strings or null), as the counter makes it. */
  keyOf(values: readonly (string | null)[]): unknown;
}

export function groupCountModule(): GroupCountModule {
  // The note kinds again: the workers see only this function's text.
  const NOT_AN_OBJECT = 0;
  const MISSING_TIME = 1;
  const UNTIMED = 2;
  const DEFERRED = 3;

  function own(doc: object, field: string): unknown {
    return Object.hasOwn(doc, field) ? (doc as Record<string, unknown>)[field] : undefined;
  }

  /** `compileMapping`'s string role value of one field, or undefined. */
  function asString(value: unknown): string | undefined {
    if (typeof value === 'string') return value === '' ? undefined : value;
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return undefined;
  }

  /** 1: a usable time; 0: none; -1: held as text (the main thread decides). */
  function timeState(doc: object, time: GroupCountSpec['time']): number {
    for (let t = 0; t < time.length; t++) {
      const v = own(doc, time[t]!.field);
      if (typeof v === 'number') {
        if (Number.isFinite(v) && time[t]!.format !== 'iso') return 1;
      } else if (typeof v === 'string') return -1;
    }
    return 0;
  }

  function roleValue(doc: object, fields: readonly string[]): string | null {
    for (let f = 0; f < fields.length; f++) {
      const v = asString(own(doc, fields[f]!));
      if (v !== undefined) return v;
    }
    return null;
  }

  function createDropFilter(spec: DropSpec): (doc: unknown) => boolean {
    const tests = spec.tests.map((t) => ({ fields: t.fields, values: new Set(t.values) }));
    return (doc) => {
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || timeState(doc, spec.time) !== 1) return false;
      for (const t of tests) {
        const v = roleValue(doc, t.fields);
        if (v === null || !t.values.has(v)) return true;
      }
      return false;
    };
  }

  function keyOf(values: readonly (string | null)[]): unknown {
    return values.length === 1 ? values[0] : JSON.stringify(values);
  }

  function createCounter(spec: GroupCountSpec): GroupCounter {
    const { time, by, requireTime } = spec;
    let counts = new Map<unknown, number>();
    let counted = 0;
    let noteLines: number[] = [];
    let noteKinds: number[] = [];
    let deferred: unknown[] = [];
    let any = false;

    return {
      add(docs, lines) {
        for (let d = 0; d < docs.length; d++) {
          any = true;
          const doc = docs[d];
          if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
            noteLines.push(lines[d]!);
            noteKinds.push(NOT_AN_OBJECT);
            continue;
          }
          const state = timeState(doc, time);
          if (state < 0) {
            noteLines.push(lines[d]!);
            noteKinds.push(DEFERRED);
            deferred.push(doc);
            continue;
          }
          if (state === 0) {
            noteLines.push(lines[d]!);
            noteKinds.push(requireTime ? MISSING_TIME : UNTIMED);
            if (requireTime) continue;
          }
          let key: unknown;
          if (by.length === 1) key = roleValue(doc, by[0]!);
          else {
            const values: (string | null)[] = [];
            for (let b = 0; b < by.length; b++) values.push(roleValue(doc, by[b]!));
            key = JSON.stringify(values);
          }
          counts.set(key, (counts.get(key) ?? 0) + 1);
          counted++;
        }
      },
      take() {
        if (!any) return undefined;
        const out: GroupSummary = { keys: [...counts.keys()], counts: [...counts.values()], counted, noteLines, noteKinds, deferred };
        counts = new Map();
        counted = 0;
        noteLines = [];
        noteKinds = [];
        deferred = [];
        any = false;
        return out;
      },
    };
  }

  return { createCounter, createDropFilter, keyOf };
}
