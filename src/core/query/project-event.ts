import type { CanonicalEvent, Doc, Role } from '../event.js';
import { getOwn, getPath, setOwn } from '../field-path.js';
import { resolveFieldRef } from './field-ref.js';

/**
 * Build a projection: a function returning the event with `doc` reduced to the listed document fields (nested
 * structure kept, `details.clicks` → `{ details: { clicks } }`). Roles are always kept; naming a role in `fields`
 * is allowed and changes nothing — except the roles listed in `options.dropRoles`, which become `undefined` (the
 * runner drops the DOM `path`, the largest role, before sorts when no step reads it). Cost per event: one lookup
 * per listed field.
 */
export function compileProjection(fields: readonly string[], options: { readonly dropRoles?: readonly Role[] } = {}): (event: CanonicalEvent) => CanonicalEvent {
  const paths = fields.map(resolveFieldRef).flatMap((r) => (r.kind === 'doc' ? [{ path: r.path, parts: r.path.split('.') }] : []));
  const drop = options.dropRoles ?? [];
  if (drop.length === 0) {
    return (event) => {
      const doc: Doc = {};
      for (const { path, parts } of paths) {
        const value = getPath(event.doc, path);
        if (value !== undefined) setPath(doc, parts, value);
      }
      return { ...event, doc };
    };
  }
  return (event) => {
    const doc: Doc = {};
    for (const { path, parts } of paths) {
      const value = getPath(event.doc, path);
      if (value !== undefined) setPath(doc, parts, value);
    }
    const out: Record<string, unknown> = { ...event, doc };
    for (const role of drop) out[role] = undefined;
    return out as unknown as CanonicalEvent;
  };
}

function setPath(target: Doc, parts: readonly string[], value: unknown): void {
  let cur = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i]!;
    const next = getOwn(cur, key);
    if (next === null || typeof next !== 'object' || Array.isArray(next)) setOwn(cur, key, {});
    cur = getOwn(cur, key) as Doc;
  }
  setOwn(cur, parts[parts.length - 1]!, value);
}
