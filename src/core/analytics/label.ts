import type { CanonicalEvent } from '../event.js';
import { InvalidArgumentError } from '../errors.js';

/** Turns an event into a node label, or `null` when the event has no label (it is then left out of sequences). */
export type Labeler = (event: CanonicalEvent) => string | null;

/** Reads one field of an event (role, derived attribute or document path — the caller resolves names). */
export type FieldResolver = (field: string) => (event: CanonicalEvent) => unknown;

const PLACEHOLDER = /\{([^{}]+)\}/g;

/**
 * Compile a label spec: a field name (`target`, `page`, `attrs.segment`, `details.id`) or a template with fields in
 * braces (`{type}:{target}`). Values render as text: strings verbatim, numbers and booleans with `String`, arrays
 * (UserALE `path`, innermost first) joined with ` < `, objects as JSON. An event missing any field of the spec has
 * no label (`null`) and is left out of sequences. Cost: one getter per field, built once.
 *
 * @throws DistillError `invalid_argument` for an empty spec, an empty `{}` placeholder or unbalanced braces
 * @example compileLabel('{type}:{target}', resolve)(clickOnBuy) // "click:button#buy"
 */
export function compileLabel(spec: string, resolve: FieldResolver): Labeler {
  if (spec.trim() === '') throw new InvalidArgumentError('A label spec must name a field or be a template like "{type}:{target}".');
  if (!spec.includes('{')) {
    const get = resolve(spec);
    return (e) => render(get(e));
  }
  if (/[{}]/.test(spec.replace(PLACEHOLDER, (m) => (m.slice(1, -1).trim() === '' ? '{}' : '')))) {
    throw new InvalidArgumentError(`Label template ${JSON.stringify(spec)} has an empty or unbalanced {} placeholder; write fields in braces, e.g. "{type}:{target}".`);
  }
  const parts: (string | ((e: CanonicalEvent) => unknown))[] = [];
  let last = 0;
  for (const m of spec.matchAll(PLACEHOLDER)) {
    const field = m[1]!.trim();
    if (field === '') throw new InvalidArgumentError(`Label template ${JSON.stringify(spec)} has an empty {} placeholder.`);
    if (m.index > last) parts.push(spec.slice(last, m.index));
    parts.push(resolve(field));
    last = m.index + m[0].length;
  }
  if (last < spec.length) parts.push(spec.slice(last));
  return (e) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else {
        const v = render(p(e));
        if (v === null) return null;
        out += v;
      }
    }
    return out;
  };
}

/** The fields a label spec reads (for operators' `fields` declaration). */
export function labelFields(spec: string): string[] {
  if (!spec.includes('{')) return [spec];
  return [...spec.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim());
}

function render(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? null : v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' < ');
  return JSON.stringify(v);
}
