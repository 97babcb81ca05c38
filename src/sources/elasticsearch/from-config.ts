import type { ElasticsearchSourceConfig } from '../../config/config-schema.js';
import type { ResolvedMapping } from '../../core/schema/resolve-mapping.js';
import type { EventSource } from '../../core/source.js';
import type { z } from 'zod';
import { resolveConnection } from './connection-options.js';
import { createElasticsearchSource } from './elasticsearch-source.js';

/**
 * Build the Elasticsearch source from its config block (the entry `create-source.ts` loads on demand, so commands
 * that never touch Elasticsearch start without loading its client).
 *
 * @throws InvalidConfigError when an environment variable holding a secret is not set or the CA file cannot be read.
 */
export function elasticsearchFromConfig(
  id: string,
  config: z.output<typeof ElasticsearchSourceConfig>,
  mapping: ResolvedMapping,
  baseDir: string,
): EventSource {
  return createElasticsearchSource({
    id,
    connection: resolveConnection(id, config, { baseDir }),
    index: config.index,
    mapping,
    description: config.description,
    pageSize: config.pageSize,
    slices: config.slices,
    keepAlive: config.keepAlive,
  });
}
