import { parseIso } from './parse-iso.js';

/**
 * Resolve a time bound written as epoch ms, ISO 8601 or Elasticsearch-style date math to epoch milliseconds.
 *
 * Date math: an anchor (`now`, or an ISO date followed by `||`), then any number of `+N<unit>` / `-N<unit>`
 * offsets and `/<unit>` roundings (down, to the start of the unit, in UTC). Units: `y` years, `M` months,
 * `w` weeks (ISO, Monday first), `d` days, `h`/`H` hours, `m` minutes, `s` seconds. Because Distill's time
 * ranges are half-open (`from` inclusive, `to` exclusive), rounding down is right for both ends:
 * `{ from: 'now-7d/d', to: 'now/d' }` is the seven whole days before today.
 *
 * Returns `undefined` when the text is not a time, or when the anchor or any step of the math falls outside the
 * Date range (`now+300000y`); callers turn that into an `invalid_query` issue.
 *
 * @example resolveTimeBound('now-1d/d', Date.UTC(2024, 4, 2, 15)) // → Date.UTC(2024, 4, 1)
 * @example resolveTimeBound('2024-05-01||+1M', 0) // → Date.UTC(2024, 5, 1)
 */
export function resolveTimeBound(value: string | number, now: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = value.trim();
  if (/^-?\d+(?:\.\d+)?$/.test(text)) return Number(text);
  let anchor: number | undefined;
  let rest: string;
  if (text.startsWith('now')) {
    anchor = now;
    rest = text.slice(3);
  } else {
    const bar = text.indexOf('||');
    if (bar < 0) return parseIso(text);
    anchor = parseIso(text.slice(0, bar));
    rest = text.slice(bar + 2);
  }
  if (anchor === undefined || !isDateTime(anchor)) return undefined;
  return applyMath(anchor, rest);
}

const STEP = /([+-])(\d+)([yMwdhHms])|\/([yMwdhHms])/y;

function applyMath(anchor: number, math: string): number | undefined {
  let t = anchor;
  STEP.lastIndex = 0;
  let pos = 0;
  while (pos < math.length) {
    STEP.lastIndex = pos;
    const m = STEP.exec(math);
    if (m === null) return undefined;
    pos = STEP.lastIndex;
    const [, sign, amount, unit, roundUnit] = m;
    if (roundUnit !== undefined) t = roundDown(t, roundUnit);
    else t = add(t, (sign === '-' ? -1 : 1) * Number(amount), unit as string);
    // Beyond JavaScript's Date range (±8.64e15 ms, about ±275,000 years) there is no calendar to count in.
    if (!isDateTime(t)) return undefined;
  }
  return t;
}

/** Largest absolute epoch-ms a JavaScript Date can hold (ECMAScript §21.4.1.1). */
export const MAX_DATE_MS = 8.64e15;

/** `t` is an instant a Date can represent. */
export function isDateTime(t: number): boolean {
  return Number.isFinite(t) && Math.abs(t) <= MAX_DATE_MS;
}

function add(t: number, n: number, unit: string): number {
  switch (unit) {
    case 'y':
      return addMonths(t, 12 * n);
    case 'M':
      return addMonths(t, n);
    case 'w':
      return t + n * 7 * DAY;
    case 'd':
      return t + n * DAY;
    case 'h':
    case 'H':
      return t + n * 3_600_000;
    case 'm':
      return t + n * 60_000;
    default:
      return t + n * 1000;
  }
}

/** Add calendar months, clamping the day to the target month's last day (Jan 31 + 1M = Feb 29), as Elasticsearch and pandas do. */
function addMonths(t: number, n: number): number {
  const d = new Date(t);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()) + (t - Math.floor(t));
}

function roundDown(t: number, unit: string): number {
  const d = new Date(t);
  switch (unit) {
    case 'y':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
    case 'M':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'w': {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
      return day - weekday * DAY;
    }
    case 'd':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'h':
    case 'H':
      return Math.floor(t / 3_600_000) * 3_600_000;
    case 'm':
      return Math.floor(t / 60_000) * 60_000;
    default:
      return Math.floor(t / 1000) * 1000;
  }
}

const DAY = 86_400_000;
