import type { Frame, Row } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { batches, collect, opContext } from '../../helpers/events.js';

const registry = createRegistry();

/** Validate params through the operator's schema and run it over events or rows; return the frame. */
export function runOp(name: string, params: Record<string, unknown>, input: readonly CanonicalEvent[] | { rows: readonly Row[]; columns?: Frame extends infer F ? F extends { columns: infer C } ? C : never : never }): Frame {
  const op = registry.get(name);
  const parsed = op.params.parse(params);
  const frame: Frame = Array.isArray(input)
    ? { kind: 'events', batches: batches(input as readonly CanonicalEvent[]) }
    : { kind: 'table', columns: (input as { columns?: never }).columns ?? [], batches: batches((input as { rows: readonly Row[] }).rows) };
  return op.run(frame, parsed, opContext());
}

export async function rowsOf(frame: Frame): Promise<unknown[]> {
  return collect(frame.batches as AsyncIterable<readonly unknown[]>);
}
