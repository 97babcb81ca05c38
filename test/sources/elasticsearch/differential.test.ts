import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';
import { getPath } from '../../../src/core/field-path.js';
import type { Condition, FieldCondition, Scalar } from '../../../src/core/query/query-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import { buildDataset, FILE_NAME, writeDataset } from '../conformance/dataset.js';
import { runOn } from '../conformance/oracle.js';
import { COUNT_BY_PIPELINES, QUERY_PIPELINES } from '../conformance/pipelines.js';
import { connection, readOnlyFixture, SKIP } from './helpers/es-fixture.js';
import { conditionTree } from '../../helpers/arbitraries.js';

// Differential test: the same queries through the file source (in-memory predicate) and the Elasticsearch source
// (compiled DSL plus reported residual) must give identical events — whole canonical events, documents included —
// and identical count-by tables. Hand-written pipelines first, then random ones from fast-check (seeded; set
// DISTILL_FC_SEED to replay a failure, DISTILL_FC_RUNS for more runs).

const SEED = Number(process.env.DISTILL_FC_SEED ?? 20240311);
const RUNS = Number(process.env.DISTILL_FC_RUNS ?? 200);
const dataset = buildDataset(2500, 11);

/** Fields random conditions draw from: every role, document fields of each mapping type, and absent ones. */
const DOC_FIELDS = [
  'details.clicks',
  'details.y',
  'details.x',
  'details.window',
  'details.value',
  'details.key',
  'details',
  'microTime',
  'pageTitle',
  'note',
  'tags',
  'userAction',
  'toolName',
  'logType',
  'sessionId',
  'sessionID',
  'clientTime',
  'startTime',
  'duration',
  'count',
  'location.x',
  'browser.browser',
  'nope.never',
] as const;
const ROLES = ['type', 'user', 'session', 'target', 'page', 'kind', 'path', 'id', 'time', 'end'] as const;

/** A pool of values per field, drawn from the data so random conditions actually match things. */
function valuePools(): Map<string, Scalar[]> {
  const pools = new Map<string, Set<Scalar>>();
  const add = (field: string, v: unknown): void => {
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) {
      if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') {
        let set = pools.get(field);
        if (set === undefined) pools.set(field, (set = new Set()));
        if (set.size < 40) set.add(x);
      }
    }
  };
  const map = resolveMapping('userale').map;
  dataset.docs.forEach((doc, i) => {
    if (i % 7 !== 0 && i < dataset.docs.length - 10) return;
    for (const f of DOC_FIELDS) add(f, getPath(doc, f));
    const e = map(doc, dataset.ids[i]!);
    if ('failure' in e) return;
    for (const r of ROLES) add(r, (e as unknown as Record<string, unknown>)[r]);
  });
  const generic: Scalar[] = ['', null, 0, 1, 5, '5', '5.0', true, 'true', 'false', 'a', 'zzz', 100, 100.5, 0.5];
  return new Map([...pools].map(([k, v]) => [k, [...v, ...generic]]));
}

const pools = valuePools();
const poolOf = (field: string): Scalar[] => pools.get(field) ?? ['', null, 'x', 1];

const timeBound = fc.oneof(
  fc.constantFrom(...(pools.get('time') ?? [0]).filter((v): v is number => typeof v === 'number')),
  fc.constantFrom('2024-03-05', '2024-03-06T12:00:00Z', 'now-3d/d', 'now-5d', '2024-03-07T08:30:00.5Z'),
  fc.integer({ min: Date.UTC(2024, 2, 4), max: Date.UTC(2024, 2, 11) }),
  fc.double({ min: Date.UTC(2024, 2, 4), max: Date.UTC(2024, 2, 11), noNaN: true }),
);

const fieldCondition: fc.Arbitrary<FieldCondition> = fc.constantFrom<string>(...ROLES, ...DOC_FIELDS).chain((field): fc.Arbitrary<FieldCondition> => {
  const isTime = field === 'time' || field === 'end';
  const scalar = isTime ? fc.oneof(timeBound, fc.constant(null)) : fc.constantFrom(...poolOf(field));
  const text = fc.oneof(
    fc.constantFrom(...poolOf(field).filter((v): v is string => typeof v === 'string')).map((s) => s.slice(0, 1 + (s.length % 7))),
    fc.constantFrom('', 'b', 'btn', 'session_17', 'https://shop.example.com/p', 'x', 'nav', '1'),
  );
  const rangeValue = isTime ? timeBound : fc.constantFrom(...poolOf(field).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number'));
  return fc.oneof(
    fc.record({ field: fc.constant(field), op: fc.constantFrom('eq' as const, 'ne' as const), value: scalar }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('in' as const, 'nin' as const), value: fc.array(scalar, { maxLength: 4 }) }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const), value: rangeValue }),
    fc.record({ field: fc.constant(field), op: fc.constant('exists' as const), value: fc.boolean() }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('prefix' as const, 'contains' as const), value: text }),
  ) as fc.Arbitrary<FieldCondition>;
});

const condition: fc.Arbitrary<Condition> = conditionTree(fieldCondition);

const PUSHABLE_SORT = ['session', 'user', 'type', 'page', 'time', '-time', '-session', 'end', 'path', 'details.y', '-details.clicks'];

const queryArb = fc.record(
  {
    where: condition,
    time: fc.record({ from: timeBound, to: timeBound }, { requiredKeys: [] }),
    sort: fc.array(fc.constantFrom(...PUSHABLE_SORT), { minLength: 1, maxLength: 3 }).map((keys) => [...new Set(keys)].concat('id')),
    fields: fc.subarray(['details.clicks', 'pageUrl', 'tags', 'note', 'doc.type', 'browser'], { minLength: 1 }),
    limit: fc.integer({ min: 0, max: 300 }),
  },
  { requiredKeys: ['where'] },
)
  // Without a sort, which events come first is each source's own document order: a limit needs a total order.
  .map((q) => (q.sort === undefined && q.limit !== undefined ? { ...q, limit: undefined } : q))
  .map(({ limit, ...q }) => (limit === undefined ? q : { ...q, limit }));

