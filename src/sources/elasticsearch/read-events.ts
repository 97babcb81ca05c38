import type { Client } from '@elastic/elasticsearch';
import { MalformedInputError } from '../../core/errors.js';
import type { CanonicalEvent } from '../../core/event.js';
import { compileSort } from '../../core/query/compile-sort.js';
import type { Query, SortSpec } from '../../core/query/query-schema.js';
import type { ResolvedMapping } from '../../core/schema/resolve-mapping.js';
import type { ReadContext } from '../../core/source.js';
import { takeBatches } from '../../core/stream.js';
import { boolFilter, compileQueryDsl, residualMessage, sourceIncludes, type CompiledQuery } from './compile-query-dsl.js';
import { and, exact, not, type DslQuery, type EsQuery } from './dsl-node.js';
import { followAbort } from './follow-abort.js';
import { hitConverter, type Convert } from './hit-converter.js';
import { hasTimeQuery, untimedMessage } from './time-presence.js';
import type { FieldCatalog } from './field-catalog.js';
import { closePit, cursorPages, openPit, type Hit, type PitSession } from './pit-reader.js';
import { compareEsValues, planSort, type SortPlan } from './plan-sort.js';

/** Events per yielded batch. */
const BATCH = 1000;

/** What a read needs from its source. */
export interface ReadEnv {
  readonly client: Client;
  readonly index: string;
  readonly mapping: ResolvedMapping;
  readonly catalog: FieldCatalog;
  readonly pageSize: number;
  readonly slices: number;
  readonly keepAlive: string;
}

/**
 * Stream the events a query selects, in batches: filters, time range and projection run in Elasticsearch; what
 * it cannot express exactly is re-checked in memory and reported (`residual_filter` warning). Reads go through one
 * point in time with `search_after` (sliced when `slices` > 1, pages fetched ahead), so a read sees one
 * consistent snapshot. With a sort whose first key is a role Elasticsearch can order (user, session, time, …)
 * events arrive in exactly `compileSort` order and memory holds one partition (run of equal first-key values);
 * other sorts collect the matched events and sort them in memory. The point in time is closed in `finally`,
 * whether the read ends, fails, is aborted or the consumer stops early.
 *
 * Stats: `scanned` counts documents Elasticsearch returned, `matched` those that passed the residual.
 */
export async function* readEventBatches(env: ReadEnv, query: Query, context: ReadContext, untimed?: UntimedCount): AsyncGenerator<readonly CanonicalEvent[]> {
  const compiled = compileQueryDsl(query, { mapping: env.mapping.mapping, catalog: env.catalog, now: context.now });
  report(compiled, query, context);
  const base = baseQuery(env, compiled);
  const link = followAbort(context.signal);
  let pit: Awaited<ReturnType<typeof openPit>> | undefined;
  try {
    // Untimed documents are counted over the whole index, whatever the query selects (docs/pipelines.md, "Warnings").
    let untimedCounted = untimed?.counted === true;
    if (!untimedCounted && env.mapping.mapping.requireTime) {
      await countUntimed(env, context, link.signal);
      untimedCounted = true;
    } else if (!untimedCounted) untimedCounted = await countKeptUntimed(env, context, link.signal);
    pit = await openPit(env.client, env.index, env.keepAlive, link.signal);
    let total = 0;
    const session: PitSession = {
      client: env.client,
      pit,
      pageSize: env.pageSize,
      signal: link.signal,
      source: query.fields === undefined ? true : sourceIncludes(query.fields, env.mapping.mapping, compiled.residual),
      onTotal: context.onProgress === undefined ? undefined : (n) => (total += n),
    };
    const convert = hitConverter(env, query, compiled, context, () => total, !untimedCounted);
    let events: AsyncIterable<readonly CanonicalEvent[]>;
    const sort = query.sort !== undefined && query.sort.length > 0 ? query.sort : undefined;
    if (compiled.matchesNothing) events = (async function* () {})();
    else if (sort === undefined) events = unsorted(env, session, base, convert);
    else {
      const plan = planSort(sort, env.mapping.mapping, env.catalog);
      if (plan !== undefined) {
        context.stats.pushedDown.push('sort');
        events = sorted(env, session, base, plan, sort, convert);
      } else events = sortInMemory(unsorted(env, session, base, convert), sort);
    }
    yield* query.limit === undefined ? events : takeBatches(events, query.limit);
  } finally {
    link.stop();
    if (pit !== undefined) await closePit(env.client, pit);
  }
}

