import type { Condition } from '../query/query-schema.js';
import { resolveFieldRef } from '../query/field-ref.js';
import type { Role } from '../event.js';
import type { FrameKind } from '../frame.js';
import type { NormalizedPipeline, NormalizedStep } from './pipeline-schema.js';
import type { OperatorRegistry } from './registry.js';

/** Every field a condition tree names. */
export function conditionFields(condition: Condition | undefined, out: string[] = []): string[] {
  if (condition === undefined) return out;
  if ('all' in condition) for (const c of condition.all) conditionFields(c, out);
  else if ('any' in condition) for (const c of condition.any) conditionFields(c, out);
  else if ('not' in condition) conditionFields(condition.not, out);
  else out.push(condition.field);
  return out;
}

/**
 * The document paths a run needs from each event, from the plan: the query's condition, sort and projection, and
 * the fields each events-consuming step declares and the fields it partitions by. `undefined` means whole documents — when an output is events
 * without a projection (the documents are the answer), or a step reading events does not declare its fields (a
 * plugin). Roles and derived attributes are not listed: sources map roles themselves, steps compute attributes.
 * Cost: O(steps + conditions).
 */
export function requiredFields(pipeline: NormalizedPipeline, registry: OperatorRegistry): readonly string[] | undefined {
  const names = neededNames(pipeline, registry)?.names;
  if (names === undefined) return undefined;
  const paths = new Set<string>();
  for (const name of names) {
    const ref = resolveFieldRef(name);
    if (ref.kind === 'doc') paths.add(ref.path);
  }
  return [...paths].sort();
}

/**
 * Every field name the run reads (roles, attributes and document paths as written), or `undefined` when it needs
 * whole events: an output is events without a projection, or a step reading events does not declare its fields.
 */
function neededNames(pipeline: NormalizedPipeline, registry: OperatorRegistry): { names: string[]; eventsOut: boolean } | undefined {
  const names: string[] = [...conditionFields(pipeline.query.where), ...(pipeline.query.sort?.map((s) => s.field) ?? [])];
  const walk = (steps: readonly NormalizedStep[], start: FrameKind): FrameKind | 'all' => {
    let kind: FrameKind = start;
    for (const step of steps) {
      const definition = registry.get(step.op);
      if (kind === 'events') {
        if (definition.fields === undefined) return 'all';
        names.push(...definition.fields(step.params as never));
        names.push(...(definition.partition?.(step.params as never)?.by ?? []));
      }
      kind = definition.produces(kind);
    }
    return kind;
  };
  const shared = walk(pipeline.steps, 'events');
  if (shared === 'all') return undefined;
  const finals = pipeline.outputs === undefined ? [shared] : Object.values(pipeline.outputs).map((steps) => walk(steps, shared));
  let eventsOut = false;
  for (const kind of finals) {
    if (kind === 'all') return undefined;
    if (kind === 'events') {
      if (pipeline.query.fields === undefined) return undefined;
      names.push(...pipeline.query.fields);
      eventsOut = true;
    }
  }
  return { names, eventsOut };
}

/**
 * Whether the run reads the role `role` of events: some step, condition or projection names it, an output is
 * events (their roles are part of the answer), or the run needs whole events (see {@link requiredFields}). Lets the runner drop the DOM `path` role — the largest — before it
 * sorts events when nothing reads it. Cost: O(steps + conditions).
 */
export function readsRole(pipeline: NormalizedPipeline, registry: OperatorRegistry, role: Role): boolean {
  const needed = neededNames(pipeline, registry);
  if (needed === undefined || needed.eventsOut) return true;
  return needed.names.some((name) => {
    const ref = resolveFieldRef(name);
    return ref.kind === 'role' && ref.role === role;
  });
}

/** Names of the derived attributes the steps attach, in order of first appearance. */
export function stepAttrs(steps: readonly NormalizedStep[], registry: OperatorRegistry): string[] {
  const out: string[] = [];
  for (const step of steps) {
    const derives = registry.get(step.op).derives;
    if (derives === undefined) continue;
    for (const name of derives(step.params as never)) if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The derived attributes that `steps` (the rest of a run, up to its output) can read, or `undefined` when any may
 * be: a step reading events does not declare its fields, or the result is events (attributes are part of the
 * answer). Attributes are read only through field names — `attrs.x`, or a bare name `x` that is not a role (an
 * attribute shadows the document field) — so any other attribute can be dropped before events are held by a sort.
 * Cost: O(steps + fields).
 *
 * @example attrsReadBy([{ op: 'segment', params }], registry) // → Set {} : segment reads no attribute
 */
export function attrsReadBy(steps: readonly NormalizedStep[], registry: OperatorRegistry): ReadonlySet<string> | undefined {
  const live = new Set<string>();
  let kind: FrameKind = 'events';
  for (const step of steps) {
    const definition = registry.get(step.op);
    if (kind === 'events') {
      if (definition.fields === undefined) return undefined;
      for (const name of [...definition.fields(step.params as never), ...(definition.partition?.(step.params as never)?.by ?? [])]) {
        const ref = resolveFieldRef(name);
        if (ref.kind === 'attr') live.add(ref.name);
        else if (ref.kind === 'doc' && ref.shadowable === true) live.add(ref.path);
      }
    }
    kind = definition.produces(kind);
  }
  return kind === 'events' ? undefined : live;
}
