import type { CanonicalEvent } from '../event.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { compilePath } from '../field-path.js';
import { pairEvents, type PairOptions } from './pair-events.js';

/** One interval record. */
export interface IntervalRecord {
  /** `pair` (built from a start and an end event) or `logged` (a UserALE `interval` log read as it is). */
  readonly source: 'pair' | 'logged';
  readonly start: number | null;
  readonly end: number | null;
  /** Milliseconds; for logged intervals the log's own `duration` (negative with real clocks — kept, not fixed). */
  readonly duration: number | null;
  /** Pairs: events from the start to the end inclusive; logged: the log's `count` (events it summarises). */
  readonly count: number | null;
  readonly startId: string;
  readonly endId: string;
  /** Values of the requested fields, from the start event (pairs) or the log. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Interval records from start/end pairs (see `pairEvents`): start and end times, `end - start`, the number of
 * events from start to end inclusive. Either time missing (untimed events) gives null times and duration.
 * Cost: O(n).
 *
 * @example pairIntervals([ev('f', 0, { type: 'focus' }), ev('k', 2), ev('b', 5, { type: 'blur' })], { start: isFocus, end: isBlur, match: [] }, ['type'])
 * // → [{ source: 'pair', start: 0, end: 5, duration: 5, count: 3, startId: 'f', endId: 'b', fields: { type: 'focus' } }]
 */
export function pairIntervals(events: readonly CanonicalEvent[], options: PairOptions, fields: readonly string[]): IntervalRecord[] {
  const getters = fields.map((f) => [f, fieldGetter(resolveFieldRef(f))] as const);
  return pairEvents(events, options).pairs.map(([i, j]) => {
    const a = events[i]!;
    const b = events[j]!;
    const start = a.time ?? null;
    const end = b.time ?? null;
    return {
      source: 'pair',
      start,
      end,
      duration: start === null || end === null ? null : end - start,
      count: j - i + 1,
      startId: a.id,
      endId: b.id,
      fields: Object.fromEntries(getters.map(([f, g]) => [f, g(a) ?? null])),
    };
  });
}

const START_TIME = compilePath('startTime');
const END_TIME = compilePath('endTime');
const DURATION = compilePath('duration');
const COUNT = compilePath('count');

/**
 * Read UserALE's own interval logs (`logType: interval`) faithfully: `startTime`, `endTime`, `duration` and
 * `count` straight from the document (numbers, or numeric strings), never recomputed or clamped — real clocks
 * give negative durations and they are reported as logged. When `duration` is absent it is `endTime - startTime`.
 * Events whose kind is not `interval` are ignored. Cost: O(n).
 *
 * @example loggedIntervals([ev('i', 100, { kind: 'interval' }, { startTime: 100, endTime: 90, duration: -10, count: 2 })], [])
 * // → [{ source: 'logged', start: 100, end: 90, duration: -10, count: 2, startId: 'i', endId: 'i', fields: {} }]
 */
export function loggedIntervals(events: readonly CanonicalEvent[], fields: readonly string[]): IntervalRecord[] {
  const getters = fields.map((f) => [f, fieldGetter(resolveFieldRef(f))] as const);
  const out: IntervalRecord[] = [];
  for (const e of events) {
    if (e.kind !== 'interval') continue;
    const start = num(START_TIME(e.doc)) ?? e.time ?? null;
    const end = num(END_TIME(e.doc)) ?? e.end ?? null;
    const logged = num(DURATION(e.doc));
    out.push({
      source: 'logged',
      start,
      end,
      duration: logged ?? (start === null || end === null ? null : end - start),
      count: num(COUNT(e.doc)) ?? null,
      startId: e.id,
      endId: e.id,
      fields: Object.fromEntries(getters.map(([f, g]) => [f, g(e) ?? null])),
    });
  }
  return out;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
