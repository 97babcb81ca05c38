import { z } from 'zod';
import type { Column, Row } from '../frame.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { rowAccess } from '../query/compile-predicate.js';
import { compareSortValues, sortValue } from '../query/compile-sort.js';
import { ROLE_COLUMN_TYPES } from '../role-columns.js';
import { defineOperator } from '../pipeline/operator.js';
import { fromArray } from '../stream.js';
import { fieldList } from '../pipeline/param-shapes.js';
import { setOwn } from '../field-path.js';

export const CountByParams = z.strictObject({
  by: fieldList('Field(s) to group by: roles (`type`, `user`), derived attributes, document paths (`details.clicks`) or, on tables, columns.'),
  explode: z
    .boolean()
    .default(false)
    .describe('Count an array value once per element (Elasticsearch terms semantics) instead of as one key.'),
  missing: z
    .enum(['include', 'skip'])
    .default('include')
    .describe('Events missing a group field: count them under null (include) or leave them out (skip).'),
  sort: z.enum(['count', 'key']).default('count').describe('Order rows by descending count (ties by key) or by key.'),
  limit: z.number().int().min(1).optional().describe('Keep only the first rows after sorting (top-n).'),
  share: z.boolean().default(false).describe('Add a `share` column: count divided by the total counted.'),
}).superRefine((params, ctx) => {
  // Output columns are the group fields, `count` and `share`: a group field of the same name would be lost.
  // Refinements run even when `by` itself failed (then it is not a list): nothing to compare.
  if (!Array.isArray(params.by)) return;
  params.by.forEach((field, i) => {
    if (field === 'count' || (field === 'share' && params.share)) {
      ctx.addIssue({ code: 'custom', path: ['by', i], message: `"${field}" is also the name of an output column of count-by; rename it first (project with "as").`, params: { code: 'output_name_clash' } });
    }
  });
});
export type CountByParams = z.output<typeof CountByParams>;

/**
 * `count-by`: group events (or rows) by one or more fields and count them — `df.groupby(by, dropna=False).size()`
 * in pandas terms. Output: one row per group with the group fields (named as given) and `count`; missing values
 * are a null key unless `missing: "skip"`. Cost: streaming, memory O(distinct groups).
 */
export const countByOperator = defineOperator({
  name: 'count-by',
  summary: 'Count events or rows per value of one or more fields.',
  description:
    'Groups by the listed fields and counts — pandas `groupby(by, dropna=False).size()`. Rows hold the group ' +
    'values under the field names and `count` (plus `share` when asked). Array values (UserALE `path`) are one ' +
    'key unless `explode` is set. Rows are sorted by descending count, ties by key. Streaming; memory grows with ' +
    'the number of distinct groups, not events. Pushed down to Elasticsearch as a composite aggregation where the ' +
    'source can.',
  params: CountByParams,
  accepts: ['events', 'table'],
  produces: () => 'table',
  fields: (params) => params.by,
  capabilities: { orderInsensitive: true },
  examples: [
    {
      description: 'Events per type',
      params: { by: 'type' },
      output: [
        { type: 'click', count: 4 },
        { type: 'change', count: 2 },
        { type: 'focus', count: 2 },
        { type: 'scroll', count: 1 },
        { type: 'submit', count: 1 },
      ],
    },
    {
      description: 'Events per user and page, top 3',
      params: { by: ['user', 'page'], limit: 3 },
      output: [
        { user: 'alice', page: 'https://shop.example/home', count: 3 },
        { user: 'bob', page: 'https://shop.example/home', count: 2 },
        { user: 'bob', page: 'https://shop.example/search', count: 2 },
      ],
    },
  ],
  run(input, params) {
    const by = params.by;
    const columns: Column[] = [
      ...by.map((f): Column => {
        if (input.kind === 'table') return { name: f, type: input.columns.find((c: Column) => c.name === f)?.type ?? 'any' };
        const ref = resolveFieldRef(f);
        return { name: f, type: ref.kind === 'role' ? ROLE_COLUMN_TYPES[ref.role] : 'any' };
      }),
      { name: 'count', type: 'integer' },
      ...(params.share ? [{ name: 'share', type: 'number' } as Column] : []),
    ];
    const getters =
      input.kind === 'events'
        ? by.map((f) => fieldGetter(resolveFieldRef(f)) as (r: unknown) => unknown)
        : by.map((f) => rowAccess(f).get as (r: unknown) => unknown);
    const batches = input.batches as AsyncIterable<readonly unknown[]>;
    return {
      kind: 'table',
      columns,
      batches: (async function* () {
        const groups = await countGroups(batches, getters, params);
        yield* fromArray(groupRows([...groups.values()], by, params));
      })(),
    };
  },
});

