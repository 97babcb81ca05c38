/** How Distill treats a field's Elasticsearch type when compiling queries and aggregations. */
export type FieldFamily =
  | 'keyword'
  | 'text'
  | 'integer'
  | 'double'
  | 'float'
  | 'boolean'
  | 'date'
  | 'object'
  | 'other'
  | 'conflict';

/** One mapped field, merged across the indices the source reads. */
export interface FieldSpec {
  /** Dotted path. */
  readonly field: string;
  /** Elasticsearch types seen across indices (`keyword`, `long`, `date`, `object`…). */
  readonly types: readonly string[];
  readonly family: FieldFamily;
  /** Indexed, so queries can use it. */
  readonly searchable: boolean;
  /** Has doc values, so aggregations and sorting can use it. */
  readonly aggregatable: boolean;
  /** A keyword sub-field (`message.keyword`) to query instead, for text fields. */
  readonly keywordField?: string | undefined;
  /** Some documents hold values Elasticsearch did not index (`ignore_above`, `ignore_malformed`): see `_ignored`. */
  readonly ignored: boolean;
  /** The mapping sets `null_value`: nulls are indexed as a value, unlike Distill's "null is missing". */
  readonly nullValue: boolean;
  /** Date formats of the mapping (`strict_date_optional_time||epoch_millis`), for date fields. */
  readonly formats?: readonly string[] | undefined;
}

/** The fields of a source's indices: what the query compiler and pushdown consult. */
export interface FieldCatalog {
  /** Concrete indices read. */
  readonly indices: readonly string[];
  readonly fields: ReadonlyMap<string, FieldSpec>;
  /**
   * True when a field absent from the mapping is certainly absent from every document: dynamic mapping is on
   * (`true` or `strict`) for its nearest mapped parent object and no parent is disabled (`enabled: false`).
   */
  isAbsent(field: string): boolean;
  /** Some document has values Elasticsearch ignored, and which fields they are could not be told. */
  readonly unknownIgnored: boolean;
  /** When this catalog was read (ms). */
  readonly loadedAt: number;
}

const FAMILY: Readonly<Record<string, FieldFamily>> = {
  keyword: 'keyword',
  text: 'text',
  match_only_text: 'text',
  long: 'integer',
  integer: 'integer',
  short: 'integer',
  byte: 'integer',
  double: 'double',
  float: 'float',
  half_float: 'float',
  boolean: 'boolean',
  date: 'date',
  date_nanos: 'date',
  object: 'object',
  nested: 'object',
};

/** A node of an index mapping (`properties` of objects, multi-`fields`, and the settings Distill reads). */
export interface MappingNode {
  readonly type?: string;
  readonly properties?: Record<string, MappingNode>;
  readonly fields?: Record<string, MappingNode>;
  readonly dynamic?: string | boolean;
  readonly enabled?: boolean;
  readonly null_value?: unknown;
  readonly format?: string;
  readonly index?: boolean;
  readonly doc_values?: boolean;
}

interface Accumulated {
  types: Set<string>;
  keywordField?: string;
  nullValue: boolean;
  formats: Set<string>;
  searchable: boolean;
  aggregatable: boolean;
}

/** The concrete indices a field-caps response names (`indices` is a string for one index, an array for several). */
export function capsIndices(caps: { readonly indices?: string | readonly string[] | undefined }): string[] {
  return caps.indices === undefined ? [] : [caps.indices].flat();
}

/** What {@link buildFieldCatalog} reads: the three responses of `loadFieldCatalog` (load-field-catalog.ts). */
export interface CatalogResponses {
  /** The `_field_caps` response (`fields: '*'`). */
  readonly caps: { readonly indices?: string | readonly string[] | undefined; readonly fields: Readonly<Record<string, unknown>> };
  /** The `_mapping` response: index name → `{ mappings }`. */
  readonly mappings: Readonly<Record<string, { readonly mappings?: MappingNode | undefined }>>;
  /** Fields holding ignored values (the `_ignored` terms), or `unknown` when which ones could not be told. */
  readonly ignored: { readonly fields: ReadonlySet<string>; readonly unknown: boolean };
  /** When the responses were read (ms). */
  readonly loadedAt: number;
}

/**
 * Merge a source's mapping, field capabilities and ignored fields into its catalog: per field the types seen across
 * indices and their family (`conflict` when families differ), searchable / aggregatable only when every index says
 * so, the first keyword sub-field, null_value, date formats (Elasticsearch's default for a date without one), and
 * whether some values were ignored; `isAbsent` answers from the objects' `dynamic` and `enabled` settings.
 * Pure. Cost: proportional to the number of mapped fields.
 */
