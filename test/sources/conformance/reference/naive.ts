/**
 * The independent reference's building blocks: reading UserALE documents, field values, value comparison and
 * time arithmetic, written from the documented semantics (docs/queries.md, query-schema.ts doc comments, the
 * Elasticsearch conventions listed in docs/architecture.md) WITHOUT importing Distill's code — only its types.
 * Deliberately naive: plain loops, no compilation, no caching, no fast paths. Slow is fine; obviously right is the
 * point. When Distill and this file disagree, one of them is wrong: read the documentation, fix the wrong one.
 */
import type { CanonicalEvent } from '../../../../src/core/event.js';

export type Doc = Record<string, unknown>;

const DAY = 86_400_000;

// ── times ──────────────────────────────────────────────────────────────────────────────────────────────────

/** ISO 8601 date or date-time; no zone means UTC. Returns epoch ms or undefined. */
export function isoToMs(text: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return undefined;
  // Years 0–99 are years 0–99 (Date.UTC would read them as 1900–1999): count from year 2000 in whole 400-year cycles.
  const cycles = Math.floor((Number(y) - 2000) / 400);
  let t = Date.UTC(Number(y) - cycles * 400, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + cycles * 146_097 * 86_400_000;
  if (frac !== undefined) t += Number(`0.${frac}`) * 1000;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const hh = Number(zone.slice(1, 3));
    const mm = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    t -= sign * (hh * 60 + mm) * 60_000;
  }
  return t;
}

/** A document time value read as `auto`: numbers and numeric text are epoch ms, other text ISO 8601. */
export function docTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return isoToMs(value);
}

interface Civil {
  y: number;
  M: number; // 0-11
  d: number; // 1-31
  h: number;
  m: number;
  s: number;
  ms: number; // may carry a fraction
}

function toCivil(t: number): Civil {
  const whole = Math.floor(t);
  const x = new Date(whole);
  return { y: x.getUTCFullYear(), M: x.getUTCMonth(), d: x.getUTCDate(), h: x.getUTCHours(), m: x.getUTCMinutes(), s: x.getUTCSeconds(), ms: x.getUTCMilliseconds() + (t - whole) };
}

function fromCivil(c: Civil): number {
  return Date.UTC(c.y, c.M, c.d, c.h, c.m, c.s, 0) + c.ms;
}

function daysInMonth(y: number, M: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][M]!;
}

/**
 * Date math, Elasticsearch style: `now` or `<ISO>||`, then `+N<unit>`, `-N<unit>`, `/<unit>` (round down, UTC).
 * Units y M w d h H m s; months clamp to the month's last day; weeks start on Monday.
 */
export function dateMath(text: string | number, now: number): number | undefined {
  if (typeof text === 'number') return text;
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  let t: number | undefined;
  let rest: string;
  if (trimmed.startsWith('now')) {
    t = now;
    rest = trimmed.slice(3);
  } else if (trimmed.includes('||')) {
    t = isoToMs(trimmed.slice(0, trimmed.indexOf('||')));
    rest = trimmed.slice(trimmed.indexOf('||') + 2);
  } else return isoToMs(trimmed);
  if (t === undefined) return undefined;
  while (rest.length > 0) {
    const op = /^([+-]\d+|\/)([yMwdhHms])/.exec(rest);
    if (op === null) return undefined;
    rest = rest.slice(op[0].length);
    const unit = op[2]!;
    const c = toCivil(t);
    if (op[1] === '/') {
      if (unit === 'y') Object.assign(c, { M: 0, d: 1, h: 0, m: 0, s: 0, ms: 0 });
      else if (unit === 'M') Object.assign(c, { d: 1, h: 0, m: 0, s: 0, ms: 0 });
      else if (unit === 'w' || unit === 'd') Object.assign(c, { h: 0, m: 0, s: 0, ms: 0 });
      else if (unit === 'h' || unit === 'H') Object.assign(c, { m: 0, s: 0, ms: 0 });
      else if (unit === 'm') Object.assign(c, { s: 0, ms: 0 });
      else c.ms = 0;
      t = fromCivil(c);
      if (unit === 'w') t -= mondayOffset(t) * DAY;
      continue;
    }
    const n = Number(op[1]);
    if (unit === 'y' || unit === 'M') {
      const months = c.y * 12 + c.M + (unit === 'y' ? 12 * n : n);
      c.y = Math.floor(months / 12);
      c.M = months - c.y * 12;
      c.d = Math.min(c.d, daysInMonth(c.y, c.M));
      t = fromCivil(c);
    } else {
      const size = { w: 7 * DAY, d: DAY, h: 3_600_000, H: 3_600_000, m: 60_000, s: 1000 }[unit]!;
      t += n * size;
    }
  }
  return t;
}

/** Days since the Monday on or before the UTC day holding t (1970-01-01 was a Thursday). */
export function mondayOffset(t: number): number {
  const day = Math.floor(t / DAY);
  return (((day + 3) % 7) + 7) % 7;
}

// ── reading documents ──────────────────────────────────────────────────────────────────────────────────────