const countByArb = fc.record({
  query: fc.record({ where: condition, time: fc.record({ from: timeBound, to: timeBound }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  by: fc.subarray(['type', 'user', 'session', 'page', 'kind', 'target', 'pageTitle', 'toolName', 'logType', 'details.clicks', 'note', 'nope.never'], {
    minLength: 1,
    maxLength: 3,
  }),
  missing: fc.constantFrom('include' as const, 'skip' as const),
  sort: fc.constantFrom('count' as const, 'key' as const),
  limit: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  share: fc.boolean(),
});

const countOverTimeArb = fc.record({
  query: fc.record({ where: condition, time: fc.record({ from: timeBound, to: timeBound }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  interval: fc.constantFrom('1ms', '30s', '7m', '1h', '6h', '1d', '1w', '1M', '1q', '1y'),
  field: fc.constantFrom('time' as const, 'end' as const),
  by: fc.option(fc.subarray(['type', 'user', 'session', 'kind', 'pageTitle', 'note'], { minLength: 1, maxLength: 2 }), { nil: undefined }),
  missing: fc.constantFrom('include' as const, 'skip' as const),
});

function ordered(envelope: Envelope, sorted: boolean): unknown {
  const result = envelope.result;
  if (result.kind === 'table') return result.rows;
  if (result.kind !== 'events') return result;
  const events = [...result.events] as CanonicalEvent[];
  if (!sorted) events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return events;
}

if (SKIP !== false) test('differential: files vs elasticsearch', { skip: SKIP }, () => {});
else {
  describe('differential: file source vs Elasticsearch source on the same documents', () => {
    let files: EventSource;
    let es: EventSource;
    let cleanup: () => Promise<void> = async () => {};
    const tally = { queries: 0, exact: 0, residual: 0, countBy: 0, countByPushed: 0 };

    before(async () => {
      const written = await writeDataset(dataset);
      const fixture = await readOnlyFixture('differential', dataset.docs, dataset.ids, { shards: 3 });
      files = createFileSource({ id: 'files', paths: [FILE_NAME], baseDir: written.dir, mapping: resolveMapping('userale') });
      es = createElasticsearchSource({
        id: 'es',
        connection: connection(),
        index: fixture.index,
        mapping: resolveMapping('userale'),
        pageSize: 500,
        onRequest: fixture.audit.onRequest,
      });
      cleanup = async () => {
        await es.close?.();
        await fixture.close();
        await written.remove();
      };
    });
    after(() => cleanup());

    const compare = async (pipeline: Record<string, unknown>, sorted: boolean): Promise<Envelope> => {
      const [a, b] = await Promise.all([runOn(files, pipeline, dataset.now), runOn(es, pipeline, dataset.now)]);
      assert.deepEqual(ordered(b, sorted), ordered(a, sorted), `pipeline ${JSON.stringify(pipeline)}`);
      return b;
    };

    for (const [name, pipeline] of Object.entries({ ...QUERY_PIPELINES, ...COUNT_BY_PIPELINES })) {
      test(`${name}: identical results`, async () => {
        const q = pipeline.query as { sort?: unknown } | undefined;
        const steps = (pipeline.steps as { op: string }[] | undefined) ?? [];
        await compare(pipeline, q?.sort !== undefined || steps.some((s) => s.op === 'sort'));
      });
    }

    test(`${RUNS} random queries (conditions, time ranges, projections, sorts, limits): identical events`, async () => {
      await fc.assert(
        fc.asyncProperty(queryArb, async (query) => {
          const got = await compare({ query }, query.sort !== undefined);
          tally.queries++;
          if (got.warnings.some((w) => w.code === 'residual_filter')) tally.residual++;
          else if (got.stats.pushedDown.includes('filter')) tally.exact++;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // The compiler must push most conditions exactly, not fall back to memory for everything.
      assert.ok(tally.exact >= tally.queries * 0.25, `only ${tally.exact} of ${tally.queries} random queries compiled exactly`);
    });

    test(`${Math.round(RUNS / 2)} random count-by pipelines: identical tables`, async () => {
      await fc.assert(
        fc.asyncProperty(countByArb, async ({ query, ...params }) => {
          const step = { op: 'count-by', ...params, ...(params.limit === undefined ? {} : { limit: params.limit }) };
          const got = await compare({ query, steps: [step] }, true);
          tally.countBy++;
          if (got.stats.pushedDown.includes('aggregation:count-by')) tally.countByPushed++;
        }),
        { numRuns: Math.round(RUNS / 2), seed: SEED + 1, endOnFailure: true },
      );
      assert.ok(tally.countByPushed >= tally.countBy * 0.2, `only ${tally.countByPushed} of ${tally.countBy} count-bys ran in Elasticsearch`);
    });

    test(`${Math.round(RUNS / 4)} random count-over-time pipelines: identical tables`, async () => {
      let pushed = 0;
      await fc.assert(
        fc.asyncProperty(countOverTimeArb, async ({ query, by, ...params }) => {
          const step = { op: 'count-over-time', ...params, ...(by === undefined ? {} : { by }) };
          const got = await compare({ query, steps: [step] }, true);
          if (got.stats.pushedDown.includes('aggregation:count-over-time')) pushed++;
        }),
        { numRuns: Math.round(RUNS / 4), seed: SEED + 2, endOnFailure: true },
      );
      assert.ok(pushed > 0);
    });
  });
}
