/**
 * The independent reference for the source conformance suites: expected answers for a pipeline over a list of
 * UserALE documents, computed by the naive evaluators beside this file (conditions.ts, steps.ts), never by
 * Distill's compilers, mapper, operators or runner. Only Distill's types are imported.
 *
 * Order of a run, as docs/pipelines.md describes it: map every document; keep those inside the query's time range
 * (from inclusive, to exclusive; untimed events never are) that match `where`; sort by the query's keys; take the
 * query's limit; project; then each step in order. Warnings: `missing_time` counts every document without a time
 * in the source, whatever the query keeps; `untimed_excluded` counts the events count-over-time left out.
 */
import type { CanonicalEvent } from '../../../../src/core/event.js';
import { matches, type Node } from './conditions.js';
import { dateMath, docPath, useraleEvent, type Doc } from './naive.js';
import { sortEvents, sortKeys, STEPS, type RefFrame, type StepEvaluator } from './steps.js';

export interface ReferenceResult {
  readonly result: RefFrame;
  /** Warning counts by code. */
  readonly warnings: Readonly<Record<string, number>>;
}

function setPath(target: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === null || typeof cur[part] !== 'object' || Array.isArray(cur[part])) cur[part] = {};
    cur = cur[part] as Doc;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** Keep only the listed document fields (roles stay: they are not in `doc`). */
export function project(event: CanonicalEvent, fields: readonly string[]): CanonicalEvent {
  const doc: Doc = {};
  for (const f of fields) {
    const path = f.startsWith('doc.') ? f.slice(4) : f;
    if (!f.startsWith('doc.') && ['id', 'time', 'end', 'user', 'session', 'type', 'target', 'path', 'page', 'kind'].includes(f)) continue;
    const v = docPath(event.doc, path);
    if (v !== undefined) setPath(doc, path, v);
  }
  return { ...event, doc };
}

/**
 * The reference's answer for `pipeline` over documents with the given ids, date math against `now`. `steps`: the
 * evaluators by operator (the built-ins' by default; a test adds its plugin operators' own).
 */
export function referenceRun(
  docs: readonly Doc[],
  ids: readonly string[],
  pipeline: Record<string, unknown>,
  now: number,
  steps: Readonly<Record<string, StepEvaluator>> = STEPS,
): ReferenceResult {
  const warnings: Record<string, number> = {};
  const warn = (code: string, count = 1): void => {
    warnings[code] = (warnings[code] ?? 0) + count;
  };
  const all = docs.map((d, i) => useraleEvent(d, ids[i]!));
  const untimed = all.filter((e) => e.time === undefined).length;
  if (untimed > 0) warn('missing_time', untimed);

  const query = (pipeline.query ?? {}) as { time?: { from?: string | number; to?: string | number }; where?: Node; fields?: string[]; sort?: unknown[]; limit?: number };
  const from = query.time?.from === undefined ? undefined : dateMath(query.time.from, now);
  const to = query.time?.to === undefined ? undefined : dateMath(query.time.to, now);
  let events = all.filter(
    (e) =>
      (from === undefined || (e.time !== undefined && e.time >= from)) &&
      (to === undefined || (e.time !== undefined && e.time < to)) &&
      (query.where === undefined || matches(query.where, e, now)),
  );
  if (query.sort !== undefined && query.sort.length > 0) events = sortEvents(events, sortKeys(query.sort));
  if (query.limit !== undefined) events = events.slice(0, query.limit);
  if (query.fields !== undefined) events = events.map((e) => project(e, query.fields!));

  let frame: RefFrame = { kind: 'events', events };
  for (const step of (pipeline.steps ?? []) as Record<string, unknown>[]) {
    const evaluate = steps[step.op as string];
    if (evaluate === undefined) throw new Error(`reference: no evaluator for operator ${String(step.op)}`);
    const { op: _op, ...params } = step;
    frame = evaluate(frame, params, { now, warn });
  }
  return { result: frame, warnings };
}
