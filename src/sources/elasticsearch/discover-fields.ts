import type { Client } from '@elastic/elasticsearch';
import { inferFields, rolesByField } from '../../core/schema/infer-fields.js';
import type { NormalizedMapping } from '../../core/schema/mapping-schema.js';
import type { FieldInfo } from '../../core/source.js';
import type { FieldCatalog } from './field-catalog.js';

/**
 * The fields of an Elasticsearch source: every mapped field with its Elasticsearch type(s) (from the mapping and
 * field capabilities, merged across the indices read), plus fields found only in documents (under disabled
 * objects or `dynamic: false`) with their JSON types. Counts and example values come from a sample of `sample`
 * documents (one search); roles from the source's mapping. Read-only: mapping, field caps and one search.
 */
export async function discoverFields(
  client: Client,
  index: string,
  catalog: FieldCatalog,
  mapping: NormalizedMapping,
  sample: number,
  signal?: AbortSignal,
): Promise<FieldInfo[]> {
  const docs: unknown[] = [];
  if (sample > 0) {
    const r = await client.search(
      { index, size: Math.min(sample, 10_000), sort: ['_doc'], _source: true, track_total_hits: false },
      signal === undefined ? {} : { signal },
    );
    for (const hit of r.hits.hits) docs.push(hit._source ?? {});
  }
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
