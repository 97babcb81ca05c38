/**
 * Read a value from a nested document by dotted path (`details.clicks`, `path.0`).
 *
 * A key that itself contains dots (as flattened Elasticsearch or Logstash fields can, `geoip.city`) is found too:
 * at each level a literal key equal to the whole remaining path wins; otherwise the split points are tried from the
 * left (`a` before `a.b`) and the first that leads to a value wins. Through an array of objects the path
 * continues into every element and the values found are collected, as Elasticsearch indexes such fields
 * (`items.name` over `items: [{name:'a'},{name:'b'}]` is `['a', 'b']`); a numeric segment indexes the array
 * (`path.0`). Only own properties are read: `constructor`, `toString` or `__proto__` name document fields, never
 * JavaScript's object prototype. Cost: O(depth) per lookup, times the elements of arrays crossed.
 *
 * @example getPath({ details: { clicks: 2 } }, 'details.clicks') // → 2
 * @example getPath({ 'a.b': 1 }, 'a.b') // → 1
 * @example getPath({ items: [{ n: 1 }, { n: 2 }, {}] }, 'items.n') // → [1, 2]
 */
export function getPath(doc: unknown, path: string): unknown {
  if (doc === null || typeof doc !== 'object') return undefined;
  if (Array.isArray(doc) && !INDEX_HEAD.test(path)) return collectFromElements(doc, path);
  const record = doc as Record<string, unknown>;
  if (Object.hasOwn(record, path)) return record[path];
  return getPathSegments(record, path);
}

function getPathSegments(record: Record<string, unknown>, path: string): unknown {
  // Try every split point from the left (shortest head first) so that literal dotted keys are honoured.
  let dot = path.indexOf('.');
  while (dot >= 0) {
    const head = path.slice(0, dot);
    if (Object.hasOwn(record, head)) {
      const found = getPath(record[head], path.slice(dot + 1));
      if (found !== undefined) return found;
    }
    dot = path.indexOf('.', dot + 1);
  }
  return undefined;
}

/** A segment that indexes an array: digits only. */
const INDEX = /^\d+$/;
/** A path whose first segment indexes an array. */
const INDEX_HEAD = /^\d+(?:\.|$)/;

function collectFromElements(array: readonly unknown[], path: string): unknown {
  const out: unknown[] = [];
  for (const item of array) {
    const v = getPath(item, path);
    if (v === undefined) continue;
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out.length === 0 ? undefined : out;
}

/**
 * Compile a dotted path to a fast getter (no re-splitting per event) that reads what {@link getPath} reads: it walks
 * the segments and hands over to `getPath` wherever that could answer differently (an array crossed, a literal
 * dotted key for the rest of the path, nothing found). Cost: one or two own-property checks per segment.
 *
 * @example compilePath('details.clicks')({ details: { clicks: 2 } }) // → 2
 * @example compilePath('a.b')({ 'a.b': 1, a: { b: 2 } }) // → 1, as getPath
 */
export function compilePath(path: string): (doc: unknown) => unknown {
  if (!path.includes('.')) {
    return (doc) => {
      if (doc === null || typeof doc !== 'object') return undefined;
      if (Array.isArray(doc)) return getPath(doc, path);
      return Object.hasOwn(doc, path) ? (doc as Record<string, unknown>)[path] : undefined;
    };
  }
  const parts = path.split('.');
  // The rest of the path from each segment but the last, joined: a literal key equal to it wins over the walk.
  const rests = parts.slice(0, -1).map((_, i) => parts.slice(i).join('.'));
  return (doc) => {
    let cur: unknown = doc;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (cur === null || typeof cur !== 'object' || (Array.isArray(cur) && !INDEX.test(part))) return getPath(doc, path);
      if (i < rests.length && Object.hasOwn(cur, rests[i]!)) return getPath(doc, path);
      cur = Object.hasOwn(cur, part) ? (cur as Record<string, unknown>)[part] : undefined;
    }
    return cur === undefined ? getPath(doc, path) : cur;
  };
}

/**
 * Set an own, enumerable property — also for the key `__proto__`, which plain assignment would turn into a
 * prototype change (a `{}` row instead of a column). Every record Distill builds from user-chosen names (rows,
 * projected documents) is written through this.
 *
 * @example setOwn({}, '__proto__', 1) // → { ['__proto__']: 1 }, JSON '{"__proto__":1}'
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** Read an own property only: `constructor`, `toString`, `__proto__` are never inherited members. */
export function getOwn(record: unknown, key: string): unknown {
  return record !== null && typeof record === 'object' && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}
