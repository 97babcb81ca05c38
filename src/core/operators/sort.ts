import { z } from 'zod';
import { compileSort } from '../query/compile-sort.js';
import { rowAccess } from '../query/compile-predicate.js';
import { defineOperator } from '../pipeline/operator.js';
import { sortKeys } from '../pipeline/param-shapes.js';
import type { Row } from '../frame.js';

/**
 * `sort`: order events or rows by one or more keys. Missing values last; ties keep input order (stable), which is
 * the tie policy for events sharing a timestamp. Cost: O(n log n); memory-bounded (above the run's sort budget,
 * sorted runs spill to Distill's scratch directory and are merged). A leading sort becomes the query's sort, so
 * Elasticsearch sorts natively.
 */
export const sortOperator = defineOperator({
  name: 'sort',
  summary: 'Order events or rows by one or more keys.',
  description:
    'Sorts by the keys in order ("-field" descending, "+field" or "field" ascending, or { field, order }). Missing ' +
    'values sort last; multi-valued fields sort by their minimum (ascending) or maximum (descending), as ' +
    'Elasticsearch does; ties keep their input order. Memory-bounded: above the sort budget, sorted runs spill to ' +
    'a private temporary directory and are merged.',
  params: z.strictObject({ by: sortKeys('Sort keys.') }),
  accepts: ['events', 'table'],
  produces: (kind) => kind,
  fields: (params) => params.by.map((k) => k.field),
  capabilities: { querySort: (params) => params.by },
  examples: [
    { description: 'By user descending, then time', params: { by: ['-user', 'time'] }, output: ['ex#8', 'ex#9', 'ex#10', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#1', 'ex#2', 'ex#3'] },
    { description: 'Latest first', params: { by: '-time' }, output: ['ex#10', 'ex#9', 'ex#8', 'ex#7', 'ex#6', 'ex#5', 'ex#4', 'ex#3', 'ex#2', 'ex#1'] },
  ],
  run(input, params, context) {
    if (input.kind === 'events') return { kind: 'events', batches: context.sort(input.batches, compileSort(params.by)) };
    if (input.kind === 'table') {
      const compare = compileSort<Row>(params.by, (f) => rowAccess(f).get as (r: Row) => unknown);
      return { ...input, batches: context.sort(input.batches, compare) };
    }
    return input;
  },
});
