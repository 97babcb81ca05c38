import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Frame } from '../../../src/core/frame.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { batches, collect } from '../../helpers/events.js';

const registry = createRegistry();

/** Run a registered operator on events in batches of `size`; return its rows or events and its warnings. */
export async function run(name: string, params: Record<string, unknown>, events: readonly CanonicalEvent[], size = 3): Promise<{ out: unknown[]; warnings: WarningCollector }> {
  const op = registry.get(name);
  const warnings = new WarningCollector();
  const frame: Frame = op.run({ kind: 'events', batches: batches(events, size) }, op.params.parse(params), {
    now: 0,
    warnings,
    stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] },
  });
  const out = frame.kind === 'table' ? await collect(frame.rows) : await collect(frame.batches);
  return { out, warnings };
}

/** Events as [id, session, user, attrs] for compact assertions. */
export const brief = (out: unknown[], ...keys: string[]): unknown[] =>
  (out as (CanonicalEvent & { attrs?: Record<string, unknown> })[]).map((e) => [e.id, ...keys.map((k) => (k.startsWith('attrs.') ? e.attrs?.[k.slice(6)] : (e as unknown as Record<string, unknown>)[k]))]);
