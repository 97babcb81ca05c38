import type { Client } from '@elastic/elasticsearch';

/** The `_source` of the first `sample` documents in index order (at most 10 000, one search; none for 0). */
export async function sampleDocuments(client: Client, index: string, sample: number, signal?: AbortSignal): Promise<unknown[]> {
  if (sample <= 0) return [];
  const r = await client.search(
    { index, size: Math.min(sample, 10_000), sort: ['_doc'], _source: true, track_total_hits: false },
    signal === undefined ? {} : { signal },
  );
  return r.hits.hits.map((hit) => hit._source ?? {});
}
