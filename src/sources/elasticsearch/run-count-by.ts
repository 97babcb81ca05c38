import type { Client } from '@elastic/elasticsearch';
import type { CanonicalEvent } from '../../core/event.js';
import type { CountByParams } from '../../core/operators/count-by.js';
import type { ReadContext } from '../../core/source.js';
import type { EsQuery } from './dsl-node.js';
import { cursorPages, pitSearch, type Hit, type PointInTime } from './pit-reader.js';
import {
  byGetters,
  countByPageBody,
  countByRows,
  countByVerdict,
  emptyCountByTally,
  foldCountByPage,
  recountEvent,
  type CountByOutcome,
  type CountByPlan,
} from './pushdown-count-by.js';

/** What a pushed-down aggregation needs: the read session and how a document becomes an event (recounts). */
export interface CountBySession {
  readonly client: Client;
  readonly pit: PointInTime;
  readonly signal: AbortSignal;
  readonly pageSize: number;
  readonly toEvent: (hit: Hit) => CanonicalEvent | undefined;
}

/**
 * Run a planned count-by: a composite aggregation paged with `after_key` under the read's point in time
 * ({@link countByPageBody}, {@link foldCountByPage}), then sort, limit and add shares exactly as the in-memory
 * operator does. Buckets whose keyword key might stand for a number or boolean are recounted from their documents
 * (streamed, then grouped like the in-memory operator). Memory: O(groups). Returns `fallback` when documents turn
 * out multi-valued (each must count once).
 */
export async function runCountBy(
  plan: CountByPlan,
  params: CountByParams,
  session: CountBySession,
  query: EsQuery | undefined,
  context: ReadContext,
): Promise<CountByOutcome> {
  const tally = emptyCountByTally();
  let after: Record<string, unknown> | undefined;
  do {
    const r = await pitSearch(session, countByPageBody(plan, session.pageSize, query, after));
    after = foldCountByPage(plan, params, tally, r, session.pageSize);
  } while (after !== undefined);
  const verdict = countByVerdict(plan, tally, query);
  if ('fallback' in verdict) return verdict;
  if (verdict.recount !== undefined) {
    const getters = byGetters(plan);
    const pages = cursorPages(
      { client: session.client, pit: session.pit, pageSize: session.pageSize, signal: session.signal, source: true },
      { query: verdict.recount, sort: [] },
    );
    for await (const hits of pages) {
      for (const hit of hits) {
        const event = session.toEvent(hit);
        if (event !== undefined) recountEvent(params, getters, event, tally.groups);
      }
    }
  }
  context.stats.scanned += tally.total;
  context.stats.matched += tally.total;
  return { rows: countByRows(plan, params, tally), total: tally.total };
}
