import { SourceTimeoutError, SourceUnavailableError } from '../../core/errors.js';
import type { CursorSpec, Hit, PitSession } from './pit-reader.js';

/**
 * The search body of one page of a `search_after` cursor under a point in time: the page size, the point in time
 * (its latest id), the cursor's sort with `_shard_doc` as the tie-breaker, `_source` filtering, the total only on
 * the first page when someone listens for it, the query (none for "everything"), the previous page's last sort
 * values and the slice.
 */
export function cursorPageBody(
  session: Pick<PitSession, 'pit' | 'pageSize' | 'source' | 'onTotal'>,
  spec: CursorSpec,
  after: readonly unknown[] | undefined,
  first: boolean,
): Record<string, unknown> {
  return {
    size: session.pageSize,
    pit: { id: session.pit.id, keep_alive: session.pit.keepAlive },
    sort: [...spec.sort, { _shard_doc: 'asc' }],
    _source: session.source === true ? true : { includes: [...session.source] },
    track_total_hits: first && session.onTotal !== undefined,
    ...(spec.query === true ? {} : { query: spec.query }),
    ...(after === undefined ? {} : { search_after: after }),
    ...(spec.slice === undefined ? {} : { slice: spec.slice }),
  };
}

/** The hit count of a response's `hits.total` (a number, or `{ value }`; 0 when absent). */
export function totalHits(total: number | { readonly value: number } | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** The parts of a search response a read uses. */
export interface SearchResponse {
  readonly pit_id?: string;
  readonly timed_out?: boolean;
  readonly _shards?: { readonly total?: number; readonly failed?: number; readonly failures?: readonly { reason?: { type?: string } }[] };
  readonly hits: { readonly total?: number | { readonly value: number }; readonly hits: readonly Hit[] };
  readonly aggregations?: Record<string, unknown>;
}

/**
 * Refuse partial results: a response with failed shards (HTTP 200 from Elasticsearch) or a timed-out search.
 * @throws SourceUnavailableError (`shard_failures`), SourceTimeoutError
 */
export function checkResponse(r: { readonly timed_out?: boolean; readonly _shards?: SearchResponse['_shards'] }): void {
  const failed = r._shards?.failed ?? 0;
  if (failed > 0) {
    const type = r._shards?.failures?.[0]?.reason?.type;
    throw new SourceUnavailableError(
      `${failed} of ${r._shards?.total ?? '?'} shards failed${type === undefined ? '' : ` (${type})`}, so the results would be incomplete. Check the cluster's health (unassigned or failing shards) and try again.`,
      { details: { reason: 'shard_failures', failed, total: r._shards?.total, ...(type === undefined ? {} : { type }) } },
    );
  }
  if (r.timed_out === true) {
    throw new SourceTimeoutError('Elasticsearch stopped the search at its time limit, so the results would be incomplete. Narrow the query or try again.', {
      details: { reason: 'search_timed_out' },
    });
  }
}

