import type { Row } from '../../core/frame.js';
import type { CountOverTimeParams } from '../../core/operators/count-over-time.js';
import type { ReadContext } from '../../core/source.js';
import type { EsQuery } from './dsl-node.js';
import { pitSearch } from './pit-reader.js';
import { countOverTimeOutcome, countOverTimePageBody, emptyCountOverTimeTally, foldCountOverTimePage, type CountOverTimePlan } from './pushdown-count-over-time.js';
import type { CountBySession } from './run-count-by.js';

/**
 * Run a planned count-over-time under the read's point in time, paging the composite aggregation with after_key
 * ({@link countOverTimePageBody}, {@link foldCountOverTimePage}); rows as the in-memory operator orders them.
 * Returns `fallback` when a document turns out multi-valued or a keyword key could stand for a number (the
 * in-memory operator then runs).
 */
export async function runCountOverTime(
  plan: CountOverTimePlan,
  params: CountOverTimeParams,
  session: CountBySession,
  query: EsQuery | undefined,
  context: ReadContext,
): Promise<{ rows: Row[] } | { fallback: string }> {
  const tally = emptyCountOverTimeTally();
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const r = await pitSearch(session, countOverTimePageBody(plan, session.pageSize, query, after));
    const step = foldCountOverTimePage(plan, params, tally, r, session.pageSize);
    if ('fallback' in step) return step;
    if ('done' in step) break;
    after = step.after;
  }
  const outcome = countOverTimeOutcome(params, tally);
  if ('fallback' in outcome) return outcome;
  context.stats.scanned += tally.total;
  context.stats.matched += tally.total;
  if (tally.untimed > 0) context.warnings.add({ code: 'untimed_excluded', message: `count-over-time left out events without a ${params.field}.`, count: tally.untimed });
  return outcome;
}
