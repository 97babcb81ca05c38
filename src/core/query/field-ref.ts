import { isRole, type CanonicalEvent, type Role } from '../event.js';
import { compilePath } from '../field-path.js';

/**
 * A query field resolved to a canonical role, a derived attribute (`attrs.x`) or a dotted path into the source
 * document. A plain document path (no `doc.` prefix) is `shadowable`: a derived attribute of the same name, when an
 * event has one, is read instead, so later steps use derived values by name.
 */
export type FieldRef =
  | { readonly kind: 'role'; readonly role: Role }
  | { readonly kind: 'attr'; readonly name: string }
  | { readonly kind: 'doc'; readonly path: string; readonly shadowable?: boolean };

/**
 * Resolve a field name: a role name (`user`) names the role; `attrs.x` the derived attribute `x`; `doc.x.y` the
 * document field `x.y` (always the original); anything else (`details.clicks`, `segment`) the derived attribute of
 * that name where an event has one, else the document field.
 */
export function resolveFieldRef(name: string): FieldRef {
  if (name.startsWith('doc.')) return { kind: 'doc', path: name.slice(4) };
  if (name.startsWith('attrs.')) return { kind: 'attr', name: name.slice(6) };
  if (isRole(name)) return { kind: 'role', role: name };
  return { kind: 'doc', path: name, shadowable: true };
}

/** Build a getter reading a field reference from a canonical event (own properties only). */
export function fieldGetter(ref: FieldRef): (event: CanonicalEvent) => unknown {
  if (ref.kind === 'role') {
    const role = ref.role;
    return (event) => event[role];
  }
  if (ref.kind === 'attr') {
    const name = ref.name;
    return (event) => (event.attrs !== undefined && Object.hasOwn(event.attrs, name) ? event.attrs[name] : undefined);
  }
  const get = compilePath(ref.path);
  if (ref.shadowable !== true) return (event) => get(event.doc);
  const name = ref.path;
  return (event) => (event.attrs !== undefined && Object.hasOwn(event.attrs, name) ? event.attrs[name] : get(event.doc));
}

/** True for the roles holding epoch-millisecond times (query values for them are dates). */
export function isTimeRef(ref: FieldRef): boolean {
  return ref.kind === 'role' && (ref.role === 'time' || ref.role === 'end');
}
