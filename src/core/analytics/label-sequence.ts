import type { CanonicalEvent } from '../event.js';
import type { Labeler } from './label.js';

/** What to do with an event whose label repeats the previous one: keep (`a→a` edges), drop the edge, or collapse. */
export type SelfLoopPolicy = 'keep' | 'drop' | 'collapse';

/** One step of a partition's sequence: its label and time (undefined when the event is untimed). */
export interface Step {
  readonly label: string;
  readonly time: number | undefined;
  /** Time of the last event folded into this step (differs from `time` only when repeats were collapsed). */
  readonly last: number | undefined;
}

/**
 * The labelled steps of one partition's ordered events: events without a label are left out; with `collapse`,
 * consecutive repeats of a label become one step (its `time` the first, `last` the last repeat's).
 * Cost: O(events).
 *
 * @example labelSequence(events, (e) => e.target ?? null, 'collapse').map((s) => s.label) // ["#a", "#b", "#a"]
 */
export function labelSequence(events: readonly CanonicalEvent[], label: Labeler, selfLoops: SelfLoopPolicy): Step[] {
  const out: Step[] = [];
  for (const e of events) {
    const l = label(e);
    if (l === null) continue;
    const prev = out[out.length - 1];
    if (selfLoops === 'collapse' && prev !== undefined && prev.label === l) {
      out[out.length - 1] = { label: l, time: prev.time, last: e.time };
      continue;
    }
    out.push({ label: l, time: e.time, last: e.time });
  }
  return out;
}
