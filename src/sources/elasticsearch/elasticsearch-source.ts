import type { Client } from '@elastic/elasticsearch';
import type { Frame, Row, TableFrame } from '../../core/frame.js';
import { countByOperator, type CountByParams } from '../../core/operators/count-by.js';
import { countOverTimeOperator, type CountOverTimeParams } from '../../core/operators/count-over-time.js';
import { statsOperator, type StatsParams } from '../../core/operators/stats.js';
import type { OperatorContext } from '../../core/pipeline/operator.js';
import type { NormalizedStep } from '../../core/pipeline/pipeline-schema.js';
import type { Query } from '../../core/query/query-schema.js';
import { externalSort } from '../../core/sort/external-sort.js';
import { DEFAULT_SORT_MEMORY_BYTES } from '../../core/sort/spill-store.js';
import type { ResolvedMapping } from '../../core/schema/resolve-mapping.js';
import { isMappingFailure } from '../../core/schema/compile-mapping.js';
import type { EventSource, EventStream, FieldInfo, ReadContext, SourceDescription } from '../../core/source.js';
import type { CanonicalEvent } from '../../core/event.js';
import { fromArray } from '../../core/stream.js';
import { boolFilter, compileQueryDsl, type CompiledQuery } from './compile-query-dsl.js';
import { createReadOnlyClient, usesTls, type ElasticsearchConnection } from './connection-options.js';
import { discoverFields } from './discover-fields.js';
import { followAbort } from './follow-abort.js';
import { sampleDocuments } from './sample-documents.js';
import type { EsQuery } from './dsl-node.js';
import type { FieldCatalog } from './field-catalog.js';
import { loadFieldCatalog } from './load-field-catalog.js';
import { redactUrl, toSourceError, type ErrorScope } from './map-error.js';
import { closePit, openPit, type Hit } from './pit-reader.js';
import { planCountBy } from './pushdown-count-by.js';
import { runCountBy, type CountBySession } from './run-count-by.js';
import { planCountOverTime } from './pushdown-count-over-time.js';
import { runCountOverTime } from './run-count-over-time.js';
import { statsAsCountBy, statsFromCounts } from './pushdown-stats.js';
import type { AllowedRequest } from './read-only-transport.js';
import { countKeptUntimed, countUntimed, readEventBatches, type ReadEnv, type UntimedCount } from './read-events.js';
import { hasTimeQuery } from './time-presence.js';

/** Options of {@link createElasticsearchSource}: id, resolved connection, index and mapping. */
export interface ElasticsearchSourceOptions {
  readonly id: string;
  /** Resolved connection settings (see `resolveConnection`). */
  readonly connection: ElasticsearchConnection;
  /** Index, alias, comma list or pattern. */
  readonly index: string;
  readonly mapping: ResolvedMapping;
  readonly description?: string | undefined;
  /** Documents (or aggregation buckets) per request, default 1000 (at most 10 000). */
  readonly pageSize?: number | undefined;
  /** Sliced point-in-time reads run in parallel, default 1. */
  readonly slices?: number | undefined;
  /** Point-in-time keep-alive between two pages, default `1m`. */
  readonly keepAlive?: string | undefined;
  /** How long field metadata (mapping, field caps) is reused, in ms (default 60 000). */
  readonly metadataTtlMs?: number | undefined;
  /** Called for every request sent (after the read-only allow-list): logging, auditing, tests. */
  readonly onRequest?: ((request: AllowedRequest) => void) | undefined;
  /** First back-off delay for 429 responses in ms (default 500). */
  readonly backoffMs?: number | undefined;
}

/**
 * The Elasticsearch source: read-only, pushed down, streaming. Filters, time ranges and projections compile into
 * the search (`compile-dsl.ts`), with anything inexact re-checked in memory and reported; reads stream through a
 * point in time with `search_after`, sorted by (partition, time) when asked so sessions arrive whole; a leading
 * `count-by` or `count-over-time` runs as a composite aggregation, and a leading `sort` as a sorted stream, where
 * Elasticsearch can do so exactly (otherwise in memory, with a `pushdown_fallback` warning saying why). Only read endpoints are ever
 * called ({@link READ_ONLY_ENDPOINTS}). Every failure is a DistillError with a stable code (`map-error.ts`).
 *
 * Event ids are the mapping's id field, else the document `_id`.
 *
 * @example
 * const source = createElasticsearchSource({ id: 'es', connection, index: 'userale', mapping: resolveMapping('userale') });
 * for await (const batch of source.read({ query }, context).batches) …
 */
