import { inferFields, rolesByField } from '../../core/schema/infer-fields.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import type { FieldInfo } from '../../core/source.js';
import type { FieldCatalog } from './field-catalog.js';

/**
 * The fields of an Elasticsearch source: every mapped field with its Elasticsearch type(s) (from the mapping and
 * field capabilities, merged across the indices read), plus fields found only in the sampled documents (under
 * disabled objects or `dynamic: false`) with their JSON types. Counts and example values come from the sample
 * (`sampleDocuments`); roles from the source's mapping. Sorted by field name. Pure; cost O(fields + sample size).
 */
export function discoverFields(catalog: FieldCatalog, docs: readonly unknown[], mapping: NormalizedMapping): FieldInfo[] {
  const inferred = new Map(inferFields(docs, mapping).map((f) => [f.field, f]));
  const roles = rolesByField(mapping);
  const out = new Map<string, FieldInfo>();
  for (const spec of catalog.fields.values()) {
    const seen = inferred.get(spec.field);
    out.set(spec.field, {
      field: spec.field,
      types: spec.types,
      count: seen?.count ?? 0,
      roles: roles.get(spec.field) ?? [],
      ...(seen?.examples === undefined ? {} : { examples: seen.examples }),
    });
  }
  for (const [field, info] of inferred) if (!out.has(field)) out.set(field, info);
  return [...out.values()].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}
