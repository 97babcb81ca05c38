import type { Role } from '../../core/event.js';
import { resolveFieldRef } from '../../core/query/field-ref.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import type { FieldCatalog, FieldSpec } from './field-catalog.js';

/** A role's source field, classified for querying. */
export interface RoleField {
  /** Field in the document. */
  readonly source: string;
  /** Field to query (a keyword sub-field for text). */
  readonly query: string;
  /**
   * `keyword`: values compare as the strings the role holds; `valued`: only "has a value" can be pushed (numbers,
   * booleans, dates: the role holds their text); `absent`: no document has it; `unsupported`: nothing can be pushed.
   */
  readonly kind: 'keyword' | 'valued' | 'absent' | 'unsupported';
  /** Some values were not indexed (`ignore_above`): queries on them are widened and re-checked. */
  readonly ignored: boolean;
  readonly reason?: string | undefined;
}

/** A time role's source field, classified for querying. */
export interface TimeTarget {
  readonly source: string;
  readonly kind: 'date' | 'absent' | 'unsupported';
  readonly reason?: string | undefined;
}

/** What a query field name stands for in Elasticsearch terms. */
export type Target =
  | { readonly kind: 'doc'; readonly field: string; readonly spec: FieldSpec | undefined; readonly absent: boolean; readonly query: string }
  | {
      readonly kind: 'string-role';
      readonly role: Role;
      readonly fields: readonly RoleField[];
      /** The document `_id` is the last fallback (the `id` role). */
      readonly idFallback: boolean;
      /** An empty string counts as missing (string roles), or as a value (elements of the path role). */
      readonly emptyIsMissing: boolean;
    }
  | { readonly kind: 'time-role'; readonly role: 'time' | 'end'; readonly fields: readonly TimeTarget[] }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** Date formats whose parsing agrees with Distill's (`auto`: epoch ms numbers and ISO 8601 strings). */
const COMPATIBLE_DATE_FORMATS = new Set([
  'strict_date_optional_time',
  'date_optional_time',
  'strict_date_optional_time_nanos',
  'epoch_millis',
]);

/**
 * Resolve a query field name (a role, or a document path) against the mapping and the index's fields.
 * Cost: O(fallback fields).
 */
export function resolveTarget(name: string, mapping: NormalizedMapping, catalog: FieldCatalog): Target {
  const ref = resolveFieldRef(name);
  if (ref.kind === 'doc') {
    const spec = catalog.fields.get(ref.path);
    const query = spec?.family === 'text' && spec.keywordField !== undefined ? spec.keywordField : ref.path;
    return { kind: 'doc', field: ref.path, spec, absent: spec === undefined && catalog.isAbsent(ref.path), query };
  }
  if (ref.kind === 'attr') {
    // Derived attributes exist only after a pipeline step made them, never in the index.
    return { kind: 'unsupported', reason: `"${name}" is a derived attribute, computed after the read` };
  }
  const role = ref.role;
  if (role === 'time' || role === 'end') {
    return { kind: 'time-role', role, fields: mapping[role].map((t) => timeTarget(t.field, t.format, catalog)) };
  }
  if (role === 'path') {
    if (mapping.pathSeparator !== undefined) return { kind: 'unsupported', reason: 'the mapping splits a string path on a separator' };
    if (mapping.path.length !== 1) return { kind: 'unsupported', reason: 'the path role has fallback fields' };
    return { kind: 'string-role', role, fields: [roleField(mapping.path[0]!, catalog)], idFallback: false, emptyIsMissing: false };
  }
  return {
    kind: 'string-role',
    role,
    fields: mapping[role].map((f) => roleField(f, catalog)),
    idFallback: role === 'id',
    emptyIsMissing: true,
  };
}

function roleField(source: string, catalog: FieldCatalog): RoleField {
  const spec = catalog.fields.get(source);
  if (spec === undefined) {
    return catalog.isAbsent(source)
      ? { source, query: source, kind: 'absent', ignored: false }
      : { source, query: source, kind: 'unsupported', ignored: false, reason: `${source} is not indexed (not in the mapping)` };
  }
  const ignored = spec.ignored || catalog.unknownIgnored;
  if (!spec.searchable) return { source, query: source, kind: 'unsupported', ignored, reason: `${source} is not indexed` };
  if (spec.nullValue) return { source, query: source, kind: 'unsupported', ignored, reason: `${source} maps null to a value (null_value)` };
  switch (spec.family) {
    case 'keyword':
      return { source, query: source, kind: 'keyword', ignored };
    case 'text':
      return spec.keywordField === undefined
        ? { source, query: source, kind: 'unsupported', ignored, reason: `${source} is analysed text without a keyword sub-field` }
        : { source, query: spec.keywordField, kind: 'keyword', ignored };
    case 'integer':
    case 'double':
    case 'float':
    case 'boolean':
    case 'date':
      return { source, query: source, kind: 'valued', ignored };
    default:
      return { source, query: source, kind: 'unsupported', ignored, reason: `${source} is mapped as ${spec.types.join('/')}` };
  }
}

function timeTarget(source: string, format: string, catalog: FieldCatalog): TimeTarget {
  const spec = catalog.fields.get(source);
  if (spec === undefined) {
    return catalog.isAbsent(source) ? { source, kind: 'absent' } : { source, kind: 'unsupported', reason: `${source} is not indexed` };
  }
  if (spec.family !== 'date') return { source, kind: 'unsupported', reason: `${source} is mapped as ${spec.types.join('/')}, not date` };
  if (format !== 'auto') return { source, kind: 'unsupported', reason: `the mapping reads ${source} as ${format}` };
  const formats = spec.formats ?? [];
  if (!formats.every((f) => COMPATIBLE_DATE_FORMATS.has(f))) {
    return { source, kind: 'unsupported', reason: `${source} has date format ${formats.join('||')}` };
  }
  if (!spec.searchable || spec.nullValue || spec.ignored || catalog.unknownIgnored) {
    return { source, kind: 'unsupported', reason: `${source} has values Elasticsearch did not index` };
  }
  return { source, kind: 'date' };
}
