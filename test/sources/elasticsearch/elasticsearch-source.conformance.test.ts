import { test } from 'node:test';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { createElasticsearchSource } from '../../../src/sources/elasticsearch/elasticsearch-source.js';
import { specs } from '../conformance/specs.js';
import { connection, readOnlyFixture, SKIP } from './helpers/es-fixture.js';

// The shared conformance suite, over the same documents loaded into a real Elasticsearch node with the UserALE
// index template (ids equal to the file source's, so events compare whole). Small pages (250) and two shards
// make every read span pages and shards; closing the fixture asserts the read-only audit.
if (SKIP !== false) test('source conformance: elasticsearch', { skip: SKIP }, () => {});
else {
  specs('elasticsearch', async (dataset) => {
    const fixture = await readOnlyFixture('conformance', dataset.docs, dataset.ids, { shards: 2 });
    const source = createElasticsearchSource({
      id: 'es',
      connection: connection(),
      index: fixture.index,
      mapping: resolveMapping('userale'),
      pageSize: 250,
      onRequest: fixture.audit.onRequest,
    });
    return {
      source,
      close: async () => {
        await source.close?.();
        await fixture.close();
      },
    };
  });

  specs(
    'elasticsearch, 3 slices',
    async (dataset) => {
      const fixture = await readOnlyFixture('conformance-sliced', dataset.docs, dataset.ids, { shards: 2 });
      const source = createElasticsearchSource({
        id: 'es-sliced',
        connection: connection(),
        index: fixture.index,
        mapping: resolveMapping('userale'),
        pageSize: 400,
        slices: 3,
        onRequest: fixture.audit.onRequest,
      });
      return {
        source,
        close: async () => {
          await source.close?.();
          await fixture.close();
        },
      };
    },
    { events: 1500 },
  );
}
