import { MalformedInputError } from '../../core/errors.js';
import type { CanonicalEvent } from '../../core/event.js';
import { compileCondition } from '../../core/query/compile-predicate.js';
import { compileProjection } from '../../core/query/project-event.js';
import type { Query } from '../../core/query/query-schema.js';
import { isMappingFailure } from '../../core/schema/compile-mapping.js';
import type { ReadContext } from '../../core/source.js';
import type { CompiledQuery } from './compile-query-dsl.js';
import type { Hit } from './pit-reader.js';
import type { ReadEnv } from './read-events.js';
import { untimedMessage } from './time-presence.js';

/** Appends the events of a page of hits to `out`. */
export type Convert = (hits: readonly Hit[], out: CanonicalEvent[]) => void;

/**
 * Map hits to events, apply the residual and the projection, update the stats (`scanned` every hit, `skipped`
 * unmappable ones, `matched` those the residual keeps) and the warnings (`missing_time` per untimed event when
 * `warnUntimed`; the mapping failure's code), and report progress after each page.
 *
 * @throws MalformedInputError for an unmappable document when the read is strict.
 */
export function hitConverter(env: Pick<ReadEnv, 'mapping'>, query: Query, compiled: CompiledQuery, context: ReadContext, total: () => number, warnUntimed: boolean): Convert {
  const map = env.mapping.map;
  const residual = compiled.residual === undefined ? undefined : compileCondition<CanonicalEvent>(compiled.residual, { now: context.now });
  const project = query.fields === undefined ? undefined : compileProjection(query.fields);
  const untimed = untimedMessage(env.mapping);
  const stats = context.stats;
  return (hits, out) => {
    for (const hit of hits) {
      stats.scanned++;
      const event = map(hit._source ?? {}, hit._id);
      if (isMappingFailure(event)) {
        stats.skipped++;
        if (context.strict) throw new MalformedInputError(`Document ${hit._id} cannot be mapped (${event.failure}).`, { details: { id: hit._id } });
        context.warnings.add({ code: event.failure, message: `Documents that cannot be mapped (${event.failure}) were skipped.` });
        continue;
      }
      if (warnUntimed && event.time === undefined) context.warnings.add({ code: 'missing_time', message: untimed });
      if (residual !== undefined && !residual(event)) continue;
      stats.matched++;
      out.push(project === undefined ? event : project(event));
    }
    context.onProgress?.({ done: stats.scanned, total: total(), unit: 'documents' });
  };
}