export function buildFieldCatalog({ caps, mappings, ignored, loadedAt }: CatalogResponses): FieldCatalog {
  const indices = capsIndices(caps);
  const acc = new Map<string, Accumulated>();
  const objects = new Map<string, { dynamicKnown: boolean; enabled: boolean }>();
  for (const name of Object.keys(mappings)) {
    const root = mappings[name]?.mappings ?? {};
    walk(root, '', acc, objects, isDynamicKnown(root.dynamic, true), true);
  }
  for (const [field, byType] of Object.entries(caps.fields)) {
    const a = acc.get(field);
    if (a === undefined) continue;
    const list = Object.values(byType as Record<string, { searchable?: boolean; aggregatable?: boolean }>);
    a.searchable = list.every((c) => c.searchable === true);
    a.aggregatable = list.every((c) => c.aggregatable === true);
  }
  const fields = new Map<string, FieldSpec>();
  for (const [field, a] of acc) {
    const families = new Set([...a.types].map((t) => FAMILY[t] ?? 'other'));
    // A field mapped in only some indices behaves like a missing field in the others: fine for every family.
    const family: FieldFamily = families.size === 1 ? [...families][0]! : 'conflict';
    fields.set(field, {
      field,
      types: [...a.types].sort(),
      family,
      searchable: a.searchable,
      aggregatable: a.aggregatable,
      keywordField: a.keywordField,
      ignored: ignored.fields.has(field) || (a.keywordField !== undefined && ignored.fields.has(a.keywordField)),
      nullValue: a.nullValue,
      ...(a.formats.size === 0 ? {} : { formats: [...a.formats] }),
    });
  }
  return {
    indices: indices.sort(),
    fields,
    unknownIgnored: ignored.unknown,
    loadedAt,
    isAbsent(field) {
      if (fields.has(field)) return false;
      const parts = field.split('.');
      // Every mapped ancestor must be enabled; the nearest one decides whether unknown fields would be mapped.
      for (let i = 1; i < parts.length; i++) {
        const o = objects.get(parts.slice(0, i).join('.'));
        if (o !== undefined && !o.enabled) return false;
        if (fields.has(parts.slice(0, i).join('.')) && o === undefined) return false; // a leaf: x.y under a keyword x
      }
      for (let i = parts.length - 1; i >= 0; i--) {
        const o = objects.get(parts.slice(0, i).join('.'));
        if (o !== undefined) return o.dynamicKnown;
      }
      return false;
    },
  };
}

function isDynamicKnown(dynamic: string | boolean | undefined, inherited: boolean): boolean {
  if (dynamic === undefined) return inherited;
  return dynamic === true || dynamic === 'true' || dynamic === 'strict';
}

function walk(
  node: MappingNode,
  prefix: string,
  acc: Map<string, Accumulated>,
  objects: Map<string, { dynamicKnown: boolean; enabled: boolean }>,
  dynamicKnown: boolean,
  enabled: boolean,
): void {
  const here = objects.get(prefix);
  // Across indices, a parent counts as "unknown fields are absent" only when it is so in every index.
  objects.set(prefix, { dynamicKnown: (here?.dynamicKnown ?? true) && dynamicKnown, enabled: (here?.enabled ?? true) && enabled });
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const type = child.type ?? 'object';
    let a = acc.get(path);
    if (a === undefined) {
      a = { types: new Set(), nullValue: false, formats: new Set(), searchable: true, aggregatable: true };
      acc.set(path, a);
    }
    a.types.add(type);
    if (child.null_value !== undefined) a.nullValue = true;
    if (child.format !== undefined) for (const f of child.format.split('||')) a.formats.add(f.trim());
    if ((type === 'date' || type === 'date_nanos') && child.format === undefined) {
      a.formats.add('strict_date_optional_time');
      a.formats.add('epoch_millis');
    }
    if (child.index === false) a.searchable = false;
    for (const [sub, spec] of Object.entries(child.fields ?? {})) {
      if (spec.type === 'keyword' && a.keywordField === undefined) a.keywordField = `${path}.${sub}`;
    }
    if (type === 'object' || type === 'nested') {
      walk(child, path, acc, objects, isDynamicKnown(child.dynamic, dynamicKnown), enabled && child.enabled !== false);
    }
  }
}
