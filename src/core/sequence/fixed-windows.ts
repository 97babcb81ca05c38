import type { CanonicalEvent } from '../event.js';
import { InvalidPipelineError } from '../errors.js';
import { timedEvents, windowSegment, type Closed, type Segment } from './segment.js';

export interface FixedOptions {
  /** Window width in milliseconds (> 0). */
  readonly size: number;
  /** `first`: windows start at the partition's first event time; `clock`: at multiples of `size` since the Unix epoch (UTC). */
  readonly align: 'first' | 'clock';
  /** Keep only complete windows: those lying inside `[first event time, last event time]`. */
  readonly trim: boolean;
  /** Keep windows without events (they are listed between non-empty ones; never before the first or after the last). */
  readonly keepEmpty: boolean;
  readonly closed: Closed;
  readonly label: string;
  /** Refuse to produce more windows than this for one partition (a 1 ms width over a week is a mistake). */
  readonly maxWindows: number;
}

/**
 * Consecutive windows of a fixed width over a partition's timed events (Flagon Distill's
 * `generate_fixed_time_segments`). Windows `[origin + k·size, origin + (k+1)·size)` for k = 0, 1, … while the
 * window starts at or before the last event, so with the default half-open rule every timed event is in exactly
 * one window — the windows partition the events. (Flagon's inclusive windows put an event on a boundary in two
 * windows, and its loop `while start < end` can leave the last event out of every window.) With `trim`, windows
 * that are not complete — starting before the first event or ending after the last — are dropped with their
 * events. Names are `<label><k>` with k the window's index from the origin, so a name means the same span
 * whether or not empty windows are kept.
 *
 * Cost: O(n) plus O(windows); memory O(windows).
 * @throws InvalidPipelineError (`invalid_pipeline`) when the partition would need more than `maxWindows` windows.
 *
 * @example fixedWindows([ev('a', 0), ev('b', 4), ev('c', 10)], { size: 5, align: 'first', trim: false, keepEmpty: true, closed: 'left', label: 'w', maxWindows: 1e6 }).map((s) => [s.name, s.eventIds])
 * // → [['w0', ['a', 'b']], ['w1', []], ['w2', ['c']]]
 */
export function fixedWindows(events: readonly CanonicalEvent[], options: FixedOptions): Segment[] {
  const timed = timedEvents(events);
  const n = timed.times.length;
  if (n === 0) return [];
  const size = options.size;
  const first = timed.times[0]!;
  const last = timed.times[n - 1]!;
  const origin = options.align === 'first' ? first : Math.floor(first / size) * size;
  const windows = Math.floor((last - origin) / size) + 1;
  if (options.keepEmpty && windows > options.maxWindows) {
    throw new InvalidPipelineError(
      `Fixed windows of ${size} ms over ${last - first} ms need ${windows} windows, more than the limit ${options.maxWindows}: use a wider size or keepEmpty: false.`,
      { issues: [{ code: 'too_many_windows', path: ['size'], message: `${windows} windows exceed ${options.maxWindows}.` }] },
    );
  }
  const out: Segment[] = [];
  const emit = (k: number): void => {
    const start = origin + k * size;
    const end = start + size;
    if (options.trim && (start < first || end > last)) return;
    const s = windowSegment(timed, { name: `${options.label}${k}`, start, end }, 'fixed', options.closed);
    if (s.count > 0 || options.keepEmpty) out.push(s);
  };
  if (options.keepEmpty) {
    for (let k = 0; k < windows; k++) emit(k);
    return out;
  }
  // Only the windows holding an event (with closed 'both', an event on a boundary is also in the window before).
  const ks: number[] = [];
  const push = (k: number): void => {
    if (ks.length === 0 || ks[ks.length - 1]! < k) ks.push(k);
  };
  for (const t of timed.times) {
    const k = Math.floor((t - origin) / size);
    if (options.closed === 'both' && k > 0 && origin + k * size === t) push(k - 1);
    push(k);
  }
  for (const k of ks) emit(k);
  return out;
}
