import { z } from 'zod';
import { compileSort } from '../query/compile-sort.js';
import { rowAccess } from '../query/compile-predicate.js';
import { defineOperator } from '../pipeline/operator.js';
import { collectBatches, fromArray } from '../stream.js';
import type { Row } from '../frame.js';

const SortKeySchema = z.union([
  z.string().min(1).describe('A field; prefix with "-" for descending.'),
  z.strictObject({ field: z.string().min(1), order: z.enum(['asc', 'desc']).default('asc') }),
]);

/**
 * `sort`: order events or rows by one or more keys. Missing values last; ties keep input order (stable), which is
 * the tie policy for events sharing a timestamp. Cost: O(n log n), all events or rows in memory.
 */
export const sortOperator = defineOperator({
  name: 'sort',
  summary: 'Order events or rows by one or more keys.',
  description:
    'Sorts by the keys in order ("-field" for descending). Missing values sort last; multi-valued fields sort by ' +
    'their minimum (ascending) or maximum (descending), as Elasticsearch does; ties keep their input order. ' +
    'Holds all events or rows in memory.',
  params: z.strictObject({ by: z.union([SortKeySchema, z.array(SortKeySchema).min(1)]).describe('Sort keys.') }),
  accepts: ['events', 'table'],
  produces: (kind) => kind,
  examples: [{ description: 'By user, then time', params: { by: ['user', 'time'] } }],
  run(input, params) {
    const keys = (Array.isArray(params.by) ? params.by : [params.by]).map((k) =>
      typeof k === 'string'
        ? k.startsWith('-')
          ? { field: k.slice(1), order: 'desc' as const }
          : { field: k, order: 'asc' as const }
        : k,
    );
    if (input.kind === 'events') {
      const compare = compileSort(keys);
      const upstream = input.batches;
      return {
        kind: 'events',
        batches: (async function* () {
          const all = await collectBatches(upstream);
          yield* fromArray(all.sort(compare));
        })(),
      };
    }
    const compare = compileSort<Row>(keys, (f) => rowAccess(f).get as (r: Row) => unknown);
    const upstream = input.rows;
    return {
      kind: 'table',
      columns: input.columns,
      rows: (async function* () {
        const all = await collectBatches(upstream);
        yield* fromArray(all.sort(compare));
      })(),
    };
  },
});
