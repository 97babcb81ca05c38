import type { CanonicalEvent } from '../event.js';
import { compareWithinPartition } from '../partition.js';
import { compareStrings } from '../query/compare.js';

/**
 * Put events in the partition order of the ids given to them (one id per event, by position): ids ascending as
 * strings — the order of a partition key holding them — and the events of one id in their given order, which is
 * already the order within a partition when they come from one partition in partition order (`resort` false). With
 * `resort`, the events of each id came from several partitions and are sorted by `compareWithinPartition` (stable,
 * so ties keep their given order) — what a full partition sort by the ids would give. Cost: O(n + k log k) for k
 * distinct ids (plus O(n log n) with `resort`); memory: the events.
 *
 * @example orderByIds([a, b, c], ['u/2', 'u/1', 'u/2'], false) // → [b, a, c]
 */
export function orderByIds(events: readonly CanonicalEvent[], ids: readonly string[], resort: boolean): CanonicalEvent[] {
  const groups = new Map<string, CanonicalEvent[]>();
  for (let i = 0; i < events.length; i++) {
    const id = ids[i]!;
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [events[i]!]);
    else group.push(events[i]!);
  }
  if (groups.size === 1 && !resort) return [...events];
  const out: CanonicalEvent[] = [];
  for (const id of [...groups.keys()].sort(compareStrings)) {
    const group = groups.get(id)!;
    if (resort) group.sort(compareWithinPartition);
    for (const event of group) out.push(event);
  }
  return out;
}
