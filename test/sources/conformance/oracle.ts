import type { CanonicalEvent } from '../../../src/core/event.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';
import { runPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import { compileQueryPredicate } from '../../../src/core/query/compile-predicate.js';
import { compileProjection } from '../../../src/core/query/project-event.js';
import { isMappingFailure } from '../../../src/core/schema/compile-mapping.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../../src/core/source.js';
import type { Dataset } from './dataset.js';

const registry = createRegistry();

/**
 * The reference every source is held to: the dataset's documents mapped by the core mapper and filtered,
 * projected, sorted and aggregated by the core's in-memory code, with no I/O at all.
 */
export function oracleSource(dataset: Dataset): EventSource {
  const map = resolveMapping('userale').map;
  const events: CanonicalEvent[] = [];
  dataset.docs.forEach((doc, i) => {
    const e = map(doc, dataset.ids[i]!);
    if (!isMappingFailure(e)) events.push(e);
  });
  const source: EventSource = {
    id: 'oracle',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'oracle', kind: 'memory', schema: 'userale', capabilities: source.capabilities, details: {} }),
    read({ query }, context) {
      const predicate = compileQueryPredicate(query, { now: context.now });
      const project = query.fields === undefined ? undefined : compileProjection(query.fields);
      return {
        sorted: false,
        limited: false,
        batches: (async function* () {
          const out: CanonicalEvent[] = [];
          for (const e of events) {
            context.stats.scanned++;
            if (e.time === undefined) context.warnings.add({ code: 'missing_time', message: 'untimed' });
            if (!predicate(e)) continue;
            context.stats.matched++;
            out.push(project === undefined ? e : project(e));
          }
          yield out;
        })(),
      };
    },
    fields: async () => [],
  };
  return source;
}

/** Run a pipeline over a source with the conformance suite's fixed `now`. */
export function runOn(source: EventSource, pipeline: Record<string, unknown>, now: number): Promise<Envelope> {
  return runPipeline(pipeline, { registry, resolveSource: () => source, defaultSource: source.id, now });
}
