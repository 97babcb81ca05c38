/**
 * How the app calls the analytics operators (issue 10: `transition-graph`, `funnel`) and reads their results —
 * in one place, so a change of their params or columns touches only this file.
 */
export const TRANSITION_GRAPH = 'transition-graph';
export const FUNNEL = 'funnel';

export interface JourneyParams {
  readonly node: string;
  readonly minCount: number;
  readonly topK: number;
  readonly startEnd: boolean;
}

/** The transition-graph step for these settings (partitioned by session, the operator's default). */
export function transitionGraphStep(p: JourneyParams): Record<string, unknown> {
  return {
    op: TRANSITION_GRAPH,
    node: p.node,
    ...(p.minCount > 1 ? { minCount: p.minCount } : {}),
    ...(p.topK > 0 ? { topK: p.topK } : {}),
    ...(p.startEnd ? { startEnd: true } : {}),
  };
}

export interface FunnelStepPick {
  readonly field: string;
  readonly value: string;
}

/** The funnel step for these steps, mode and window. */
export function funnelStep(steps: readonly FunnelStepPick[], mode: string, window: string): Record<string, unknown> {
  return {
    op: FUNNEL,
    steps: steps.map((s) => ({ field: s.field, op: 'eq', value: s.value })),
    mode,
    ...(window === '' ? {} : { window }),
  };
}

/** One bar of the funnel, read from a row of the funnel table. */
export interface FunnelBar {
  readonly step: number;
  readonly label: string;
  readonly reached: number;
  readonly fromPrevious: number;
  readonly fromFirst: number;
  readonly dropped: number;
  readonly medianMs: number | undefined;
  readonly droppedPartitions: readonly string[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Read the funnel table's rows (one per step, in order). */
export function funnelBars(rows: readonly Readonly<Record<string, unknown>>[], picks: readonly FunnelStepPick[]): FunnelBar[] {
  return rows.map((r, i) => {
    const reached = num(r.reached) ?? num(r.count) ?? num(r.partitions) ?? 0;
    const first = num(rows[0]?.reached) ?? num(rows[0]?.count) ?? num(rows[0]?.partitions) ?? reached;
    const prev = i === 0 ? reached : num(rows[i - 1]?.reached) ?? num(rows[i - 1]?.count) ?? num(rows[i - 1]?.partitions) ?? reached;
    const dropped = r.dropped ?? r.droppedPartitions;
    return {
      step: i + 1,
      label: typeof r.label === 'string' ? r.label : typeof r.step === 'string' ? r.step : `${picks[i]?.field ?? ''} = ${picks[i]?.value ?? ''}`,
      reached,
      fromPrevious: num(r.conversionFromPrevious) ?? num(r.conversion) ?? (prev === 0 ? 0 : reached / prev),
      fromFirst: num(r.conversionFromFirst) ?? (first === 0 ? 0 : reached / first),
      dropped: num(r.dropOff) ?? num(r.dropoff) ?? (Array.isArray(dropped) ? dropped.length : prev - reached),
      medianMs: num(r.medianTimeToConvertMs) ?? num(r.medianMs) ?? num(r.medianTimeMs),
      droppedPartitions: Array.isArray(dropped) ? dropped.map(String) : [],
    };
  });
}
