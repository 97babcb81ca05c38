import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import type { AnyEnvelope } from '../../../src/core/pipeline/envelope.js';
import { collectRun, startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import type { OperatorRegistry } from '../../../src/core/pipeline/registry.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { createTempSpill } from '../../../src/scratch/temp-spill.js';
import { buildDataset, FILE_NAME, writeDataset } from '../conformance/dataset.js';
import { QUERY_PIPELINES } from '../conformance/pipelines.js';
import { connection, readOnlyFixture, SKIP } from './helpers/es-fixture.js';

/**
 * Ordered partitions from both back ends: an operator declaring `partition` sees, for files (memory-bounded sort,
 * here with a budget small enough to spill) and for Elasticsearch (sorted PIT stream, partitions put in exact tie
 * order), the same partitions holding the same events in the same order — for named queries and seeded random
 * ones. `partition-spans` (test plugin) lists each partition's key and event ids in order.
 */
const PLUGIN = path.resolve(import.meta.dirname, '../../fixtures/plugins/foundation-ops.mjs');
const dataset = buildDataset(2500, 23);
const SEED = Number(process.env.DISTILL_FC_SEED ?? 20261130);
const PARTITIONS = [['session'], ['user'], ['user', 'session'], ['type'], ['details.clicks']] as const;
const WHERES = Object.values(QUERY_PIPELINES)
  .map((p) => (p.query ?? {}) as { where?: unknown; time?: unknown; sort?: unknown; limit?: unknown })
  .filter((q) => q.sort === undefined && q.limit === undefined);

if (SKIP !== false) test('partitioned reads: files vs elasticsearch', { skip: SKIP }, () => {});
else {
  describe('partitioned reads: files vs Elasticsearch', () => {
    let files: EventSource;
    let es: EventSource;
    let registry: OperatorRegistry;
    let cleanup: () => Promise<void> = async () => {};
    const tally = { runs: 0, esSorted: 0 };

    before(async () => {
      registry = createRegistry();
      await loadPlugins(registry, [PLUGIN]);
      const written = await writeDataset(dataset);
      const fixture = await readOnlyFixture('partitions', dataset.docs, dataset.ids, { shards: 2 });
      files = createFileSource({ id: 'files', paths: [FILE_NAME], baseDir: written.dir, mapping: resolveMapping('userale') });
      es = createElasticsearchSource({ id: 'es', connection: connection(), index: fixture.index, mapping: resolveMapping('userale'), pageSize: 300, onRequest: fixture.audit.onRequest });
      cleanup = async () => {
        await es.close?.();
        await fixture.close();
        await written.remove();
      };
    });
    after(() => cleanup());

    const run = (source: EventSource, pipeline: Record<string, unknown>): Promise<AnyEnvelope> =>
      collectRun(startPipeline(pipeline, { registry, defaultSource: source.id, resolveSource: () => source, now: dataset.now, sort: { memoryBytes: 64 * 1024, spill: () => createTempSpill() } }));

    const compare = async (pipeline: Record<string, unknown>): Promise<void> => {
      const [a, b] = await Promise.all([run(files, pipeline), run(es, pipeline)]);
      assert.ok('result' in a && 'result' in b);
      assert.deepEqual(b.result, a.result, JSON.stringify(pipeline));
      assert.equal(b.stats.matched, a.stats.matched);
      tally.runs++;
      if (b.stats.pushedDown.includes('sort')) tally.esSorted++;
    };

    for (const by of PARTITIONS) {
      test(`partitioned by ${by.join(' + ')}: every named query gives identical partitions`, async () => {
        for (const q of WHERES) await compare({ query: q, steps: [{ op: 'partition-spans', by: [...by] }] });
      });
    }

    test('seeded random combinations of conditions and partitions: identical partitions', async () => {
      await fc.assert(
        fc.asyncProperty(fc.subarray(WHERES.filter((q) => q.where !== undefined), { minLength: 1, maxLength: 3 }), fc.constantFrom(...PARTITIONS), async (qs, by) => {
          const where = { all: qs.map((q) => q.where) };
          await compare({ query: { where }, steps: [{ op: 'filter', where: { field: 'kind', op: 'ne', value: 'zzz' } }, { op: 'partition-spans', by: [...by] }] });
        }),
        { numRuns: 25, seed: SEED, endOnFailure: true },
      );
      assert.ok(tally.esSorted > tally.runs / 2, `Elasticsearch sorted natively in ${tally.esSorted} of ${tally.runs} runs`);
    });

    test('a graph from partitions is identical too', async () => {
      await compare({ query: { where: { field: 'kind', op: 'eq', value: 'raw' } }, steps: [{ op: 'type-follows' }] });
    });
  });
}
