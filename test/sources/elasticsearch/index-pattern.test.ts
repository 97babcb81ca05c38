import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';
import { USERALE_MAPPING } from '../../../src/core/schema/presets/userale.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import { buildDataset, FILE_NAME, writeDataset } from '../conformance/dataset.js';
import { runOn } from '../conformance/oracle.js';
import { adminClient, bulkLoad, connection, createUseraleIndex, indexName, RequestAudit, SKIP, snapshot, type IndexSnapshot } from './helpers/es-fixture.js';

// An index pattern over two indices whose mappings disagree (details.y is long in one, keyword in the other), and a
// mapping with requireTime: results must still equal the file source's on the same documents.

const dataset = buildDataset(1200, 29);
const half = Math.floor(dataset.docs.length / 2);

const sortById = (env: Envelope): unknown =>
  env.result.kind === 'events' ? [...env.result.events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : env.result.kind === 'table' ? env.result.rows : env.result;

if (SKIP !== false) test('index patterns', { skip: SKIP }, () => {});
else {
  describe('an index pattern over indices with conflicting mappings', () => {
    const base = indexName('pattern');
    const audit = new RequestAudit();
    let admin: Client;
    let before_: IndexSnapshot[] = [];
    let files: EventSource;
    let filesRequired: EventSource;
    let es: EventSource;
    let esRequired: EventSource;
    let removeFiles = async (): Promise<void> => {};
    const required = resolveMapping({ ...USERALE_MAPPING, requireTime: true });

    before(async () => {
      admin = adminClient();
      await createUseraleIndex(admin, `${base}-a`, dataset.docs.slice(0, half), dataset.ids.slice(0, half));
      await admin.indices.create({
        index: `${base}-b`,
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic_templates: [{ strings_as_keywords: { match_mapping_type: 'string', mapping: { type: 'keyword' } } }],
          properties: { details: { properties: { y: { type: 'keyword' } } }, clientTime: { type: 'date' }, startTime: { type: 'date' }, endTime: { type: 'date' } },
        },
      });
      await bulkLoad(admin, `${base}-b`, dataset.docs.slice(half), dataset.ids.slice(half));
      before_ = [await snapshot(admin, `${base}-a`), await snapshot(admin, `${base}-b`)];
      const written = await writeDataset(dataset);
      removeFiles = written.remove;
      files = createFileSource({ id: 'files', paths: [FILE_NAME], baseDir: written.dir, mapping: resolveMapping('userale') });
      filesRequired = createFileSource({ id: 'files', paths: [FILE_NAME], baseDir: written.dir, mapping: required });
      const make = (mapping: ReturnType<typeof resolveMapping>) =>
        createElasticsearchSource({ id: 'es', connection: connection(), index: `${base}-*`, mapping, pageSize: 200, onRequest: audit.onRequest });
      es = make(resolveMapping('userale'));
      esRequired = make(required);
    });
    after(async () => {
      try {
        await es.close?.();
        await esRequired.close?.();
        audit.assertReadOnly();
        assert.deepEqual([await snapshot(admin, `${base}-a`), await snapshot(admin, `${base}-b`)], before_);
      } finally {
        await admin.indices.delete({ index: `${base}-a,${base}-b` }, { ignore: [404] });
        await admin.close();
        await removeFiles();
      }
    });

    for (const [name, pipeline] of Object.entries({
      'every event from both indices': { query: {} },
      'a field mapped differently in each index is tested in memory': {
        query: { where: { any: [{ field: 'details.y', op: 'gt', value: 100 }, { field: 'details.y', op: 'eq', value: 7 }] } },
      },
      'sorted by session and time across indices': { query: { sort: ['session', 'time', 'id'] } },
      'count-by type across indices (pushed down)': { steps: [{ op: 'count-by', by: 'type' }] },
      'count-by the conflicting field (in memory)': { steps: [{ op: 'count-by', by: 'details.y', limit: 20 }] },
    })) {
      test(`${name}: same as the file source`, async () => {
        const [got, want] = await Promise.all([runOn(es, pipeline, dataset.now), runOn(files, pipeline, dataset.now)]);
        assert.deepEqual(sortById(got), sortById(want));
        if (name.includes('differently')) assert.ok(got.warnings.some((w) => w.code === 'residual_filter'));
        if (name.includes('pushed down')) assert.ok(got.stats.pushedDown.includes('aggregation:count-by'));
      });
    }

    test('requireTime: untimed documents are filtered out in Elasticsearch, counted as skipped and reported', async () => {
      const [got, want] = await Promise.all([runOn(esRequired, { query: {} }, dataset.now), runOn(filesRequired, { query: {} }, dataset.now)]);
      assert.deepEqual(sortById(got), sortById(want));
      assert.ok(want.stats.skipped > 0);
      assert.equal(got.stats.skipped, want.stats.skipped);
      assert.equal(got.warnings.find((w) => w.code === 'missing_time')?.count, want.stats.skipped);
      const counted = await Promise.all([
        runOn(esRequired, { steps: [{ op: 'count-by', by: 'kind' }] }, dataset.now),
        runOn(filesRequired, { steps: [{ op: 'count-by', by: 'kind' }] }, dataset.now),
      ]);
      assert.deepEqual(counted[0].result, counted[1].result);
      assert.ok(counted[0].stats.pushedDown.includes('aggregation:count-by'));
    });
  });
}
