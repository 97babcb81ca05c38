import type { CanonicalEvent } from '../../../src/core/event.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import { compileQueryPredicate } from '../../../src/core/query/compile-predicate.js';
import type { EventSource, ReadContext, ReadRequest } from '../../../src/core/source.js';
import type { Warning } from '../../../src/core/warnings.js';
import { batches, collect } from '../../helpers/events.js';

const registry = createRegistry();

/** An unsorted in-memory source yielding batches of `size` (so the runner's partition order is what the operator sees). */
function memorySource(events: readonly CanonicalEvent[], size: number): EventSource {
  const source: EventSource = {
    id: 'mem',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: source.capabilities, details: {} }),
    read(request: ReadRequest, context: ReadContext) {
      const p = compileQueryPredicate(request.query, { now: context.now });
      return {
        sorted: false,
        limited: false,
        batches: (async function* () {
          for await (const batch of batches(events, size)) {
            context.stats.scanned += batch.length;
            yield batch.filter(p);
          }
        })(),
      };
    },
    fields: async () => [],
  };
  return source;
}

/** Warnings of a run, with counts by code. */
export interface RunWarnings {
  toArray(): Warning[];
  count(code: string): number;
}

/**
 * Run one registered operator as a pipeline step (params validated, partition order applied by the runner) over
 * events read in batches of `size`; return its rows or events and its warnings.
 */
export async function run(name: string, params: Record<string, unknown>, events: readonly CanonicalEvent[], size = 3): Promise<{ out: unknown[]; warnings: RunWarnings }> {
  const source = memorySource(events, size);
  const handle = startPipeline({ steps: [{ op: name, ...params }] }, { registry, defaultSource: 'mem', now: 0, resolveSource: () => source });
  const out = await collect(handle.result.batches as AsyncIterable<readonly unknown[]>);
  const list = handle.finish().warnings;
  return { out, warnings: { toArray: () => list, count: (code) => list.filter((w) => w.code === code).reduce((s, w) => s + w.count, 0) } };
}

/** Events as [id, ...values] for compact assertions; `attrs.x` reads a derived attribute. */
export const brief = (out: unknown[], ...keys: string[]): unknown[] =>
  (out as CanonicalEvent[]).map((e) => [e.id, ...keys.map((k) => (k.startsWith('attrs.') ? e.attrs?.[k.slice(6)] : (e as unknown as Record<string, unknown>)[k]))]);
