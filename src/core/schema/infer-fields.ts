import type { FieldInfo } from '../source.js';
import type { NormalizedMapping } from './mapping-schema.js';

/** How many distinct example values a field keeps. */
const EXAMPLES = 5;

/**
 * Discover fields and their JSON types from sample documents: every leaf and object path in dotted form, the
 * types seen (`string`, `integer`, `number`, `boolean`, `object`, `array`, `null`), how many documents hold a
 * non-null value, a few example values, and which canonical roles the field feeds. Arrays of objects are walked
 * too (`items.name`). Cost: O(total size of the sample).
 *
 * @example inferFields([{ type: 'click', details: { clicks: 1 } }], mapping)
 * // → [{ field: 'details', types: ['object'], … }, { field: 'details.clicks', types: ['integer'], … }, …]
 */
export function inferFields(docs: Iterable<unknown>, mapping?: NormalizedMapping): FieldInfo[] {
  const stats = new Map<string, { types: Set<string>; count: number; examples: Set<string | number | boolean> }>();
  const visit = (value: unknown, prefix: string, seen: Set<string>): void => {
    if (prefix !== '') {
      let s = stats.get(prefix);
      if (s === undefined) {
        s = { types: new Set(), count: 0, examples: new Set() };
        stats.set(prefix, s);
      }
      s.types.add(jsonType(value));
      if (value !== null && value !== undefined && !seen.has(prefix)) {
        seen.add(prefix);
        s.count++;
      }
      if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && s.examples.size < EXAMPLES) {
        s.examples.add(typeof value === 'string' && value.length > 80 ? `${value.slice(0, 77)}...` : value);
      }
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== null && typeof item === 'object') visit(item, prefix, seen);
        else if (prefix !== '') stats.get(prefix)!.types.add(`array<${jsonType(item)}>`);
      }
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, prefix === '' ? k : `${prefix}.${k}`, seen);
    }
  };
  for (const doc of docs) visit(doc, '', new Set());
  const roles = mapping === undefined ? new Map<string, string[]>() : rolesByField(mapping);
  return [...stats.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([field, s]) => ({
      field,
      types: [...s.types].sort(),
      count: s.count,
      roles: roles.get(field) ?? [],
      ...(s.examples.size === 0 ? {} : { examples: [...s.examples] }),
    }));
}

/** Map each source field to the roles it feeds in a mapping. */
export function rolesByField(mapping: NormalizedMapping): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (field: string, role: string): void => {
    const list = out.get(field) ?? [];
    if (!list.includes(role)) list.push(role);
    out.set(field, list);
  };
  for (const role of ['id', 'user', 'session', 'type', 'target', 'path', 'page', 'kind'] as const) {
    for (const f of mapping[role]) add(f, role);
  }
  for (const role of ['time', 'end'] as const) {
    for (const t of mapping[role]) {
      add(t.field, role);
      if (t.fraction !== undefined) add(t.fraction, role);
    }
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
