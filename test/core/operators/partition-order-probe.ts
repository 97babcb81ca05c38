import { z } from 'zod';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { runPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import type { EventSource } from '../../../src/core/source.js';
import { batches } from '../../helpers/events.js';

/**
 * Whether `step` keeps the partition order of its input (capability `preservesOrder`), seen from outside: a probe
 * `reversing` partitions by `by` (user unless given) and yields its partition-ordered input reversed while claiming to keep the order;
 * then `step`; then a probe `next` partitioned alike records what it receives. When `step` declares it keeps the
 * order, `next` is not sorted again and receives the reversed order (minus what `step` drops); otherwise the runner
 * sorts `next`'s input back into partition, time order. Returns the ids each probe received, in order.
 */
export async function orderSeenAfter(step: Record<string, unknown>, events: readonly CanonicalEvent[], by = 'user'): Promise<string[][]> {
  const seen: string[][] = [];
  const probe = (name: string, reverse: boolean) =>
    defineOperator({
      name,
      summary: 'test probe',
      description: 'test',
      params: z.strictObject({}),
      accepts: ['events'],
      produces: () => 'events',
      examples: [],
      fields: () => [],
      partition: () => ({ by: [by] }),
      capabilities: { preservesOrder: true },
      run(input) {
        const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
        return {
          kind: 'events',
          batches: (async function* () {
            const got: CanonicalEvent[] = [];
            for await (const batch of upstream) got.push(...batch);
            seen.push(got.map((e) => e.id));
            yield reverse ? [...got].reverse() : got;
          })(),
        };
      },
    });
  const registry = createRegistry();
  registry.register(probe('reversing', true) as never, 'test');
  registry.register(probe('next', false) as never, 'test');
  const source: EventSource = {
    id: 'mem',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: source.capabilities, details: {} }),
    read: () => ({ sorted: false, limited: false, batches: batches(events, 2) }),
    fields: async () => [],
  };
  await runPipeline({ steps: [{ op: 'reversing' }, step, { op: 'next' }] }, { registry, defaultSource: 'mem', now: 0, resolveSource: () => source });
  return seen;
}
