import type { Segment } from './segment.js';

/**
 * Set logic on segments, on their events (by id) with stated spans:
 * - `union(A, B)`: events in A or B; span from the earlier start to the later end. Commutative.
 * - `intersection(A, B)`: events in both; span the true overlap `[max start, min end]` — null/null when the spans
 *   do not overlap (Flagon Distill reports the union's span instead). Commutative; a subset of both.
 * - `difference(A, B)`: events of A not in B; A's span (the remaining events lie inside it). Disjoint from B.
 * Event ids stay in partition order, given by `position` (an id's index in the partition). Cost: O(|A| + |B|)
 * plus sorting the result.
 *
 * @example unionSegments('u', a, b, pos) // a: 0–5 [x], b: 3–9 [y] → { name: 'u', kind: 'union', start: 0, end: 9, count: 2, eventIds: ['x', 'y'] }
 */
export function unionSegments(name: string, a: Segment, b: Segment, position: (id: string) => number): Segment {
  const ids = new Set(a.eventIds);
  for (const id of b.eventIds) ids.add(id);
  return make(name, 'union', minOf(a.start, b.start), maxOf(a.end, b.end), ids, position);
}

/** See {@link unionSegments}. */
export function intersectionSegments(name: string, a: Segment, b: Segment, position: (id: string) => number): Segment {
  const inB = new Set(b.eventIds);
  const ids = new Set(a.eventIds.filter((id) => inB.has(id)));
  let start = a.start === null || b.start === null ? null : Math.max(a.start, b.start);
  let end = a.end === null || b.end === null ? null : Math.min(a.end, b.end);
  if (start === null || end === null || start > end) start = end = null;
  return make(name, 'intersection', start, end, ids, position);
}

/** See {@link unionSegments}. */
export function differenceSegments(name: string, a: Segment, b: Segment, position: (id: string) => number): Segment {
  const inB = new Set(b.eventIds);
  return make(name, 'difference', a.start, a.end, new Set(a.eventIds.filter((id) => !inB.has(id))), position);
}

/**
 * Several segments as one operand (a whole segment definition): the union of all of them; null when empty list.
 */
export function mergeSegments(name: string, segments: readonly Segment[], position: (id: string) => number): Segment | undefined {
  if (segments.length === 0) return undefined;
  let acc = segments[0]!;
  for (let i = 1; i < segments.length; i++) acc = unionSegments(name, acc, segments[i]!, position);
  return acc;
}

function make(name: string, kind: Segment['kind'], start: number | null, end: number | null, ids: Set<string>, position: (id: string) => number): Segment {
  const eventIds = [...ids].sort((x, y) => position(x) - position(y));
  return { name, kind, start, end, count: eventIds.length, eventIds };
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
