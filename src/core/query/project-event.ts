import type { CanonicalEvent, Doc, Role } from '../event.js';
import { getOwn, getPath, setOwn } from '../field-path.js';
import { resolveFieldRef } from './field-ref.js';

/**
 * Build a projection: a function returning the event with `doc` reduced to the listed document fields (nested
 * structure kept, `details.clicks` → `{ details: { clicks } }`). Roles are always kept; naming a role in `fields`
 * is allowed and changes nothing — except the roles listed in `options.dropRoles`, which become `undefined` (the
 * runner drops the DOM `path`, the largest role, before sorts when no step reads it). With no document field
 * listed, every event gets the same empty, frozen document instead of one each: the runner's projection before a
 * sort keeps no per-event document alive when the run reads roles only (677k events held by a transition graph:
 * ~25 MB less). Cost per event: one lookup per listed field.
 */
export function compileProjection(fields: readonly string[], options: { readonly dropRoles?: readonly Role[] } = {}): (event: CanonicalEvent) => CanonicalEvent {
  const paths = fields.map(resolveFieldRef).flatMap((r) => (r.kind === 'doc' ? [{ path: r.path, parts: r.path.split('.') }] : []));
  const drop = options.dropRoles ?? [];
  const reduce = (source: Doc): Doc => {
    if (paths.length === 0) return EMPTY_DOC;
    const doc: Doc = {};
    for (const { path, parts } of paths) {
      const value = getPath(source, path);
      if (value !== undefined) setPath(doc, parts, value);
    }
    return doc;
  };
  if (drop.length === 0) return (event) => ({ ...event, doc: reduce(event.doc) });
  return (event) => {
    const out: Record<string, unknown> = { ...event, doc: reduce(event.doc) };
    for (const role of drop) out[role] = undefined;
    return out as unknown as CanonicalEvent;
  };
}

/** The document of events projected onto no document field: shared, so frozen. */
const EMPTY_DOC: Doc = Object.freeze({});

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