/** One group: its key values (in `by` order) and how many records it holds. */
export interface Group {
  readonly values: readonly unknown[];
  count: number;
}

/** Count records per group key. Exposed for back ends that fall back to memory. */
export async function countGroups(
  batches: AsyncIterable<readonly unknown[]>,
  getters: readonly ((record: unknown) => unknown)[],
  params: Pick<CountByParams, 'explode' | 'missing'>,
): Promise<Map<unknown, Group>> {
  const groups = new Map<unknown, Group>();
  const skipMissing = params.missing === 'skip';
  if (getters.length === 1 && !params.explode) {
    // Fast path, one field: scalars are their own Map keys, objects NUL + JSON, strings starting with NUL one NUL more.
    const get = getters[0]!;
    for await (const batch of batches) {
      for (const record of batch) {
        let v = get(record);
        if (v === undefined || (Array.isArray(v) && v.length === 0)) v = null;
        if (v === null && skipMissing) continue;
        const key = v !== null && typeof v === 'object' ? `\u0000${JSON.stringify(v)}` : typeof v === 'string' && v.charCodeAt(0) === 0 ? `\u0000${v}` : v;
        const g = groups.get(key);
        if (g !== undefined) g.count++;
        else groups.set(key, { values: [v], count: 1 });
      }
    }
    return groups;
  }
  for await (const batch of batches) {
    for (const record of batch) {
      let combos: unknown[][] = [[]];
      for (const get of getters) {
        const options = fieldValues(get(record), params.explode);
        if (options.length === 0) {
          if (skipMissing) {
            combos = [];
            break;
          }
          options.push(null);
        }
        // Single values extend every combination in place: linear in the number of fields, not quadratic.
        if (options.length === 1) for (const c of combos) c.push(options[0]);
        else combos = combos.flatMap((c) => options.map((o) => [...c, o]));
      }
      for (const values of combos) {
        const key = JSON.stringify(values.map((v) => (v === null || typeof v !== 'object' ? [typeof v, String(v)] : ['o', v])));
        const g = groups.get(key);
        if (g !== undefined) g.count++;
        else groups.set(key, { values, count: 1 });
      }
    }
  }
  return groups;
}

function fieldValues(value: unknown, explode: boolean): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    if (!explode) return [value];
    return [...new Set(value.filter((v) => v !== null && v !== undefined))];
  }
  return [value];
}

/**
 * Turn counted groups into the operator's rows: sorted (count descending then key, or key), limited, with `share`
 * when asked. Shared by every back end that counts groups (in memory, Elasticsearch composite aggregations) so
 * they order and round identically. Sorts `list` in place.
 */
export function groupRows(list: Group[], by: readonly string[], params: Pick<CountByParams, 'sort' | 'limit' | 'share'>): Row[] {
  const byKey = (a: Group, b: Group): number => {
    for (let i = 0; i < by.length; i++) {
      const c = compareSortValues(sortValue(a.values[i], false), sortValue(b.values[i], false), false);
      if (c !== 0) return c;
    }
    return 0;
  };
  list.sort(params.sort === 'count' ? (a, b) => b.count - a.count || byKey(a, b) : byKey);
  const kept = params.limit === undefined ? list : list.slice(0, params.limit);
  let total = 0;
  for (const g of list) total += g.count;
  return kept.map((g) => {
    const row: Row = {};
    by.forEach((f, i) => setOwn(row, f, g.values[i] ?? null));
    row.count = g.count;
    if (params.share) row.share = total === 0 ? 0 : g.count / total;
    return row;
  });
}
