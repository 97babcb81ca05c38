import { debuglog } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import type { DslQuery, EsQuery } from './dsl-node.js';
import { checkResponse, cursorPageBody, totalHits, type SearchResponse } from './pit-request.js';

const debug = debuglog('distill:elasticsearch');

/** A search hit as Distill uses it. */
export interface Hit {
  readonly _id: string;
  readonly _source?: unknown;
  readonly sort?: readonly unknown[];
}

/** An open point in time: its id is updated from every response, as Elasticsearch asks. */
export interface PointInTime {
  id: string;
  readonly keepAlive: string;
}

/** Everything a paged read shares: the client, the point in time, page size and the read's abort signal. */
export interface PitSession {
  readonly client: Client;
  readonly pit: PointInTime;
  readonly pageSize: number;
  readonly signal: AbortSignal;
  /** `_source` filtering: `true` for the whole document, or the fields to return. */
  readonly source: true | readonly string[];
  /** Called with the total hit count of each cursor's first page (progress). */
  readonly onTotal?: ((total: number) => void) | undefined;
}

/** One `search_after` cursor: a query, a sort and optionally a slice of the point in time. */
export interface CursorSpec {
  readonly query: DslQuery;
  /** Sort clauses; `_shard_doc` is appended as the tie-breaker. */
  readonly sort: readonly EsQuery[];
  readonly slice?: { readonly id: number; readonly max: number } | undefined;
}

/** Open a point in time over `index`. */
export async function openPit(client: Client, index: string, keepAlive: string, signal: AbortSignal): Promise<PointInTime> {
  const r = await client.openPointInTime({ index, keep_alive: keepAlive }, { signal });
  debug('opened point in time on %s', index);
  return { id: r.id, keepAlive };
}

/**
 * Close a point in time; never throws (a node that went away has dropped it anyway, and it expires after its
 * keep-alive), and reports the outcome only to the debug log (`NODE_DEBUG=distill:elasticsearch`). Uses no abort
 * signal, so it runs even when the read was aborted; waits up to 10 s and retries a 502/503/504 once.
 */
export async function closePit(client: Client, pit: PointInTime): Promise<void> {
  try {
    const r = await client.closePointInTime({ id: pit.id }, { requestTimeout: 10_000, maxRetries: 1 });
    debug('closed point in time (%s)', r.succeeded ? 'ok' : 'not found');
  } catch (error) {
    debug('closing the point in time failed: %s', (error as Error).message);
  }
}

/**
 * Page through one cursor with `search_after`, fetching the next page while the current one is consumed (one
 * request in flight: memory is at most two pages). Stops after a short page. Every response is checked for shard
 * failures, which would otherwise silently drop documents.
 *
 * @throws SourceUnavailableError (`shard_failures`) when shards failed; SourceTimeoutError when a search timed out.
 */
export async function* cursorPages(session: PitSession, spec: CursorSpec): AsyncGenerator<readonly Hit[]> {
  if (spec.query === false) return;
  let first = true;
  const fetchPage = async (after: readonly unknown[] | undefined): Promise<readonly Hit[]> => {
    const body = cursorPageBody(session, spec, after, first);
    const wasFirst = first;
    first = false;
    const r = (await session.client.search(body, { signal: session.signal })) as unknown as SearchResponse;
    checkResponse(r);
    if (typeof r.pit_id === 'string') session.pit.id = r.pit_id;
    if (wasFirst && session.onTotal !== undefined) session.onTotal(totalHits(r.hits.total));
    return r.hits.hits;
  };
  let pending: Promise<readonly Hit[]> | undefined = fetchPage(undefined);
  try {
    while (pending !== undefined) {
      const hits = await pending;
      pending = undefined;
      if (hits.length === 0) return;
      if (hits.length >= session.pageSize) pending = fetchPage(hits[hits.length - 1]!.sort);
      yield hits;
    }
  } finally {
    // A prefetched page nobody will read: its failure (usually the abort) must not surface as unhandled.
    pending?.catch(() => undefined);
  }
}

/** Run a search (aggregations, counts) under the point in time, with the same checks. */
export async function pitSearch(session: Pick<PitSession, 'client' | 'pit' | 'signal'>, body: Record<string, unknown>): Promise<SearchResponse> {
  const r = (await session.client.search(
    { ...body, pit: { id: session.pit.id, keep_alive: session.pit.keepAlive } },
    { signal: session.signal },
  )) as unknown as SearchResponse;
  checkResponse(r);
  if (typeof r.pit_id === 'string') session.pit.id = r.pit_id;
  return r;
}