/** Walk a dotted path; through arrays of objects the values of every element are collected. */
export function docPath(doc: unknown, path: string): unknown {
  let current: unknown[] = [doc];
  let fromArray = false;
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const c of current) {
      if (Array.isArray(c) && /^\d+$/.test(part)) next.push(c[Number(part)]);
      else if (Array.isArray(c)) {
        fromArray = true;
        for (const el of c) if (el !== null && typeof el === 'object' && !Array.isArray(el)) next.push((el as Doc)[part]);
      } else if (c !== null && typeof c === 'object') next.push((c as Doc)[part]);
    }
    current = next.filter((v) => v !== undefined);
    if (current.length === 0) return undefined;
  }
  if (!fromArray) return current[0];
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function roleText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function firstText(doc: Doc, fields: readonly string[]): string | undefined {
  for (const f of fields) {
    const v = roleText(doc[f]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * A UserALE document as the canonical event, by the rules of the `userale` preset (docs/schemas.md): time is
 * clientTime (+ microTime) else startTime; end is endTime; session is sessionId else sessionID; roles hold text;
 * empty strings, null, arrays and objects are no value.
 */
export function useraleEvent(doc: Doc, id: string): CanonicalEvent {
  let time = docTime(doc.clientTime);
  if (time !== undefined && typeof doc.microTime === 'number' && Number.isFinite(doc.microTime)) time += doc.microTime;
  if (time === undefined) time = docTime(doc.startTime);
  let path: string[] | undefined;
  if (Array.isArray(doc.path) && doc.path.length > 0) path = doc.path.map((x) => roleText(x) ?? String(x));
  else if (roleText(doc.path) !== undefined) path = [roleText(doc.path)!];
  return {
    id,
    time,
    end: docTime(doc.endTime),
    user: firstText(doc, ['userId']),
    session: firstText(doc, ['sessionId', 'sessionID']),
    type: firstText(doc, ['type']),
    target: firstText(doc, ['target']),
    path,
    page: firstText(doc, ['pageUrl']),
    kind: firstText(doc, ['logType']),
    doc,
  };
}

const ROLE_NAMES = new Set(['id', 'time', 'end', 'user', 'session', 'type', 'target', 'path', 'page', 'kind']);

/**
 * A field of an event: `doc.x` the document's x; `attrs.x` the derived attribute x; a role by name; anything else
 * the derived attribute of that name when the event has one (own property), else the document path.
 */
export function fieldOf(event: CanonicalEvent, field: string): unknown {
  const attrs = (event as { attrs?: Record<string, unknown> }).attrs;
  const attr = (name: string): unknown => (attrs !== undefined && Object.prototype.hasOwnProperty.call(attrs, name) ? attrs[name] : undefined);
  if (field.startsWith('doc.')) return docPath(event.doc, field.slice(4));
  if (field.startsWith('attrs.')) return attr(field.slice(6));
  if (ROLE_NAMES.has(field)) return (event as unknown as Record<string, unknown>)[field];
  if (attrs !== undefined && Object.prototype.hasOwnProperty.call(attrs, field)) return attrs[field];
  return docPath(event.doc, field);
}

export function isTimeField(field: string): boolean {
  return field === 'time' || field === 'end';
}

// ── values ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The values a field holds for matching: none for null, undefined, [] and {}; the elements of arrays. */
export function valuesOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v));
  if (typeof value === 'object' && Object.keys(value).length === 0) return [];
  return [value];
}

function numberOfText(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Equality across number / text / boolean: 5 equals "5" and "5.0", true equals "true". */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a === typeof b) return a === b;
  if (typeof a === 'number' && typeof b === 'string') return numberOfText(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return numberOfText(a) === b;
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'boolean') return a === String(b);
  return false;
}

/** Code-point order of two strings (UTF-8 byte order). */
export function codePointOrder(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Order for range tests: numbers numerically (numeric text against a number too), text by code point, booleans. */
export function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number' && typeof b === 'string') return numberOfText(b) === undefined ? undefined : a - numberOfText(b)!;
  if (typeof a === 'string' && typeof b === 'number') return numberOfText(a) === undefined ? undefined : numberOfText(a)! - b;
  if (typeof a === 'string' && typeof b === 'string') return codePointOrder(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

type Sortable = number | string | boolean;

function sortRank(v: Sortable): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
}

function sortCompare(a: Sortable, b: Sortable): number {
  if (sortRank(a) !== sortRank(b)) return sortRank(a) - sortRank(b);
  if (typeof a === 'string') return codePointOrder(a, b as string);
  return Number(a) - Number(b);
}

/** What a field sorts by: its smallest value ascending, its largest descending (numbers < text < booleans). */
export function sortKey(value: unknown, descending: boolean): Sortable | undefined {
  const xs = valuesOf(value).filter((v): v is Sortable => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean');
  if (xs.length === 0) return undefined;
  return xs.reduce((best, x) => ((descending ? sortCompare(x, best) > 0 : sortCompare(x, best) < 0) ? x : best));
}

/** Compare sort keys: missing last in both directions. */
export function compareKeys(a: Sortable | undefined, b: Sortable | undefined, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return descending ? -sortCompare(a, b) : sortCompare(a, b);
}

/** A stable merge sort, so the order of ties is the input order by construction. */
export function stableSort<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const mid = Math.floor(items.length / 2);
  const left = stableSort(items.slice(0, mid), compare);
  const right = stableSort(items.slice(mid), compare);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(compare(right[j]!, left[i]!) < 0 ? right[j++]! : left[i++]!);
  return [...out, ...left.slice(i), ...right.slice(j)];
}
