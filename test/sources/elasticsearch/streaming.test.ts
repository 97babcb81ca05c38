import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from '@elastic/elasticsearch';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource, ReadContext } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { DistillError } from '../../../src/core/errors.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import type { AllowedRequest } from '../../../src/sources/elasticsearch/read-only-transport.js';
import { buildDataset } from '../conformance/dataset.js';
import { runOn } from '../conformance/oracle.js';
import { connection, readOnlyFixture, SKIP } from './helpers/es-fixture.js';

// Streaming reads: point in time + search_after pages, sliced reads, (partition, time) order, and the point in
// time closed in `finally` however a read ends — proved on the node itself (the index's open search contexts,
// and a search on the old point-in-time id failing as expired).

const dataset = buildDataset(2500, 19);

function context(signal?: AbortSignal): ReadContext {
  return { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: dataset.now, signal };
}

if (SKIP !== false) test('streaming', { skip: SKIP }, () => {});
else {
  describe('streaming reads', () => {
    let fixture: Awaited<ReturnType<typeof readOnlyFixture>>;
    let log: AllowedRequest[] = [];
    const sources: EventSource[] = [];
    const make = (options: { pageSize?: number; slices?: number; keepAlive?: string } = {}): EventSource => {
      const s = createElasticsearchSource({
        id: 'es',
        connection: connection(),
        index: fixture.index,
        mapping: resolveMapping('userale'),
        ...options,
        onRequest: (r) => {
          fixture.audit.onRequest(r);
          log.push(r);
        },
      });
      sources.push(s);
      return s;
    };
    const openContexts = async (): Promise<number> => {
      const stats = await fixture.admin.indices.stats({ index: fixture.index, metric: 'search' });
      return stats.indices?.[fixture.index]?.total?.search?.open_contexts ?? -1;
    };
    /** The id of the last point in time closed, from the DELETE /_pit request body. */
    const closedPit = (): string => {
      const close = log.filter((r) => r.endpoint === 'close_point_in_time').at(-1);
      assert.ok(close !== undefined, 'the point in time was never closed');
      return (close.body as { id: string }).id;
    };
    const assertPitGone = async (id: string): Promise<void> => {
      await assert.rejects(
        fixture.admin.search({ pit: { id }, size: 1 }),
        (e: unknown) => e instanceof errors.ResponseError && e.statusCode === 404,
      );
      assert.equal(await openContexts(), 0);
    };

    before(async () => {
      fixture = await readOnlyFixture('streaming', dataset.docs, dataset.ids, { shards: 3 });
    });
    after(async () => {
      await Promise.all(sources.map((s) => s.close?.()));
      await fixture.close();
    });

    test('pages of pageSize through one point in time, kept alive by every page', async () => {
      log = [];
      const s = make({ pageSize: 400, keepAlive: '45s' });
      const env = await runOn(s, { query: {} }, dataset.now);
      assert.equal(env.result.count, dataset.docs.length);
      const pages = log.filter((r) => r.path === '/_search').map((r) => r.body as { size: number; pit: { keep_alive: string }; search_after?: unknown });
      assert.equal(pages.length, Math.ceil(dataset.docs.length / 400));
      assert.ok(pages.every((p) => p.size === 400 && p.pit.keep_alive === '45s'));
      assert.ok(pages.slice(1).every((p) => p.search_after !== undefined));
      assert.equal(log.filter((r) => r.endpoint === 'open_point_in_time').length, 1);
      await assertPitGone(closedPit());
    });

    test('stopping after the first batch closes the point in time', async () => {
      log = [];
      const s = make({ pageSize: 100 });
      const stream = s.read({ query: parseQuery({ sort: ['session', 'time'] }) }, context());
      let seen = 0;
      for await (const batch of stream.batches) {
        seen += batch.length;
        assert.ok((await openContexts()) > 0, 'the point in time is open while reading');
        break;
      }
      assert.ok(seen > 0);
      await assertPitGone(closedPit());
    });

    test('aborting mid-stream (a client disconnect) ends with `aborted` and closes the point in time', async () => {
      log = [];
      const s = make({ pageSize: 50 });
      const controller = new AbortController();
      const stream = s.read({ query: {} }, context(controller.signal));
      let batches = 0;
      await assert.rejects(
        (async () => {
          for await (const _ of stream.batches) if (++batches === 3) controller.abort();
        })(),
        (e: unknown) => e instanceof DistillError && e.code === 'aborted',
      );
      await assertPitGone(closedPit());
    });

    test('a pushed-down count-by closes its point in time too', async () => {
      log = [];
      await runOn(make(), { steps: [{ op: 'count-by', by: 'session' }] }, dataset.now);
      await assertPitGone(closedPit());
    });

    test('sliced reads: each slice its own search_after cursor, together every document once', async () => {
      log = [];
      const sliced = await runOn(make({ slices: 4, pageSize: 300 }), { query: {} }, dataset.now);
      const slices = new Set(log.filter((r) => r.path === '/_search').map((r) => JSON.stringify((r.body as { slice?: unknown }).slice)));
      assert.deepEqual([...slices].sort(), [0, 1, 2, 3].map((id) => JSON.stringify({ id, max: 4 })).sort());
      const ids = sliced.result.kind === 'events' ? sliced.result.events.map((e) => e.id) : [];
      assert.equal(new Set(ids).size, dataset.docs.length);
    });

    test('sliced and sorted: slices merge into one (user, time) order, each user whole', async () => {
      const env = await runOn(make({ slices: 3, pageSize: 200 }), { query: { sort: ['user', 'time', 'id'] } }, dataset.now);
      const single = await runOn(make({ pageSize: 1000 }), { query: { sort: ['user', 'time', 'id'] } }, dataset.now);
      assert.deepEqual(env.result, single.result);
      assert.deepEqual(env.stats.pushedDown, ['sort']);
      const events = (env.result.kind === 'events' ? env.result.events : []) as CanonicalEvent[];
      const users = events.map((e) => e.user).filter((u, i, all) => i === 0 || u !== all[i - 1]);
      assert.equal(new Set(users).size, users.length, 'each user arrives in one run');
    });

    test('descending partitions keep missing values last', async () => {
      const env = await runOn(make({ pageSize: 300 }), { query: { sort: ['-user', 'time', 'id'] } }, dataset.now);
      const events = (env.result.kind === 'events' ? env.result.events : []) as CanonicalEvent[];
      const firstMissing = events.findIndex((e) => e.user === undefined);
      assert.ok(firstMissing > 0);
      assert.ok(events.slice(firstMissing).every((e) => e.user === undefined));
      const named = events.slice(0, firstMissing).map((e) => e.user!);
      assert.deepEqual(named, [...named].sort().reverse());
    });
  });
}