/** Shared by an aggregation and its in-memory fallback read, so untimed documents are counted once per request. */
export interface UntimedCount {
  counted: boolean;
}

/** The Elasticsearch query of a read: the compiled filters, plus "has a time" when the mapping requires one. */
function baseQuery(env: ReadEnv, compiled: CompiledQuery): DslQuery {
  const filters: EsQuery[] = [...compiled.filters];
  if (env.mapping.mapping.requireTime) {
    const has = hasTimeQuery(env);
    if (has !== undefined) filters.push(has);
  }
  return filters.length === 0 ? true : boolFilter(filters);
}

/** With `requireTime`, documents without a time are skipped: count them once (as the file source reports them). */
export async function countUntimed(env: Pick<ReadEnv, 'client' | 'index' | 'mapping' | 'catalog'>, context: ReadContext, signal: AbortSignal): Promise<void> {
  const has = hasTimeQuery(env);
  if (has === undefined) return;
  const r = await env.client.count({ index: env.index, query: not(exact(has)).q as EsQuery }, { signal });
  if (r.count === 0) return;
  const fields = env.mapping.mapping.time.map((t) => t.field).join(', ');
  const message = `Documents with no usable time (${fields}) were skipped because the "${env.mapping.name}" mapping sets requireTime.`;
  if (context.strict) throw new MalformedInputError(`${r.count} documents have no usable time (${fields}) and the mapping sets requireTime.`);
  context.stats.scanned += r.count;
  context.stats.skipped += r.count;
  context.warnings.add({ code: 'missing_time', message, count: r.count });
}

/**
 * Without `requireTime`, documents without a time are kept: report how many the index holds (`missing_time`), the
 * same count the file source gives for a full read, whatever the query keeps. Returns false when the time fields
 * are not all date fields (no query can tell), so the caller counts the untimed events it reads instead.
 */
export async function countKeptUntimed(env: Pick<ReadEnv, 'client' | 'index' | 'mapping' | 'catalog'>, context: ReadContext, signal: AbortSignal): Promise<boolean> {
  const has = hasTimeQuery(env);
  if (has === undefined) return false;
  const r = await env.client.count({ index: env.index, query: not(exact(has)).q as EsQuery }, { signal });
  if (r.count > 0) context.warnings.add({ code: 'missing_time', message: untimedMessage(env.mapping), count: r.count });
  return true;
}

function report(compiled: CompiledQuery, query: Query, context: ReadContext): void {
  if (compiled.filters.length > 0) context.stats.pushedDown.push('filter');
  if (query.fields !== undefined) context.stats.pushedDown.push('projection');
  if (compiled.residual !== undefined) context.warnings.add({ code: 'residual_filter', message: residualMessage(compiled.notes) });
}

/** Index order (or slices round-robin): the cheapest read. */
async function* unsorted(env: ReadEnv, session: PitSession, query: DslQuery, convert: Convert): AsyncGenerator<CanonicalEvent[]> {
  const slices = env.slices;
  const cursors = Array.from({ length: slices }, (_, id) =>
    cursorPages(session, { query, sort: [], ...(slices > 1 ? { slice: { id, max: slices } } : {}) }),
  );
  try {
    let live = cursors;
    while (live.length > 0) {
      const next: typeof live = [];
      // Every cursor has its next page in flight already; take them in turn.
      for (const cursor of live) {
        const r = await cursor.next();
        if (r.done === true) continue;
        next.push(cursor);
        const out: CanonicalEvent[] = [];
        convert(r.value, out);
        if (out.length > 0) yield out;
      }
      live = next;
    }
  } finally {
    await Promise.all(cursors.map((c) => c.return(undefined)));
  }
}

