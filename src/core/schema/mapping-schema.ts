import { z } from 'zod';

/**
 * The schema-mapping language: which source fields fill which canonical roles. Plain JSON, so a new data source
 * needs a new mapping block in the config file, not new code (requirement #1).
 *
 * Every role lists one or more candidate fields; the first one holding a usable value wins (UserALE writes
 * `sessionId` in current versions and `sessionID` in older ones, so the preset lists both). Time roles may name a
 * format per field and a `fraction` field added to it (UserALE's `microTime`, a fraction of a millisecond).
 */

export const TIME_FORMATS = ['auto', 'epoch_ms', 'epoch_s', 'iso'] as const;

const fieldName = z.string().min(1, 'A field name cannot be empty.');

const fieldList = z
  .union([fieldName, z.array(fieldName).min(1, 'List at least one field.')])
  .describe('A field (dotted path into the source document) or a list of fallbacks, first usable value wins.');

const timeField = z.union([
  fieldName,
  z.strictObject({
    field: fieldName.describe('Dotted path of the field holding the time.'),
    format: z.enum(TIME_FORMATS).optional().describe('How the field encodes time; defaults to the mapping\'s timeFormat.'),
    fraction: fieldName
      .optional()
      .describe('A numeric field added to the time in milliseconds (UserALE microTime: a fraction of a millisecond).'),
  }),
]);

const timeFieldList = z.union([timeField, z.array(timeField).min(1, 'List at least one field.')]);

/** Zod schema of a schema mapping: for each role, the document fields to try in order. */
export const MappingSchema = z
  .strictObject({
    description: z.string().optional().describe('What data this mapping reads.'),
    id: fieldList.optional().describe('Field holding a unique event id; when absent the source supplies one.'),
    time: timeFieldList.describe('Event time: fields tried in order; documents with none keep no time (see requireTime).'),
    end: timeFieldList.optional().describe('End time, for events that span an interval.'),
    timeFormat: z.enum(TIME_FORMATS).default('auto').describe('Default time encoding: epoch_ms, epoch_s, iso or auto.'),
    requireTime: z
      .boolean()
      .default(false)
      .describe('Skip (and report) documents with no usable time instead of keeping them without one.'),
    user: fieldList.optional().describe('User id.'),
    session: fieldList.optional().describe('Session id.'),
    type: fieldList.optional().describe('Event type (click, focus, a custom name).'),
    target: fieldList.optional().describe('Target element or object.'),
    path: fieldList.optional().describe('Path (array of strings, innermost first), or a string split by pathSeparator.'),
    pathSeparator: z.string().min(1).optional().describe('Split a string path on this separator.'),
    page: fieldList.optional().describe('Page URL or screen.'),
    kind: fieldList.optional().describe('Log kind (UserALE logType).'),
  })
  .describe('How a source document maps onto the canonical event.');

/** A schema mapping as written in a config (before defaults). */
export type MappingInput = z.input<typeof MappingSchema>;
/** A parsed schema mapping (defaults applied). */
export type Mapping = z.output<typeof MappingSchema>;

/** One candidate time field, normalised. */
export interface TimeField {
  readonly field: string;
  readonly format: (typeof TIME_FORMATS)[number];
  readonly fraction?: string | undefined;
}

/** A mapping with every role as a list (empty when unmapped): what compilers and adapters consume. */
export interface NormalizedMapping {
  readonly description?: string | undefined;
  readonly id: readonly string[];
  readonly time: readonly TimeField[];
  readonly requireTime: boolean;
  readonly end: readonly TimeField[];
  readonly user: readonly string[];
  readonly session: readonly string[];
  readonly type: readonly string[];
  readonly target: readonly string[];
  readonly path: readonly string[];
  readonly pathSeparator?: string | undefined;
  readonly page: readonly string[];
  readonly kind: readonly string[];
}

/** Normalise a validated mapping once, at the boundary; nothing downstream re-checks it. */
export function normalizeMapping(mapping: Mapping): NormalizedMapping {
  const list = (v: string | readonly string[] | undefined): readonly string[] =>
    v === undefined ? [] : typeof v === 'string' ? [v] : v;
  const times = (v: Mapping['time'] | undefined): TimeField[] => {
    if (v === undefined) return [];
    const arr = Array.isArray(v) ? v : [v];
    return arr.map((t) =>
      typeof t === 'string'
        ? { field: t, format: mapping.timeFormat }
        : { field: t.field, format: t.format ?? mapping.timeFormat, fraction: t.fraction },
    );
  };
  return {
    description: mapping.description,
    id: list(mapping.id),
    time: times(mapping.time),
    requireTime: mapping.requireTime,
    end: times(mapping.end),
    user: list(mapping.user),
    session: list(mapping.session),
    type: list(mapping.type),
    target: list(mapping.target),
    path: list(mapping.path),
    pathSeparator: mapping.pathSeparator,
    page: list(mapping.page),
    kind: list(mapping.kind),
  };
}
