import type { Frame, Row } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { batches, collect } from '../../helpers/events.js';

const registry = createRegistry();

/** Validate params through the operator's schema and run it over events or rows; return the frame. */
export function runOp(name: string, params: Record<string, unknown>, input: readonly CanonicalEvent[] | { rows: readonly Row[]; columns?: Frame extends infer F ? F extends { columns: infer C } ? C : never : never }): Frame {
  const op = registry.get(name);
  const parsed = op.params.parse(params);
  const frame: Frame = Array.isArray(input)
    ? { kind: 'events', batches: batches(input as readonly CanonicalEvent[]) }
    : { kind: 'table', columns: (input as { columns?: never }).columns ?? [], rows: batches((input as { rows: readonly Row[] }).rows) };
  return op.run(frame, parsed, { now: 0, warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] } });
}

export async function rowsOf(frame: Frame): Promise<unknown[]> {
  return frame.kind === 'table' ? collect(frame.rows) : collect(frame.batches);
}
