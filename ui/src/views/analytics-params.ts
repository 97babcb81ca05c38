/**
 * How the app calls the analytics operators (issue 10: `transition-graph`, `funnel`) and reads their results —
 * in one place, so a change of their params or columns touches only this file. Params and columns as
 * docs/operators.md and docs/analytics.md describe them.
 */
export const TRANSITION_GRAPH = 'transition-graph';
export const FUNNEL = 'funnel';

export interface JourneyParams {
  /** The node label: a field (`page`, `target`, `type`) or a template (`{type}:{target}`). */
  readonly node: string;
  readonly minCount: number;
  readonly topK: number;
  readonly startEnd: boolean;
  /** A label repeating (events on one page): `collapse` into one step (page-to-page journeys), `keep` as a self-loop, `drop`. */
  readonly repeats: 'collapse' | 'keep' | 'drop';
}

export const REPEATS = ['collapse', 'keep', 'drop'] as const;

/** The transition-graph step for these settings (partitioned by session, the operator's default). */
export function transitionGraphStep(p: JourneyParams): Record<string, unknown> {
  return {
    op: TRANSITION_GRAPH,
    label: p.node,
    selfLoops: p.repeats,
    ...(p.minCount > 1 ? { minCount: p.minCount } : {}),
    ...(p.topK > 0 ? { topK: p.topK } : {}),
    ...(p.startEnd ? { startEnd: true } : {}),
  };
}

export interface FunnelStepPick {
  readonly field: string;
  readonly value: string;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m` → 1,800,000; '' → undefined. */
export function windowMs(window: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(window);
  return m === null ? undefined : Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** The funnel step for these steps, mode and window (each step named by its value). */
export function funnelStep(steps: readonly FunnelStepPick[], mode: string, window: string): Record<string, unknown> {
  const ms = windowMs(window);
  return {
    op: FUNNEL,
    steps: steps.map((s) => ({ name: `${s.field} = ${s.value}`, where: { field: s.field, op: 'eq', value: s.value } })),
    mode,
    ...(ms === undefined ? {} : { windowMs: ms }),
  };
}

/** One bar of the funnel, read from a row of the funnel table. */
export interface FunnelBar {
  readonly step: number;
  readonly label: string;
  readonly reached: number;
  readonly fromPrevious: number | null;
  readonly fromFirst: number | null;
  readonly dropped: number;
  readonly medianMs: number | null;
  readonly droppedPartitions: readonly string[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Read the funnel table's rows (one per step, in order). */
export function funnelBars(rows: readonly Readonly<Record<string, unknown>>[]): FunnelBar[] {
  return rows.map((r, i) => ({
    step: num(r.step) ?? i + 1,
    label: typeof r.name === 'string' ? r.name : `step ${i + 1}`,
    reached: num(r.reached) ?? 0,
    fromPrevious: num(r.conversion_from_previous),
    fromFirst: num(r.conversion_from_first),
    dropped: num(r.dropped) ?? 0,
    medianMs: num(r.median_time_to_convert_ms),
    droppedPartitions: Array.isArray(r.dropped_ids) ? r.dropped_ids.map(String) : [],
  }));
}
