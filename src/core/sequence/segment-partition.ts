import type { CanonicalEvent } from '../event.js';
import type { Predicate } from '../query/compile-predicate.js';
import { anchoredWindows, type AnchoredOptions } from './anchored-windows.js';
import { collapsingWindows } from './collapsing-windows.js';
import { explicitWindows } from './explicit-windows.js';
import { filterSegments, type SegmentFilter } from './filter-segments.js';
import { fixedWindows, type FixedOptions } from './fixed-windows.js';
import { idleGaps, type IdleOptions } from './idle-gaps.js';
import type { Closed, Segment, Window } from './segment.js';
import { differenceSegments, intersectionSegments, mergeSegments, unionSegments } from './segment-set-ops.js';

/** One way of cutting a partition into segments (normalised; conditions already compiled). */
export type SegmentDefinition =
  | { readonly mode: 'explicit'; readonly label: string; readonly windows: readonly Window[]; readonly closed: Closed }
  | ({ readonly mode: 'anchored' } & AnchoredOptions)
  | ({ readonly mode: 'fixed' } & FixedOptions)
  | ({ readonly mode: 'idle' } & IdleOptions)
  | { readonly mode: 'collapsing'; readonly label: string; readonly match: Predicate };

/** A set operation; `left`/`right` name a segment (exactly) or, failing that, a definition label (all its segments, united). */
export interface SetOperation {
  readonly op: 'union' | 'intersection' | 'difference';
  readonly name: string;
  readonly left: string;
  readonly right: string;
}

export interface SegmentPlan {
  readonly definitions: readonly SegmentDefinition[];
  readonly operations: readonly SetOperation[];
  /** Output the segments the operations read, or only the operations' results. */
  readonly keepOperands: boolean;
  readonly filter: SegmentFilter;
}

/** One function per mode: adding a mode touches this table only. */
const MODES: { readonly [M in SegmentDefinition['mode']]: (events: readonly CanonicalEvent[], d: Extract<SegmentDefinition, { mode: M }>) => Segment[] } = {
  explicit: (events, d) => explicitWindows(events, d.windows, d.closed),
  anchored: (events, d) => anchoredWindows(events, d),
  fixed: (events, d) => fixedWindows(events, d),
  idle: (events, d) => idleGaps(events, d),
  collapsing: (events, d) => collapsingWindows(events, d.match, d.label),
};

/**
 * Segment one partition: every definition in order, then the set operations in order (each may use the results
 * of earlier ones), then the filter. A missing operand is the empty segment (no events, null span). Cost: the sum
 * of the definitions' costs plus O(|A| + |B|) per operation.
 *
 * @example segmentPartition(events, { definitions: [{ mode: 'idle', limit: 60000, before: 0, after: 0, closed: 'left', label: 'idle' }], operations: [], keepOperands: true, filter: {} })
 */
export function segmentPartition(events: readonly CanonicalEvent[], plan: SegmentPlan): Segment[] {
  const positions = new Map<string, number>();
  events.forEach((e, i) => positions.set(e.id, i));
  const position = (id: string): number => positions.get(id) ?? Number.MAX_SAFE_INTEGER;
  const byLabel = new Map<string, Segment[]>();
  const all: Segment[] = [];
  for (const d of plan.definitions) {
    const segments = (MODES[d.mode] as (events: readonly CanonicalEvent[], d: SegmentDefinition) => Segment[])(events, d);
    byLabel.set(d.label, [...(byLabel.get(d.label) ?? []), ...segments]);
    all.push(...segments);
  }
  const byName = new Map(all.map((s) => [s.name, s]));
  const results: Segment[] = [];
  const operand = (ref: string): Segment =>
    byName.get(ref) ?? mergeSegments(ref, byLabel.get(ref) ?? [], position) ?? { name: ref, kind: 'union', start: null, end: null, count: 0, eventIds: [] };
  for (const op of plan.operations) {
    const a = operand(op.left);
    const b = operand(op.right);
    const s =
      op.op === 'union'
        ? unionSegments(op.name, a, b, position)
        : op.op === 'intersection'
          ? intersectionSegments(op.name, a, b, position)
          : differenceSegments(op.name, a, b, position);
    byName.set(op.name, s);
    results.push(s);
  }
  const out = plan.operations.length === 0 || plan.keepOperands ? [...all, ...results] : results;
  return filterSegments(out, plan.filter);
}
