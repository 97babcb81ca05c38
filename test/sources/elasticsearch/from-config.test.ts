import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigSchema } from '../../../src/config/config-schema.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import { elasticsearchFromConfig } from '../../../src/sources/elasticsearch/from-config.js';

// The source built from a config block: every setting reaches it (describe() shows them; nothing is sent until a
// read, so no node is needed).

describe('elasticsearchFromConfig', () => {
  test('node, index, auth kind, paging, slices, keep-alive, TLS and description from the config block', () => {
    const config = ConfigSchema.parse({
      sources: {
        es: {
          kind: 'elasticsearch',
          node: ['https://a:9200', 'https://u:p@b:9200'],
          index: 'userale-*',
          description: 'logs',
          auth: { bearer: 'tok' },
          tls: { caFingerprint: 'ab'.repeat(32), rejectUnauthorized: true },
          pageSize: 250,
          slices: 2,
          keepAlive: '5m',
        },
      },
    }).sources.es!;
    assert.ok(config.kind === 'elasticsearch');
    const source = elasticsearchFromConfig('es', config, resolveMapping('userale'), '/base');
    assert.deepEqual(source.describe(), {
      id: 'es',
      kind: 'elasticsearch',
      schema: 'userale',
      capabilities: { filter: true, sort: true, aggregate: true },
      description: 'logs',
      details: {
        nodes: ['https://a:9200', 'https://b:9200'],
        index: 'userale-*',
        auth: 'bearer',
        pageSize: 250,
        slices: 2,
        keepAlive: '5m',
        tls: { rejectUnauthorized: true, caFingerprint: Array(32).fill('AB').join(':') },
      },
    });
  });
});
