import { z } from 'zod';
import { defineOperator } from '../pipeline/operator.js';
import { takeBatches } from '../stream.js';

/** `limit`: keep the first `n` events or rows and stop reading. Cost: streaming; reading stops at `n`. */
export const limitOperator = defineOperator({
  name: 'limit',
  summary: 'Keep the first n events or rows.',
  description: 'Keeps the first `n` events or rows and stops reading the source after them (an early stop also closes files and cursors).',
  params: z.strictObject({ n: z.number().int().min(0).describe('How many to keep.') }),
  accepts: ['events', 'table'],
  produces: (kind) => kind,
  examples: [{ description: 'First 10', params: { n: 10 } }],
  run(input, params) {
    if (input.kind === 'events') return { kind: 'events', batches: takeBatches(input.batches, params.n) };
    return { kind: 'table', columns: input.columns, rows: takeBatches(input.rows, params.n) };
  },
});
