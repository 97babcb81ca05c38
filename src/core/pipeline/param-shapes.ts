import { z } from 'zod';
import { SortKey, toSortSpec } from '../query/query-schema.js';

/**
 * The shorthands operator params accept, normalised once inside the schemas so operators (and the runner, and the
 * Elasticsearch pushdowns) only ever see the normal form:
 * - {@link fieldList}: `"type"` or `["user", "type"]` → `["type"]` / `["user", "type"]`; no duplicates.
 * - {@link sortKeys}: `"time"`, `"+time"`, `"-time"`, `{ field, order }` or a list of them → `SortSpec[]`.
 */
export function fieldList(description: string) {
  return z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((v) => (typeof v === 'string' ? [v] : v))
    .refine((list) => new Set(list).size === list.length, { message: 'Each field may be listed once.', params: { code: 'duplicate_field' } })
    .describe(description);
}

/** Sort keys with every shorthand normalised to `{ field, order }` (see {@link fieldList}'s note). */
export function sortKeys(description: string) {
  return z
    .union([SortKey, z.array(SortKey).min(1)])
    .transform((v) => (Array.isArray(v) ? v : [v]).map(toSortSpec))
    .describe(description);
}
