import { z } from 'zod';
import { compileCondition, rowAccess } from '../query/compile-predicate.js';
import { ConditionSchema } from '../query/query-schema.js';
import { defineOperator } from '../pipeline/operator.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { filterBatches } from '../stream.js';
import type { Row } from '../frame.js';
import type { CanonicalEvent } from '../event.js';

/**
 * `filter`: keep the events (or table rows) matching a condition tree — the same condition language as the
 * query's `where`, applied at this point of the pipeline (after earlier steps). Cost: streaming, O(1) memory.
 * Declares `foldsInto`: leading filters become part of the source query (Elasticsearch then filters natively).
 */
export const filterOperator = defineOperator({
  name: 'filter',
  summary: 'Keep events or rows that match a condition.',
  description:
    'Keeps the events (or table rows) for which `where` holds. Same condition language as a query: `all`, `any`, ' +
    '`not` and field operators eq, ne, in, nin, gt, gte, lt, lte, exists, prefix, contains. On events, fields are ' +
    'roles, derived attributes or document paths; on tables, column names. Streaming; constant memory. Filters ' +
    'that lead a pipeline (or follow only other filters and sorts) join the source query.',
  params: z.strictObject({ where: ConditionSchema.describe('Condition events or rows must satisfy.') }),
  accepts: ['events', 'table'],
  produces: (kind) => kind,
  fields: (params) => conditionFields(params.where),
  capabilities: { foldsInto: (params) => params.where, preservesOrder: true },
  examples: [
    {
      description: 'Keep clicks only',
      params: { where: { field: 'type', op: 'eq', value: 'click' } },
      output: ['ex#1', 'ex#4', 'ex#7', 'ex#9'],
    },
  ],
  run(input, params, context) {
    if (input.kind === 'events') {
      const test = compileCondition<CanonicalEvent>(params.where, { now: context.now }, ['where']);
      return { ...input, batches: filterBatches(input.batches, test) };
    }
    if (input.kind === 'table') {
      const test = compileCondition<Row>(params.where, { now: context.now, access: rowAccess }, ['where']);
      return { ...input, batches: filterBatches(input.batches, test) };
    }
    return input;
  },
});
