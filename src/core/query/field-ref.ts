import { isRole, type CanonicalEvent, type Role } from '../event.js';
import { compilePath } from '../field-path.js';

/** A query field resolved to a canonical role or to a dotted path into the source document. */
export type FieldRef = { readonly kind: 'role'; readonly role: Role } | { readonly kind: 'doc'; readonly path: string };

/**
 * Resolve a field name: a role name (`user`) names the role, `doc.x.y` names document field `x.y`, anything else
 * (`details.clicks`) is a document field.
 */
export function resolveFieldRef(name: string): FieldRef {
  if (name.startsWith('doc.')) return { kind: 'doc', path: name.slice(4) };
  if (isRole(name)) return { kind: 'role', role: name };
  return { kind: 'doc', path: name };
}

/** Build a getter reading a field reference from a canonical event. */
export function fieldGetter(ref: FieldRef): (event: CanonicalEvent) => unknown {
  if (ref.kind === 'role') {
    const role = ref.role;
    return (event) => event[role];
  }
  const get = compilePath(ref.path);
  return (event) => get(event.doc);
}

/** True for the roles holding epoch-millisecond times (query values for them are dates). */
export function isTimeRef(ref: FieldRef): boolean {
  return ref.kind === 'role' && (ref.role === 'time' || ref.role === 'end');
}
