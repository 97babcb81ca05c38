import type { CanonicalEvent } from '../event.js';
import type { Partition } from './partition.js';

/**
 * What `stats` measures in a partition:
 * - `events`: how many events (of the kind `where` keeps) — one value per unit;
 * - `duration`: ms from the first to the last kept timed event — one value per unit with a timed event;
 * - `gap`: ms between consecutive kept timed events (inter-event times) — one value per gap;
 * - `field`: a numeric field of each kept event (non-numbers skipped) — one value per event;
 * - `distinct`: how many distinct values a field takes (e.g. sessions per user) — one value per unit.
 */
export const MEASURES = ['events', 'duration', 'gap', 'field', 'distinct'] as const;
export type Measure = (typeof MEASURES)[number];

export interface MeasureSpec {
  readonly measure: Measure;
  /** Events that count (all when absent). */
  readonly where?: ((e: CanonicalEvent) => boolean) | undefined;
  /** The field read by `field` and `distinct`. */
  readonly field?: ((e: CanonicalEvent) => unknown) | undefined;
  /** Sub-unit within the partition (e.g. session within user): per-unit measures give one value per unit. */
  readonly unit?: ((e: CanonicalEvent) => unknown) | undefined;
}

/**
 * The values of a measure in one partition (see `Measure`). With a `unit`, per-unit measures give one value per
 * distinct unit value (units in first-seen order; a unit whose events are all filtered out by `where` still counts
 * 0 events), and gaps are taken within units. Cost: O(partition's events).
 *
 * @example partitionValues(user, { measure: 'events', where: isClick, unit: (e) => e.session }) // clicks per session, e.g. [3, 0, 5]
 */
export function partitionValues(p: Partition, spec: MeasureSpec): number[] {
  const units = new Map<unknown, CanonicalEvent[]>();
  if (spec.unit === undefined) units.set(null, []);
  for (const e of p.events) {
    const u = spec.unit === undefined ? null : keyOf(spec.unit(e));
    let list = units.get(u);
    if (list === undefined) units.set(u, (list = []));
    if (spec.where === undefined || spec.where(e)) list.push(e);
  }
  const out: number[] = [];
  for (const events of units.values()) {
    switch (spec.measure) {
      case 'events':
        out.push(events.length);
        break;
      case 'duration': {
        let first: number | undefined;
        let last: number | undefined;
        for (const e of events) if (e.time !== undefined) (first ??= e.time, (last = e.time));
        if (first !== undefined && last !== undefined) out.push(last - first);
        break;
      }
      case 'gap': {
        let prev: number | undefined;
        for (const e of events) {
          if (e.time === undefined) continue;
          if (prev !== undefined) out.push(e.time - prev);
          prev = e.time;
        }
        break;
      }
      case 'field':
        for (const e of events) {
          const v = spec.field!(e);
          if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
        }
        break;
      case 'distinct': {
        const seen = new Set<unknown>();
        for (const e of events) {
          const v = spec.field!(e);
          if (v !== undefined && v !== null) seen.add(keyOf(v));
        }
        out.push(seen.size);
        break;
      }
    }
  }
  return out;
}

function keyOf(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? `\u0000${JSON.stringify(v)}` : (v ?? null);
}

/** How a partition with several values becomes one for the between-partition summary. */
export const REDUCERS = ['mean', 'sum', 'median', 'count', 'min', 'max'] as const;
export type Reducer = (typeof REDUCERS)[number];
