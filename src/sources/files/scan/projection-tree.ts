/**
 * The needed document paths of a run, compiled into a tree the scanner walks: at each object level, the keys that
 * lead to a needed value and what is needed below them. The tree mirrors `getPath` (src/core/field-path.ts)
 * exactly: a remaining path `a.b.c` is reached through the literal key `a.b.c`, or `a.b` then `c`, or `a` then
 * `b.c`, …; through an array a path whose first segment is not an index continues into every element, and a
 * numeric first segment picks one element. A document projected onto the tree (only the keys on the way kept,
 * arrays kept at their length with unneeded elements as `null`, needed values whole) therefore gives the same
 * answer as the full document to `getPath`, `compilePath` and every projection over the needed paths.
 *
 * Written as a self-contained module factory (no imports, no outer references) because the worker threads of the
 * parallel reader are created from its source text (a single-file executable has no module files to load).
 */

/** One level of the tree. */
export interface ProjectionNode {
  /** The value here is needed whole. */
  readonly whole: boolean;
  /** Keys of an object at this level that lead to needed values. */
  readonly keys: ReadonlyMap<string, ProjectionNode>;
  /** The same keys grouped by UTF-8 byte length, for matching raw key bytes without decoding them. */
  readonly byLength: readonly (readonly KeyEntry[] | undefined)[];
  /** Some key cannot be matched on raw bytes (holds U+FFFD or a lone surrogate): decode every key here. */
  readonly decodeKeys: boolean;
  /** Nothing is needed here (an array element no path reaches). */
  readonly empty: boolean;
  /** The node for element `index` of an array at this level. */
  element(index: number): ProjectionNode;
}

export interface KeyEntry {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly node: ProjectionNode;
}

export interface ProjectionTreeModule {
  /** Compile needed dotted paths (`type`, `details.clicks`) into a tree. Cost: O(total path length²) once. */
  compileNeeds(paths: readonly string[]): ProjectionNode;
  /** Project an already parsed value onto a tree (the reference for the scanner, and the fallback path). */
  projectParsed(value: unknown, node: ProjectionNode): unknown;
  /**
   * A parsed document as the scanner gives it: `null` unless an object, an object projected onto `root` and still an
   * object (`{}` when nothing is needed, where projectParsed's empty node gives `null`).
   */
  projectDocument(value: unknown, root: ProjectionNode): unknown;
  /** Set `key` on a plain object as `JSON.parse` would (an own `__proto__` property, not the prototype). */
  setKey(target: Record<string, unknown>, key: string, value: unknown): void;
}

export function projectionTreeModule(): ProjectionTreeModule {
  const INDEX = /^\d+$/;

  function firstSegment(path: string): string {
    const dot = path.indexOf('.');
    return dot < 0 ? path : path.slice(0, dot);
  }

  function encodeUtf8(text: string): Uint8Array {
    return new TextEncoder().encode(text);
  }

  function compile(paths: readonly string[]): ProjectionNode {
    const unique = [...new Set(paths)];
    const whole = unique.includes('');
    const grouped = new Map<string, string[]>();
    if (!whole) {
      for (const path of unique) {
        let dot = path.indexOf('.');
        while (dot >= 0) {
          add(grouped, path.slice(0, dot), path.slice(dot + 1));
          dot = path.indexOf('.', dot + 1);
        }
        add(grouped, path, '');
      }
    }
    const keys = new Map<string, ProjectionNode>();
    const byLength: KeyEntry[][] = [];
    let decodeKeys = false;
    for (const [key, rest] of grouped) {
      const node = compile(rest);
      keys.set(key, node);
      const bytes = encodeUtf8(key);
      (byLength[bytes.length] ??= []).push({ key, bytes, node });
      if (key.includes('\ufffd') || hasLoneSurrogate(key)) decodeKeys = true;
    }
    // Through an array: paths whose first segment is not an index go into every element; `i` and `i.rest` pick one.
    const crossing = unique.filter((p) => !INDEX.test(firstSegment(p)));
    const indexed = unique.filter((p) => INDEX.test(firstSegment(p)));
    const perIndex = new Map<number, ProjectionNode>();
    const self: ProjectionNode = {
      whole,
      keys,
      byLength,
      decodeKeys,
      empty: !whole && unique.length === 0,
      element(index: number): ProjectionNode {
        if (indexed.length === 0) return self;
        let node = perIndex.get(index);
        if (node === undefined) {
          const at = String(index);
          const mine: string[] = [...crossing];
          for (const p of indexed) {
            if (p === at) mine.push('');
            else if (p.startsWith(`${at}.`)) mine.push(p.slice(at.length + 1));
          }
          node = compile(mine);
          perIndex.set(index, node);
        }
        return node;
      },
    };
    return self;
  }

  function hasLoneSurrogate(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
        else return true;
      } else if (c >= 0xdc00 && c <= 0xdfff) return true;
    }
    return false;
  }

  function add(map: Map<string, string[]>, key: string, rest: string): void {
    const list = map.get(key);
    if (list === undefined) map.set(key, [rest]);
    else list.push(rest);
  }

  function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
    if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    else target[key] = value;
  }

  function projectParsed(value: unknown, node: ProjectionNode): unknown {
    if (node.whole) return value;
    if (value === null || typeof value !== 'object') return node.empty ? null : value;
    if (node.empty) return null;
    if (Array.isArray(value)) return value.map((item, i) => projectParsed(item, node.element(i)));
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = node.keys.get(key);
      if (child !== undefined) setKey(out, key, projectParsed(record[key], child));
    }
    return out;
  }

  function projectDocument(value: unknown, root: ProjectionNode): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    return root.empty ? {} : projectParsed(value, root);
  }

  return { compileNeeds: compile, projectParsed, projectDocument, setKey };
}
