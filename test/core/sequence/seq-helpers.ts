import type { CanonicalEvent, Doc } from '../../../src/core/event.js';
import { compareWithinPartition } from '../../../src/core/partition.js';
import { compileCondition } from '../../../src/core/query/compile-predicate.js';
import type { Condition } from '../../../src/core/query/query-schema.js';

/** An untimed event (a UserALE custom log without clientTime). */
export function untimed(id: string, roles: Partial<Omit<CanonicalEvent, 'id' | 'time' | 'doc'>> = {}, doc: Doc = {}): CanonicalEvent {
  return { id, time: undefined, ...roles, doc };
}

/** Compile a query-language condition as the operators do. */
export function cond(condition: Condition): (e: CanonicalEvent) => boolean {
  return compileCondition(condition, { now: 0 });
}

export const typeIs = (t: string): ((e: CanonicalEvent) => boolean) => cond({ field: 'type', op: 'eq', value: t });

/** Partition order (time, then id; untimed last) — what the runner delivers to the algorithms. */
export function sortPartition(events: readonly CanonicalEvent[]): CanonicalEvent[] {
  return [...events].sort(compareWithinPartition);
}
