import type { SourceConfig } from '../config/config-schema.js';
import type { MappingInput } from '../core/schema/mapping-schema.js';
import { resolveMapping } from '../core/schema/resolve-mapping.js';
import type { EventSource } from '../core/source.js';
import { createFileSource } from './files/file-source.js';
import { resolveConnection } from './elasticsearch/connection-options.js';
import { createElasticsearchSource } from './elasticsearch/elasticsearch-source.js';

export interface CreateSourceOptions {
  /** Relative paths start here. */
  readonly baseDir: string;
  /** Named mappings from the config (`schemas`). */
  readonly schemas: Readonly<Record<string, MappingInput>>;
}

/**
 * Build a source adapter from its config block. Validation of the block happened at config load; the mapping is
 * resolved and compiled here.
 *
 * @throws InvalidConfigError when the mapping is unknown or invalid, or (Elasticsearch) an environment variable
 *   holding a secret is not set or the CA file cannot be read.
 */
export function createSource(id: string, config: SourceConfig, options: CreateSourceOptions): EventSource {
  const mapping = resolveMapping(config.schema, options.schemas, ['sources', id, 'schema']);
  switch (config.kind) {
    case 'files':
      return createFileSource({
        id,
        paths: typeof config.paths === 'string' ? [config.paths] : config.paths,
        baseDir: options.baseDir,
        mapping,
        description: config.description,
      });
    case 'elasticsearch':
      return createElasticsearchSource({
        id,
        connection: resolveConnection(id, config, { baseDir: options.baseDir }),
        index: config.index,
        mapping,
        description: config.description,
        pageSize: config.pageSize,
        slices: config.slices,
        keepAlive: config.keepAlive,
      });
  }
}
