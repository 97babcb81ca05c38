import type { CanonicalEvent, Doc } from '../../src/core/event.js';

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
