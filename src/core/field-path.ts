/**
 * Read a value from a nested document by dotted path (`details.clicks`, `path.0`).
 *
 * A key that itself contains dots (as flattened Elasticsearch or Logstash fields can, `geoip.city`) is found too:
 * at each level the longest literal key that matches the remaining path wins. Cost: O(depth) per lookup.
 *
 * @example getPath({ details: { clicks: 2 } }, 'details.clicks') // → 2
 * @example getPath({ 'a.b': 1 }, 'a.b') // → 1
 */
export function getPath(doc: unknown, path: string): unknown {
  if (doc === null || typeof doc !== 'object') return undefined;
  const record = doc as Record<string, unknown>;
  if (Object.hasOwn(record, path)) return record[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  return getPathSegments(record, path);
}

function getPathSegments(record: Record<string, unknown>, path: string): unknown {
  // Try every split point from the right so that literal dotted keys are honoured.
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

/** Compile a dotted path to a fast getter (no re-splitting per event). */
export function compilePath(path: string): (doc: unknown) => unknown {
  if (!path.includes('.')) {
    return (doc) => (doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[path] : undefined);
  }
  const parts = path.split('.');
  return (doc) => {
    let cur: unknown = doc;
    for (const part of parts) {
      if (cur === null || typeof cur !== 'object') return getPath(doc, path);
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur === undefined ? getPath(doc, path) : cur;
  };
}