/** Sort the whole (filtered) stream in memory: for sorts Elasticsearch cannot order exactly. */
async function* sortInMemory(events: AsyncIterable<readonly CanonicalEvent[]>, sort: readonly SortSpec[]): AsyncGenerator<CanonicalEvent[]> {
  const all: CanonicalEvent[] = [];
  for await (const batch of events) for (const e of batch) all.push(e);
  all.sort(compileSort(sort));
  for (let i = 0; i < all.length; i += BATCH) yield all.slice(i, i + BATCH);
}

interface Head {
  readonly cursor: AsyncGenerator<readonly Hit[]>;
  page: readonly Hit[];
  i: number;
}

/**
 * Events in `compileSort(keys)` order from a sort plan: the plan's streams (× slices) merged by the first key's
 * value, each run of equal values sorted in memory by all keys, then the documents missing the key.
 */
async function* sorted(
  env: ReadEnv,
  session: PitSession,
  base: DslQuery,
  plan: SortPlan,
  keys: readonly SortSpec[],
  convert: Convert,
): AsyncGenerator<CanonicalEvent[]> {
  const compare = compileSort(keys);
  const dir = plan.key.order === 'desc' ? -1 : 1;
  const slices = env.slices;
  const cursors: AsyncGenerator<readonly Hit[]>[] = [];
  for (const stream of plan.streams) {
    const query = and([exact(base), exact(stream.select)]).q;
    for (let id = 0; id < slices; id++) {
      cursors.push(cursorPages(session, { query, sort: [stream.sort], ...(slices > 1 ? { slice: { id, max: slices } } : {}) }));
    }
  }
  try {
    const heads: Head[] = [];
    for (const [k, r] of (await Promise.all(cursors.map((c) => c.next()))).entries()) {
      if (r.done !== true) heads.push({ cursor: cursors[k]!, page: r.value, i: 0 });
    }
    let out: CanonicalEvent[] = [];
    let group: Hit[] = [];
    let groupKey: unknown;
    const flush = (): void => {
      if (group.length === 0) return;
      const events: CanonicalEvent[] = [];
      convert(group, events);
      events.sort(compare);
      for (const e of events) out.push(e);
      group = [];
    };
    while (heads.length > 0) {
      let best = 0;
      for (let k = 1; k < heads.length; k++) {
        if (dir * compareEsValues(keyOf(heads[k]!), keyOf(heads[best]!)) < 0) best = k;
      }
      const head = heads[best]!;
      const hit = head.page[head.i++]!;
      const key = hit.sort?.[0];
      if (group.length > 0 && compareEsValues(key, groupKey) !== 0) {
        flush();
        if (out.length >= BATCH) {
          yield out;
          out = [];
        }
      }
      groupKey = key;
      group.push(hit);
      if (head.i >= head.page.length) {
        const r = await head.cursor.next();
        if (r.done === true) heads.splice(best, 1);
        else {
          head.page = r.value;
          head.i = 0;
        }
      }
    }
    flush();
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(cursors.map((c) => c.return(undefined)));
  }
  if (plan.missing === false) return;
  const missing = and([exact(base), exact(plan.missing)]).q;
  if (plan.rest !== undefined) yield* sorted(env, session, missing, plan.rest, keys, convert);
  else if (keys.length === 1) yield* unsorted(env, session, missing, convert);
  else yield* sortInMemory(unsorted(env, session, missing, convert), keys);
}

function keyOf(head: Head): unknown {
  return head.page[head.i]!.sort?.[0];
}
