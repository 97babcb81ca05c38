import type { Client } from '@elastic/elasticsearch';
import { SourceNotFoundError } from '../../core/errors.js';
import { buildFieldCatalog, capsIndices, type CatalogResponses, type FieldCatalog } from './field-catalog.js';

/**
 * Read the mapping, the field capabilities and which fields hold ignored values (`_ignored`), with three read
 * requests, and merge them ({@link buildFieldCatalog}). Cost: proportional to the number of mapped fields.
 *
 * @throws SourceNotFoundError when the index (pattern) matches no index.
 */
export async function loadFieldCatalog(client: Client, index: string): Promise<FieldCatalog> {
  // No abort signal: the catalog is cached and shared by every read of the source, so one read's abort must not
  // fail the others' load.
  const caps = (await client.fieldCaps({ index, fields: '*' })) as CatalogResponses['caps'];
  if (capsIndices(caps).length === 0) {
    throw new SourceNotFoundError(`No index matches "${index}". Check "index" of the source (a name, alias or pattern such as userale-*).`, {
      details: { reason: 'index_not_found', index },
    });
  }
  const mappings = (await client.indices.getMapping({ index })) as CatalogResponses['mappings'];
  const ignored = await ignoredFields(client, index);
  return buildFieldCatalog({ caps, mappings, ignored, loadedAt: Date.now() });
}

async function ignoredFields(client: Client, index: string): Promise<{ fields: Set<string>; unknown: boolean }> {
  try {
    const r = await client.search({
      index,
      size: 0,
      track_total_hits: true,
      query: { exists: { field: '_ignored' } },
      aggs: { fields: { terms: { field: '_ignored', size: 10_000 } } },
    });
    const buckets = (r.aggregations?.fields as { buckets?: { key: string }[] } | undefined)?.buckets ?? [];
    return { fields: new Set(buckets.map((b) => String(b.key))), unknown: false };
  } catch {
    // Older nodes cannot aggregate on _ignored: count instead, and distrust every field if any value was ignored.
    const r = await client.count({ index, query: { exists: { field: '_ignored' } } });
    return { fields: new Set(), unknown: r.count > 0 };
  }
}
