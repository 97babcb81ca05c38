import { buildFieldCatalog, type FieldCatalog, type MappingNode } from '../../../../src/sources/elasticsearch/field-catalog.js';

/**
 * A field catalog from an index mapping's `properties`, as the loader builds it from the node's answers (field caps
 * default to searchable and aggregatable for every mapped leaf except text). Input data for node-free tests.
 */
export function catalogOf(
  properties: Record<string, MappingNode>,
  options: { dynamic?: string | boolean; caps?: Record<string, { searchable?: boolean; aggregatable?: boolean }>; ignored?: string[]; unknownIgnored?: boolean } = {},
): FieldCatalog {
  const leaves: Record<string, Record<string, { searchable?: boolean; aggregatable?: boolean }>> = {};
  const visit = (props: Record<string, MappingNode>, prefix: string): void => {
    for (const [name, node] of Object.entries(props)) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      const type = node.type ?? 'object';
      leaves[path] = { [type]: options.caps?.[path] ?? { searchable: node.index !== false, aggregatable: type !== 'text' && type !== 'object' } };
      if (node.properties !== undefined) visit(node.properties, path);
    }
  };
  visit(properties, '');
  return buildFieldCatalog({
    caps: { indices: ['logs'], fields: leaves },
    mappings: { logs: { mappings: { ...(options.dynamic === undefined ? {} : { dynamic: options.dynamic }), properties } } },
    ignored: { fields: new Set(options.ignored ?? []), unknown: options.unknownIgnored ?? false },
    loadedAt: 0,
  });
}

/** The UserALE index template's fields that roles read (keyword strings, date times), plus a few document fields. */
export const USERALE_PROPERTIES: Record<string, MappingNode> = {
  clientTime: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
  startTime: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
  endTime: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
  microTime: { type: 'float' },
  userId: { type: 'keyword' },
  sessionId: { type: 'keyword' },
  type: { type: 'keyword' },
  target: { type: 'keyword' },
  path: { type: 'keyword' },
  pageUrl: { type: 'keyword' },
  logType: { type: 'keyword' },
  userAction: { type: 'boolean' },
  details: { properties: { clicks: { type: 'integer' } } },
  title: { type: 'text', fields: { keyword: { type: 'keyword' } } },
};
