import type { CanonicalEvent, Doc } from '../../src/core/event.js';
import type { OperatorContext } from '../../src/core/pipeline/operator.js';
import { externalSort } from '../../src/core/sort/external-sort.js';
import { WarningCollector } from '../../src/core/warnings.js';

/** Build a canonical event for tests: roles from `roles`, doc as given. */
export function ev(id: string, time: number, roles: Partial<Omit<CanonicalEvent, 'id' | 'time' | 'doc'>> = {}, doc: Doc = {}): CanonicalEvent {
  return { id, time, ...roles, doc };
}

/** Collect all items of a batched async stream. */
export async function collect<T>(source: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of source) out.push(...batch);
  return out;
}

/** Stream an array in small batches (3) so batch boundaries get exercised. */
export async function* batches<T>(items: readonly T[], size = 3): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** An operator context for running an operator directly in a test (in-memory sort, fresh warnings). */
export function opContext(overrides: Partial<OperatorContext> = {}): OperatorContext {
  return {
    now: 0,
    warnings: new WarningCollector(),
    stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] },
    sort: (items, compare) => externalSort(items, compare, { memoryBytes: 256 * 1024 * 1024 }),
    ...overrides,
  };
}
