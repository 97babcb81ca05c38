import type { SourceConfig } from '../config/config-schema.js';
import type { MappingInput } from '../core/schema/mapping-schema.js';
import { resolveMapping } from '../core/schema/resolve-mapping.js';
import type { EventSource } from '../core/source.js';
import { createFileSource } from './files/file-source.js';

export interface CreateSourceOptions {
  /** Relative paths start here. */
  readonly baseDir: string;
  /** Named mappings from the config (`schemas`). */
  readonly schemas: Readonly<Record<string, MappingInput>>;
}

type ElasticsearchModule = typeof import('./elasticsearch/from-config.js');
let elasticsearch: ElasticsearchModule | undefined;

/**
 * Load the adapters the given source kinds need. Files are always loaded; the Elasticsearch client is loaded only
 * when a configured source uses it (it is most of the CLI's start-up time otherwise). `openDistill` calls this.
 */
export async function loadSourceKinds(kinds: Iterable<SourceConfig['kind']>): Promise<void> {
  for (const kind of kinds) {
    if (kind === 'elasticsearch') elasticsearch ??= await import('./elasticsearch/from-config.js');
  }
}

/**
 * Build a source adapter from its config block. Validation of the block happened at config load; the mapping is
 * resolved and compiled here. Call `loadSourceKinds` for the config's kinds first.
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
        maxDocumentLength: config.maxDocumentLength,
      });
    case 'elasticsearch':
      if (elasticsearch === undefined) throw new Error('loadSourceKinds(["elasticsearch"]) must run before an Elasticsearch source is created.');
      return elasticsearch.elasticsearchFromConfig(id, config, mapping, options.baseDir);
  }
}
