import { z } from 'zod';
import { withBatches } from '../frame.js';
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
  fields: () => [],
  capabilities: { preservesOrder: true },
  examples: [{ description: 'First 2', params: { n: 2 }, output: ['ex#1', 'ex#2'] }],
  run(input, params) {
    return withBatches(input, takeBatches(input.batches as AsyncIterable<readonly unknown[]>, params.n));
  },
});
