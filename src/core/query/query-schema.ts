import { z } from 'zod';

/**
 * The query model: plain, serialisable data, validated by zod, compiled per back end by a table of processors
 * (`compile-predicate.ts` for memory; the Elasticsearch compiler beside it).
 *
 * Fields are named by canonical role (`time`, `user`, `session`, `type`, `target`, `path`, `page`, `kind`, `id`,
 * `end`) or by dotted path into the source document (`details.clicks`); prefix `doc.` to force the document
 * field when it shares a role's name (`doc.type`).
 */

export const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof Scalar>;

const FieldName = z.string().min(1, 'A field name cannot be empty.');

/** A time bound: epoch milliseconds, ISO 8601, or date math (`now-7d/d`, `2024-05-01||+1M`). */
export const TimeBound = z.union([z.number(), z.string().min(1)]);
export type TimeBound = z.infer<typeof TimeBound>;

export const COMPARISON_OPS = ['eq', 'ne'] as const;
export const SET_OPS = ['in', 'nin'] as const;
export const RANGE_OPS = ['gt', 'gte', 'lt', 'lte'] as const;
export const STRING_OPS = ['prefix', 'contains'] as const;
/** Every operator a field condition may use (`eq`, `in`, `gte`, `exists`, `prefix`, …), as the schema accepts them. */
export const FIELD_OPS = [...COMPARISON_OPS, ...SET_OPS, ...RANGE_OPS, 'exists', ...STRING_OPS] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

const EqCondition = z.strictObject({
  field: FieldName,
  op: z.enum(COMPARISON_OPS),
  value: Scalar.describe('Compared loosely across number/string/boolean; null means "missing".'),
});
const SetCondition = z.strictObject({
  field: FieldName,
  op: z.enum(SET_OPS),
  value: z.array(Scalar).describe('Matches when the field equals any of these.'),
});
const RangeCondition = z.strictObject({
  field: FieldName,
  op: z.enum(RANGE_OPS),
  value: z.union([z.number(), z.string()]).describe('Numbers compare numerically, strings lexically; time roles take dates.'),
});
const ExistsCondition = z.strictObject({
  field: FieldName,
  op: z.literal('exists'),
  value: z.boolean().default(true).describe('true: the field has a value; false: it is missing or null.'),
});
const StringCondition = z.strictObject({
  field: FieldName,
  op: z.enum(STRING_OPS),
  value: z.string().describe('Case-sensitive: prefix matches the start, contains any substring.'),
});

/** A condition on one field: `{ field, op, value }` (no `value` for `exists`). */
export type FieldCondition =
  | z.output<typeof EqCondition>
  | z.output<typeof SetCondition>
  | z.output<typeof RangeCondition>
  | z.output<typeof ExistsCondition>
  | z.output<typeof StringCondition>;

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
/** A condition tree: `all`, `any`, `not` over field conditions. */
export type Condition = AllCondition | AnyCondition | NotCondition | FieldCondition;

type ConditionInputShape =
  | { all: ConditionInputShape[] }
  | { any: ConditionInputShape[] }
  | { not: ConditionInputShape }
  | z.input<typeof EqCondition>
  | z.input<typeof SetCondition>
  | z.input<typeof RangeCondition>
  | z.input<typeof ExistsCondition>
  | z.input<typeof StringCondition>;

/** Zod schema of a {@link Condition} (recursive). */
export const ConditionSchema: z.ZodType<Condition, ConditionInputShape> = z.lazy(() => ConditionUnion);

// Defined once, so the lazy schema above always returns the same instance (JSON Schema export relies on it).
const ConditionUnion: z.ZodType<Condition, ConditionInputShape> = z.union([
  z.strictObject({ all: z.array(ConditionSchema).describe('Every condition must hold (AND); empty: always true.') }),
  z.strictObject({ any: z.array(ConditionSchema).describe('At least one must hold (OR); empty: never true.') }),
  z.strictObject({ not: ConditionSchema.describe('Negation.') }),
  z.discriminatedUnion('op', [EqCondition, SetCondition, RangeCondition, ExistsCondition, StringCondition]),
], {
  error: 'A condition is {"all": [...]}, {"any": [...]}, {"not": {...}} or {"field": "...", "op": "...", "value": ...}.',
});

/** A sort key as users write it: `"field"`, `"+field"`, `"-field"` (descending) or `{ field, order }`. */
export const SortKey = z.union([
  z.string().min(1).describe('A field; "+field" ascending (the default), "-field" descending.'),
  z.strictObject({ field: FieldName, order: z.enum(['asc', 'desc']).default('asc') }),
]);

/** Normalise one sort key shorthand (`"-time"`, `"+user"`, `{ field, order }`) to a {@link SortSpec}. */
export function toSortSpec(k: z.output<typeof SortKey>): SortSpec {
  if (typeof k !== 'string') return { field: k.field, order: k.order };
  if (k.startsWith('-')) return { field: k.slice(1), order: 'desc' };
  return { field: k.startsWith('+') ? k.slice(1) : k, order: 'asc' };
}

/** Zod schema of a query: time range, conditions, fields, sort, limit. Parse with {@link parseQuery}. */
export const QuerySchema = z
  .strictObject({
    time: z
      .strictObject({
        from: TimeBound.optional().describe('Inclusive lower bound.'),
        to: TimeBound.optional().describe('Exclusive upper bound.'),
      })
      .optional()
      .describe('Half-open time range on the time role: from <= time < to.'),
    where: ConditionSchema.optional().describe('Condition tree.'),
    fields: z.array(FieldName).optional().describe('Projection: document fields to keep in each event (roles are always kept).'),
    sort: z.array(SortKey).optional().describe('Sort keys, applied in order; missing values sort last.'),
    limit: z.number().int().min(0).optional().describe('Return at most this many events.'),
  })
  .describe('Which events to read: time range, condition tree, projection, sort and limit.');

/** A query as written (before defaults): what `parseQuery` and the `query` key of a pipeline accept. */
export type QueryInput = z.input<typeof QuerySchema>;

/** One sort key of a query: a field and a direction. */
export interface SortSpec {
  readonly field: string;
  readonly order: 'asc' | 'desc';
}

/** A validated query with sort keys normalised. */
export interface Query {
  readonly time?: { readonly from?: TimeBound | undefined; readonly to?: TimeBound | undefined } | undefined;
  readonly where?: Condition | undefined;
  readonly fields?: readonly string[] | undefined;
  readonly sort?: readonly SortSpec[] | undefined;
  readonly limit?: number | undefined;
}

/** Normalise a zod-parsed query (sort shorthands → objects). */
export function normalizeQuery(parsed: z.output<typeof QuerySchema>): Query {
  const sort = parsed.sort?.map(toSortSpec);
  return {
    ...(parsed.time === undefined ? {} : { time: parsed.time }),
    ...(parsed.where === undefined ? {} : { where: parsed.where }),
    ...(parsed.fields === undefined ? {} : { fields: parsed.fields }),
    ...(sort === undefined ? {} : { sort }),
    ...(parsed.limit === undefined ? {} : { limit: parsed.limit }),
  };
}
