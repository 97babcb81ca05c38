import { z } from 'zod';
import { compileCondition, rowAccess } from '../query/compile-predicate.js';
import { ConditionSchema } from '../query/query-schema.js';
import { defineOperator } from '../pipeline/operator.js';
import { filterBatches } from '../stream.js';
import type { Row } from '../frame.js';
import type { CanonicalEvent } from '../event.js';

/**
 * `filter`: keep the events (or table rows) matching a condition tree — the same condition language as the
 * query's `where`, applied at this point of the pipeline (after earlier steps). Cost: streaming, O(1) memory.
 */
export const filterOperator = defineOperator({
  name: 'filter',
  summary: 'Keep events or rows that match a condition.',
  description:
    'Keeps the events (or table rows) for which `where` holds. Same condition language as a query: `all`, `any`, ' +
    '`not` and field operators eq, ne, in, nin, gt, gte, lt, lte, exists, prefix, contains. On events, fields are ' +
    'roles or document paths; on tables, column names. Streaming; constant memory.',
  params: z.strictObject({ where: ConditionSchema.describe('Condition events or rows must satisfy.') }),
  accepts: ['events', 'table'],
  produces: (kind) => kind,
  examples: [{ description: 'Keep clicks only', params: { where: { field: 'type', op: 'eq', value: 'click' } } }],
  run(input, params, context) {
    if (input.kind === 'events') {
      const test = compileCondition<CanonicalEvent>(params.where, { now: context.now }, ['where']);
      return { kind: 'events', batches: filterBatches(input.batches, test) };
    }
    const test = compileCondition<Row>(params.where, { now: context.now, access: rowAccess }, ['where']);
    return { kind: 'table', columns: input.columns, rows: filterBatches(input.rows, test) };
  },
});
