import type { CanonicalEvent, Doc } from '../event.js';
import { compilePath } from '../field-path.js';
import { parseTimeValue } from '../time/parse-time-value.js';
import type { NormalizedMapping, TimeField } from './mapping-schema.js';

/** Why a document could not become a canonical event. */
export type MappingFailureReason = 'not_an_object' | 'missing_time';

/** Why a document could not become a canonical event (see {@link isMappingFailure}). */
export interface MappingFailure {
  readonly failure: MappingFailureReason;
}

/** Maps one source document to a canonical event, or says why it cannot. */
export type DocumentMapper = (doc: unknown, fallbackId: string) => CanonicalEvent | MappingFailure;

const NOT_AN_OBJECT: MappingFailure = Object.freeze({ failure: 'not_an_object' });
const MISSING_TIME: MappingFailure = Object.freeze({ failure: 'missing_time' });

/** True when a mapper result is a failure rather than an event. */
export function isMappingFailure(value: CanonicalEvent | MappingFailure): value is MappingFailure {
  return (value as MappingFailure).failure !== undefined;
}

/**
 * Compile a normalised mapping into a fast per-document function. Field getters are built once; per document the
 * cost is one lookup per candidate field until one holds a value, and one object allocation.
 *
 * String roles take strings as they are, and numbers or booleans as their decimal text; null, empty strings,
 * arrays and objects count as absent (the next fallback is tried). The path role takes an array of strings, or a
 * string split on `pathSeparator` (kept whole when none is set).
 *
 * @example
 * const map = compileMapping(normalizeMapping(MappingSchema.parse(USERALE_MAPPING)));
 * map({ clientTime: 1700000000000, microTime: 0.25, type: 'click', userId: null }, 'f.ndjson:1')
 * // → { id: 'f.ndjson:1', time: 1700000000000.25, type: 'click', user: undefined, …, doc: {…} }
 */
export function compileMapping(mapping: NormalizedMapping): DocumentMapper {
  const id = stringRole(mapping.id);
  const time = timeRole(mapping.time);
  const end = timeRole(mapping.end);
  const user = stringRole(mapping.user);
  const session = stringRole(mapping.session);
  const type = stringRole(mapping.type);
  const target = stringRole(mapping.target);
  const page = stringRole(mapping.page);
  const kind = stringRole(mapping.kind);
  const path = pathRole(mapping.path, mapping.pathSeparator);
  const requireTime = mapping.requireTime;

  return (doc, fallbackId) => {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return NOT_AN_OBJECT;
    const t = time(doc);
    if (t === undefined && requireTime) return MISSING_TIME;
    return {
      id: id(doc) ?? fallbackId,
      time: t,
      end: end(doc),
      user: user(doc),
      session: session(doc),
      type: type(doc),
      target: target(doc),
      path: path(doc),
      page: page(doc),
      kind: kind(doc),
      doc: doc as Doc,
    };
  };
}

type Getter<T> = (doc: object) => T | undefined;

const NONE: Getter<never> = () => undefined;

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

function stringRole(fields: readonly string[]): Getter<string> {
  if (fields.length === 0) return NONE;
  const getters = fields.map(compilePath);
  if (getters.length === 1) {
    const only = getters[0]!;
    return (doc) => asString(only(doc));
  }
  return (doc) => {
    for (const get of getters) {
      const v = asString(get(doc));
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

function timeRole(fields: readonly TimeField[]): Getter<number> {
  if (fields.length === 0) return NONE;
  const getters = fields.map((f) => {
    const get = compilePath(f.field);
    const fraction = f.fraction === undefined ? undefined : compilePath(f.fraction);
    const format = f.format;
    return (doc: object): number | undefined => {
      const t = parseTimeValue(get(doc), format);
      if (t === undefined || fraction === undefined) return t;
      const frac = fraction(doc);
      return typeof frac === 'number' && Number.isFinite(frac) ? t + frac : t;
    };
  });
  return (doc) => {
    for (const get of getters) {
      const t = get(doc);
      if (t !== undefined) return t;
    }
    return undefined;
  };
}

function pathRole(fields: readonly string[], separator: string | undefined): Getter<readonly string[]> {
  if (fields.length === 0) return NONE;
  const getters = fields.map(compilePath);
  return (doc) => {
    for (const get of getters) {
      const v = get(doc);
      if (Array.isArray(v)) {
        if (v.length === 0) continue;
        return v.every((x) => typeof x === 'string') ? (v as string[]) : v.map((x) => asString(x) ?? String(x));
      }
      const s = asString(v);
      if (s !== undefined) return separator === undefined ? [s] : s.split(separator);
    }
    return undefined;
  };
}
