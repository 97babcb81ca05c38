import type { CanonicalEvent } from '../event.js';
import { partitionId, type Partition } from './partition.js';
import { quantileLinear } from './quantile-linear.js';
import { compareStrings } from '../query/compare.js';

/**
 * How steps must follow each other:
 * - `strict`: consecutive events — step k+1 is the very next event after step k (of the events the pipeline kept);
 * - `ordered`: in order, other events may occur in between;
 * - `any-order`: every step occurs, in any order.
 */
export type FunnelMode = 'strict' | 'ordered' | 'any-order';
export const FUNNEL_MODES = ['strict', 'ordered', 'any-order'] as const;

export interface FunnelStep {
  readonly name: string;
  readonly match: (event: CanonicalEvent) => boolean;
}

export interface FunnelOptions {
  readonly steps: readonly FunnelStep[];
  readonly mode: FunnelMode;
  /** Conversion window in ms, measured from the step-1 event (any-order: from the earliest matched event). */
  readonly windowMs?: number | undefined;
}

/** How far one partition got: `depth` steps reached (0–n) and, per reached step, ms since the run started. */
export interface FunnelProgress {
  readonly depth: number;
  /** `times[k]`: ms from the run's start to reaching step k — 0 for step 1 in strict and ordered mode; in any-order mode, from the earliest matched event until steps 1..k have all occurred. Null when an event is untimed. */
  readonly times: readonly (number | null)[];
}

/**
 * How far one partition's ordered events get through the funnel. Among all runs (every event matching step 1 may
 * start one; any-order: every event matching any step) the deepest wins, ties to the earliest start. In ordered
 * mode each later step takes the first matching event after the previous step (greedy, which is optimal for a
 * fixed start); one event fills one step. With a window, an event more than `windowMs` after the run's start does
 * not count, and untimed events never count (their time is unknown); without one, position alone decides.
 * Cost: O(events × run starts) worst case, O(events) typical.
 *
 * @example funnelProgress([view, cart, buy], { steps, mode: 'ordered' }) // { depth: 3, times: [0, 5000, 9000] }
 */
export function funnelProgress(events: readonly CanonicalEvent[], options: FunnelOptions): FunnelProgress {
  const k = options.steps.length;
  const w = options.windowMs;
  const within = (start: CanonicalEvent, e: CanonicalEvent): boolean =>
    w === undefined || (start.time !== undefined && e.time !== undefined && e.time - start.time <= w);
  const since = (start: CanonicalEvent, e: CanonicalEvent): number | null =>
    start.time !== undefined && e.time !== undefined ? e.time - start.time : null;
  let best: FunnelProgress = { depth: 0, times: [] };
  const steps = options.steps;
  for (let i = 0; i < events.length && best.depth < k; i++) {
    const start = events[i]!;
    if (w !== undefined && start.time === undefined) continue;
    let run: FunnelProgress;
    if (options.mode === 'any-order') {
      if (!steps.some((s) => s.match(start))) continue;
      const first: (number | null)[] = new Array<number | null>(k).fill(null);
      const seen: boolean[] = new Array<boolean>(k).fill(false);
      for (let j = i; j < events.length; j++) {
        const e = events[j]!;
        if (!within(start, e)) {
          if (w !== undefined) break;
          continue;
        }
        for (let s = 0; s < k; s++) {
          if (!seen[s] && steps[s]!.match(e)) {
            seen[s] = true;
            first[s] = since(start, e);
          }
        }
      }
      let depth = 0;
      while (depth < k && seen[depth]) depth++;
      const times: (number | null)[] = [];
      let latest: number | null = 0;
      for (let s = 0; s < depth; s++) {
        const t = first[s]!;
        latest = t === null || latest === null ? null : Math.max(latest, t);
        times.push(latest);
      }
      run = { depth, times };
    } else {
      if (!steps[0]!.match(start)) continue;
      const times: (number | null)[] = [0];
      let depth = 1;
      for (let j = i + 1; j < events.length && depth < k; j++) {
        const e = events[j]!;
        const ok = within(start, e) && steps[depth]!.match(e);
        if (ok) {
          times.push(since(start, e));
          depth++;
        } else if (options.mode === 'strict') break;
        else if (w !== undefined && !within(start, e)) break;
      }
      run = { depth, times };
    }
    if (run.depth > best.depth) best = run;
  }
  return best;
}

/** One row of a funnel report. */
export interface FunnelRow {
  step: number;
  name: string;
  /** Partitions that reached this step (and every step before it). */
  reached: number;
  /** `reached / reached at the previous step` (step 1: over all partitions); null when the previous is 0. */
  conversion_from_previous: number | null;
  /** `reached / reached at step 1`; null when nobody reached step 1. */
  conversion_from_first: number | null;
  /** Partitions that reached the previous step but not this one (step 1: partitions that never started). */
  dropped: number;
  /** `dropped / reached at the previous step` (step 1: over all partitions); null when the previous is 0. */
  drop_off: number | null;
  /** Median ms from step 1 to this step over the partitions that reached it with times known (linear, as pandas). */
  median_time_to_convert_ms: number | null;
  /** Ids of the partitions that dropped here (`partitionId`), code-point sorted, at most `dropLimit`. */
  dropped_ids: string[];
}

/**
 * The funnel report over partitions: one row per step. Cost: see `funnelProgress`, per partition; memory O(steps ×
 * partitions) for the times and dropped ids.
 *
 * @example funnel(sessions, { steps, mode: 'ordered', windowMs: 1_800_000 }, 100)[1].conversion_from_previous // 0.5
 */
export function funnel(partitions: Iterable<Partition>, options: FunnelOptions, dropLimit = 100): FunnelRow[] {
  const acc = funnelAccumulator(options, dropLimit);
  for (const p of partitions) acc.add(p);
  return acc.rows();
}

/** The funnel as an accumulator: `add` one partition at a time (streaming), then `rows`. */
export function funnelAccumulator(options: FunnelOptions, dropLimit = 100): { add(p: Partition): void; rows(): FunnelRow[] } {
  const k = options.steps.length;
  let total = 0;
  const reached = new Array<number>(k).fill(0);
  const times: number[][] = options.steps.map(() => []);
  const dropped: string[][] = options.steps.map(() => []);
  const add = (p: Partition): void => {
    total++;
    const progress = funnelProgress(p.events, options);
    for (let s = 0; s < progress.depth; s++) {
      reached[s]!++;
      const t = progress.times[s];
      if (t !== null && t !== undefined) times[s]!.push(t);
    }
    if (progress.depth < k) dropped[progress.depth]!.push(partitionId(p.key));
  };
  const rows = (): FunnelRow[] => options.steps.map((step, s) => {
    const prev = s === 0 ? total : reached[s - 1]!;
    const here = reached[s]!;
    const first = reached[0]!;
    const t = [...times[s]!].sort((a, b) => a - b);
    return {
      step: s + 1,
      name: step.name,
      reached: here,
      conversion_from_previous: prev === 0 ? null : here / prev,
      conversion_from_first: first === 0 ? null : here / first,
      dropped: prev - here,
      drop_off: prev === 0 ? null : (prev - here) / prev,
      median_time_to_convert_ms: quantileLinear(t, 0.5),
      dropped_ids: [...dropped[s]!].sort(compareStrings).slice(0, dropLimit),
    };
  });
  return { add, rows };
}
