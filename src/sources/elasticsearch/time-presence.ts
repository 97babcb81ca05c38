import type { ResolvedMapping } from '../../core/schema/resolve-mapping.js';
import { exact, exists, or, type EsQuery } from './dsl-node.js';
import type { ReadEnv } from './read-events.js';

/** Documents with a time (any time field of the mapping), when every time field is a date field. */
export function hasTimeQuery(env: Pick<ReadEnv, 'mapping' | 'catalog'>): EsQuery | undefined {
  const fields = env.mapping.mapping.time.map((t) => t.field);
  const specs = fields.map((f) => env.catalog.fields.get(f));
  if (specs.some((s, i) => (s === undefined ? !env.catalog.isAbsent(fields[i]!) : s.family !== 'date'))) return undefined;
  const q = or(fields.filter((_, i) => specs[i] !== undefined).map((f) => exact(exists(f)))).q;
  return q === true ? undefined : q === false ? { match_none: {} } : q;
}

/** The `missing_time` message for events kept without a time. */
export function untimedMessage(mapping: ResolvedMapping): string {
  const fields = mapping.mapping.time.map((t) => t.field).join(', ');
  return `Events with no usable time (${fields}) were kept without one: they count, time ranges exclude them, sorting by time puts them last.`;
}