export function createElasticsearchSource(options: ElasticsearchSourceOptions): EventSource {
  const { id, connection, index, mapping } = options;
  const pageSize = options.pageSize ?? 1000;
  const slices = options.slices ?? 1;
  const keepAlive = options.keepAlive ?? '1m';
  const ttl = options.metadataTtlMs ?? 60_000;
  const node = connection.nodes.map(redactUrl).join(', ');
  const scope: ErrorScope = { source: id, index, node, requestTimeoutMs: connection.requestTimeoutMs, keepAlive };
  const https = usesTls(connection);

  let clientPromise: Promise<Client> | undefined;
  let catalog: { promise: Promise<FieldCatalog>; at: number } | undefined;

  const getClient = (): Promise<Client> => {
    clientPromise ??= createReadOnlyClient(connection, { onRequest: options.onRequest, backoffMs: options.backoffMs }).catch((error: unknown) => {
      clientPromise = undefined;
      throw error;
    });
    return clientPromise;
  };
  const getCatalog = async (): Promise<FieldCatalog> => {
    if (catalog === undefined || Date.now() - catalog.at > ttl) {
      const promise = getClient().then((client) => loadFieldCatalog(client, index));
      const entry = { promise, at: Date.now() };
      catalog = entry;
      promise.catch(() => {
        if (catalog === entry) catalog = undefined;
      });
    }
    return catalog.promise;
  };
  const env = async (): Promise<ReadEnv> => ({ client: await getClient(), catalog: await getCatalog(), index, mapping, pageSize, slices, keepAlive });
  const warnTls = (context: Pick<ReadContext, 'warnings'>): void => {
    if (https && !connection.rejectUnauthorized) {
      context.warnings.add({
        code: 'tls_unverified',
        message: `TLS certificate verification is off for source "${id}" (tls.rejectUnauthorized: false): the connection is encrypted but the node is not authenticated. Set tls.ca or tls.caFingerprint instead.`,
      });
    }
  };

  async function* guard<T>(make: () => AsyncGenerator<T>): AsyncGenerator<T> {
    try {
      yield* make();
    } catch (error) {
      throw toSourceError(error, scope);
    }
  }

  function events(query: Query, context: ReadContext, untimed?: UntimedCount): AsyncGenerator<readonly CanonicalEvent[]> {
    return guard(async function* () {
      warnTls(context);
      yield* readEventBatches(await env(), query, context, untimed);
    });
  }

  /**
   * A leading aggregation step: run it in Elasticsearch when `plan` says it is exact, else (or when the
   * aggregation finds out it is not) run the in-memory operator over this source's own stream, and say why.
   */
  function aggregationFrame<P>(
    name: string,
    query: Query,
    context: ReadContext,
    fallback: Frame,
    untimed: UntimedCount,
    plan: (e: ReadEnv, compiled: CompiledQuery) => P | { reason: string },
    run: (plan: P, session: CountBySession, query: EsQuery | undefined) => Promise<{ rows: Row[] } | { fallback: string }>,
  ): Frame {
    if (fallback.kind !== 'table') return fallback;
    const rows = guard(async function* () {
      const e = await env();
      const compiled = compileQueryDsl(query, { mapping: mapping.mapping, catalog: e.catalog, now: context.now });
      const planned = plan(e, compiled);
      if (typeof planned === 'object' && planned !== null && 'reason' in planned) {
        context.warnings.add({ code: 'pushdown_fallback', message: `${name} ran in memory: ${(planned as { reason: string }).reason}.` });
        yield* fallback.batches;
        return;
      }
      warnTls(context);
      const filters: EsQuery[] = [...compiled.filters];
      const has = mapping.mapping.requireTime ? hasTimeQuery(e) : undefined;
      if (has !== undefined) filters.push(has);
      const esQuery = filters.length === 0 ? undefined : boolFilter(filters);
      const link = followAbort(context.signal);
      let outcome: { rows: Row[] } | { fallback: string } | undefined;
      try {
        // The listener goes on every path, including a point in time that fails to open.
        const pit = await openPit(e.client, index, keepAlive, link.signal);
        try {
          // Untimed documents are counted once, before the aggregation's own warnings; a fallback read after this
          // point does not count them again.
          if (mapping.mapping.requireTime) {
            await countUntimed(e, context, link.signal);
            untimed.counted = true;
          } else untimed.counted = await countKeptUntimed(e, context, link.signal);
          const session: CountBySession = {
            client: e.client,
            pit,
            signal: link.signal,
            pageSize,
            toEvent: (hit: Hit) => {
              const event = mapping.map(hit._source ?? {}, hit._id);
              return isMappingFailure(event) ? undefined : event;
            },
          };
          outcome = await run(planned as P, session, esQuery);
        } finally {
          await closePit(e.client, pit);
        }
      } finally {
        link.stop();
      }
      if ('fallback' in outcome) {
        context.warnings.add({ code: 'pushdown_fallback', message: `${name} ran in memory: ${outcome.fallback}.` });
        yield* fallback.batches;
        return;
      }
      if (compiled.filters.length > 0) context.stats.pushedDown.push('filter');
      context.stats.pushedDown.push(`aggregation:${name}`);
      yield* fromArray(outcome.rows);
    });
    return { kind: 'table', columns: fallback.columns, batches: rows };
  }

  function operatorContext(context: ReadContext): OperatorContext {
    return {
      now: context.now,
      signal: context.signal,
      warnings: context.warnings,
      stats: context.stats,
      sort: (items, compare) => externalSort(items, compare, { memoryBytes: DEFAULT_SORT_MEMORY_BYTES }),
    };
  }

  function countByFrame(query: Query, params: CountByParams, context: ReadContext): Frame {
    // The in-memory operator over this source's own stream: the fallback, and the source of the column list.
    const untimed: UntimedCount = { counted: false };
    const fallback = countByOperator.run({ kind: 'events', batches: events(query, context, untimed) }, params, operatorContext(context));
    return aggregationFrame(
      'count-by',
      query,
      context,
      fallback,
      untimed,
      (e, compiled) => planCountBy(params, mapping.mapping, e.catalog, compiled, query.fields),
      (plan, session, esQuery) => runCountBy(plan, params, session, esQuery, context),
    );
  }

  function statsFrame(query: Query, params: StatsParams, context: ReadContext): Frame | undefined {
    // Per-partition event counts are a count-by of the partition fields (pushdown-stats.ts); other stats run in memory.
    const counts = statsAsCountBy(params);
    if (counts === undefined) return undefined;
    const columns = (statsOperator.run({ kind: 'events', batches: fromArray([]) }, params, operatorContext(context)) as TableFrame).columns;
    return statsFromCounts(countByFrame(query, counts, context), params, columns);
  }

  function countOverTimeFrame(query: Query, params: CountOverTimeParams, context: ReadContext): Frame {
    const untimed: UntimedCount = { counted: false };
    const fallback = countOverTimeOperator.run({ kind: 'events', batches: events(query, context, untimed) }, params, operatorContext(context));
    return aggregationFrame(
      'count-over-time',
      query,
      context,
      fallback,
      untimed,
      (e, compiled) => planCountOverTime(params, mapping.mapping, e.catalog, compiled, query.fields),
      (plan, session, esQuery) => runCountOverTime(plan, params, session, esQuery, context),
    );
  }

  const pushdowns: Readonly<Record<string, (query: Query, params: Record<string, unknown>, context: ReadContext) => Frame | undefined>> = {
    'count-by': (query, params, context) => countByFrame(query, params as unknown as CountByParams, context),
    'count-over-time': (query, params, context) => countOverTimeFrame(query, params as unknown as CountOverTimeParams, context),
    stats: (query, params, context) => statsFrame(query, params as unknown as StatsParams, context),
  };

  return {
    id,
    kind: 'elasticsearch',
    capabilities: { filter: true, sort: true, aggregate: true },
    describe(): SourceDescription {
      const auth = connection.auth === undefined ? 'none' : 'apiKey' in connection.auth ? 'apiKey' : 'bearer' in connection.auth ? 'bearer' : 'basic';
      return {
        id,
        kind: 'elasticsearch',
        schema: mapping.name,
        capabilities: this.capabilities,
        description: options.description,
        details: {
          nodes: connection.nodes.map(redactUrl),
          index,
          auth,
          pageSize,
          slices,
          keepAlive,
          ...(https
            ? {
                tls: {
                  rejectUnauthorized: connection.rejectUnauthorized,
                  ...(connection.caFile === undefined ? {} : { ca: connection.caFile }),
                  ...(connection.caFingerprint === undefined ? {} : { caFingerprint: connection.caFingerprint }),
                },
              }
            : {}),
        },
      };
    },
    read(request, context): EventStream {
      const sort = request.query.sort;
      return {
        batches: events(request.query, context),
        // The source orders (in Elasticsearch, or in memory when the sort cannot be pushed) and limits itself.
        sorted: sort !== undefined && sort.length > 0,
        limited: request.query.limit !== undefined,
      };
    },
    pushdown({ query, step }: { readonly query: Query; readonly step: NormalizedStep }, context: ReadContext): Frame | undefined {
      // The pushdown table: one planner per operator this source can run natively. The runner offers whichever
      // step the preceding steps allow (filters fold into the query; sorts before an order-insensitive step drop).
      const planner = Object.hasOwn(pushdowns, step.op) ? pushdowns[step.op] : undefined;
      return planner?.(query, step.params, context);
    },
    async fields({ sample, signal }, context): Promise<FieldInfo[]> {
      try {
        warnTls(context);
        const e = await env();
        return discoverFields(e.catalog, await sampleDocuments(e.client, index, sample, signal), mapping.mapping);
      } catch (error) {
        throw toSourceError(error, scope);
      }
    },
    async close(): Promise<void> {
      const pending = clientPromise;
      clientPromise = undefined;
      catalog = undefined;
      if (pending === undefined) return;
      const client = await pending.catch(() => undefined);
      await client?.close();
    },
  };
}
