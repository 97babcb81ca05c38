import type { CanonicalEvent } from '../../../src/core/event.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { collectRun, startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';
import { compileQueryPredicate } from '../../../src/core/query/compile-predicate.js';
import type { EventSource, ReadContext, ReadRequest } from '../../../src/core/source.js';
import { batches } from '../../helpers/events.js';

/**
 * An unsorted in-memory source that records each read request (query, needed paths) and how many events it gave
 * out, for tests of what a step asks of the source. It filters by the query (it cannot sort: the runner must).
 */
export function recordingSource(events: readonly CanonicalEvent[], batchSize = 2): { source: EventSource; reads: ReadRequest[]; given: () => number } {
  const reads: ReadRequest[] = [];
  let given = 0;
  const source: EventSource = {
    id: 'mem',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: source.capabilities, details: {} }),
    read(request: ReadRequest, context: ReadContext) {
      reads.push(request);
      const keep = compileQueryPredicate(request.query, { now: context.now });
      return {
        sorted: false,
        limited: false,
        batches: (async function* () {
          for await (const batch of batches(events, batchSize)) {
            given += batch.length;
            yield batch.filter(keep);
          }
        })(),
      };
    },
    fields: async () => [],
  };
  return { source, reads, given: () => given };
}

/** Run a single-output pipeline over a recording source with the built-in operators. */
export async function runRecorded(source: EventSource, pipeline: unknown): Promise<Envelope> {
  const env = await collectRun(startPipeline(pipeline, { registry: createRegistry(), defaultSource: 'mem', now: Date.UTC(2024, 0, 1), resolveSource: () => source }));
  if (!('result' in env)) throw new Error('expected a single-output run');
  return env;
}
