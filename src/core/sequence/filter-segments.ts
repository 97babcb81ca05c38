import type { Segment, SegmentKind } from './segment.js';

/** Keep-conditions for {@link filterSegments}; all given ones must hold. */
export interface SegmentFilter {
  /** At least / at most this many events (Flagon's `get_num_logs` is `minCount`). */
  readonly minCount?: number | undefined;
  readonly maxCount?: number | undefined;
  /** Start at or after this time (epoch ms). Flagon's `get_segments_after` is strict (`start > t`). */
  readonly from?: number | undefined;
  /** End at or before this time (epoch ms). Flagon's `get_segments_before` is strict (`end < t`). */
  readonly to?: number | undefined;
  /** Only these kinds (Flagon's `get_segments_of_type`). */
  readonly kinds?: readonly SegmentKind[] | undefined;
}

/**
 * Keep the segments meeting every given condition, in their order. A segment with a null span (an empty
 * intersection) fails any time condition. Cost: O(segments).
 *
 * @example filterSegments(segments, { minCount: 2, kinds: ['idle'] })
 */
export function filterSegments(segments: readonly Segment[], filter: SegmentFilter): Segment[] {
  const kinds = filter.kinds === undefined ? undefined : new Set(filter.kinds);
  return segments.filter(
    (s) =>
      (filter.minCount === undefined || s.count >= filter.minCount) &&
      (filter.maxCount === undefined || s.count <= filter.maxCount) &&
      (filter.from === undefined || (s.start !== null && s.start >= filter.from)) &&
      (filter.to === undefined || (s.end !== null && s.end <= filter.to)) &&
      (kinds === undefined || kinds.has(s.kind)),
  );
}
