import { AbortedError, DistillError } from '../errors.js';
import type { CanonicalEvent } from '../event.js';
import { collectFrame, type RecordOptions } from '../frame-kinds.js';
import { withBatches, type EventsFrame, type Frame, type PartitionOrder } from '../frame.js';
import { sortIntoPartitions, sortWithinPartitions } from '../partition.js';
import { compileProjection } from '../query/project-event.js';
import { compileSort } from '../query/compile-sort.js';
import type { Condition, Query } from '../query/query-schema.js';
import { externalSort } from '../sort/external-sort.js';
import { DEFAULT_SORT_MEMORY_BYTES, type SortBudget } from '../sort/spill-store.js';
import type { EventBatches, EventSource, Progress, ReadContext, ReadRequest, ReadStats } from '../source.js';
import { mapBatches, takeBatches, teeBatches } from '../stream.js';
import { WarningCollector, type Warning } from '../warnings.js';
import { VERSION } from '../../version.js';
import type { AnyEnvelope, Envelope, MultiEnvelope, RequestEcho, ResultValue, RunStats } from './envelope.js';
import type { OperatorContext, SortRecords } from './operator.js';
import { parsePipeline } from './parse-pipeline.js';
import type { NormalizedPipeline, NormalizedStep } from './pipeline-schema.js';
import type { OperatorRegistry } from './registry.js';
import { attrsReadBy, readsRole, requiredFields, stepAttrs } from './required-fields.js';

export interface RunOptions {
  readonly registry: OperatorRegistry;
  /** Find a source by name. @throws SourceNotFoundError */
  resolveSource(name: string): EventSource;
  /** Source used when the pipeline names none. */
  readonly defaultSource: string;
  /** Fix `now` (tests, reproducing an earlier run); defaults to the clock. */
  readonly now?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
  /** Force strict mode on, whatever the pipeline says. */
  readonly strict?: boolean | undefined;
  /** Run only this named output of a multi-output pipeline (a single-output run of shared + its steps). */
  readonly output?: string | undefined;
  /** Memory budget of sorts and where they spill (default: 256 MiB in memory, no spill store). */
  readonly sort?: SortBudget | undefined;
}

/** A started run: its outputs to consume, and its statistics once consumed. */
export interface RunHandle {
  readonly request: RequestEcho;
  readonly source: { readonly id: string; readonly kind: string };
  readonly distill: { readonly version: string };
  /** True when the pipeline has named outputs (the envelope then has `results`). */
  readonly multi: boolean;
  /** Every output's frame by name (a single-output run has one, named `result`). */
  readonly outputs: Readonly<Record<string, Frame>>;
  /** The result of a single-output run. @throws DistillError (`invalid_argument`) for a multi-output run. */
  readonly result: Frame;
  /** What writers need to write an output as records (projection, derived attribute columns, graph records). */
  recordOptions(output?: string): RecordOptions;
  /** Statistics and warnings; complete once every output has been consumed. */
  finish(): { stats: RunStats; warnings: Warning[] };
}

/**
 * Validate and start a pipeline: plan it (fold filters into the query, turn a leading sort into the query's sort,
 * offer a step to the source's pushdown, obtain the partition order steps declare), read the source once, apply
 * the shared steps, then each named output's steps on its own copy of the stream. Nothing is read until a result
 * is consumed; breaking off consumption stops the read and releases the source. Cost: streaming, except sorts
 * (memory-bounded, spilling above the budget) and operators that say so.
 *
 * @throws InvalidPipelineError before anything runs; SourceNotFoundError for an unknown source.
 */
export function startPipeline(input: unknown, options: RunOptions): RunHandle {
  const pipeline = parsePipeline(input, { registry: options.registry, defaultSource: options.defaultSource });
  return startParsed(pipeline, options);
}

/** Start a pipeline already validated by {@link parsePipeline} (the server validates once, then runs). */
export function startParsed(parsed: NormalizedPipeline, options: RunOptions): RunHandle {
  const started = performance.now();
  const pipeline = selectOutput(parsed, options.output);
  const source = options.resolveSource(pipeline.source);
  const now = options.now ?? Date.now();
  const warnings = new WarningCollector();
  const stats: ReadStats = { scanned: 0, skipped: 0, matched: 0, pushedDown: [] };
  const strict = options.strict === true || pipeline.strict;
  const context: ReadContext = { warnings, stats, strict, now, signal: options.signal, onProgress: options.onProgress };
  const budget: SortBudget = options.sort ?? { memoryBytes: DEFAULT_SORT_MEMORY_BYTES };
  const sort: SortRecords = (items, compare) => externalSort(items, compare, budget);
  const opContext: OperatorContext = { now, signal: options.signal, warnings, stats, sort };
  const registry = options.registry;
  const { needs, keep, folded, attrs, holds } = staticPlan(pipeline, registry);

  // 1. Plan the read: fold what the source can do into the query (staticPlan).
  const query = folded.query;
  let steps = folded.steps;
  let frame: Frame | undefined;

  // 2. Offer the first remaining step to the source (aggregations inside Elasticsearch).
  const first = steps[0];
  if (first !== undefined && pipeline.outputs === undefined && source.pushdown !== undefined && query.sort === undefined && query.limit === undefined) {
    frame = source.pushdown({ query, step: first }, context);
    if (frame !== undefined) steps = steps.slice(1);
  }

  // 3. Otherwise read events, in the partition order the first step needs when it declares one.
  if (frame === undefined) {
    // A source that sorts natively streams partitions with memory bounded by the largest: keep its order.
    const order = steps[0] === undefined ? undefined : source.capabilities.sort ? partitionOf(steps[0], registry) : inputOrder(steps, 0, registry);
    if (order !== undefined && query.sort === undefined && query.limit === undefined) {
      frame = readPartitioned(source, query, context, order, needs, keep, budget);
    } else {
      let batches = readEvents(source, query, context, sort, needs, keep);
      // Steps that hold events (partition orders, sorts) keep only what the run needs: documents are reduced once,
      // here, so every later sort and spill carries small events.
      if (keep !== undefined && holds) batches = mapBatches(batches, projectNeeds(keep));
      frame = { kind: 'events', batches };
    }
  }
  if (options.signal !== undefined) frame = withBatches(frame, abortable(frame.batches as AsyncIterable<readonly unknown[]>, options.signal));

  // 4. Shared steps, then each output's steps on its own branch of the one stream.
  // Shared steps of a multi-output run do not see the branches' steps: they keep every attribute before sorts.
  frame = applySteps(frame, steps, registry, opContext, budget, pipeline.outputs === undefined);
  let outputs: Record<string, Frame>;
  const branchAttrs: Record<string, readonly string[]> = {};
  if (pipeline.outputs === undefined) {
    outputs = { result: frame };
    branchAttrs.result = attrs;
  } else {
    const names = Object.keys(pipeline.outputs);
    const teed = teeBatches(frame.batches as AsyncIterable<readonly unknown[]>, names.length);
    outputs = {};
    names.forEach((name, i) => {
      const branchSteps = pipeline.outputs![name]!;
      outputs[name] = applySteps(withBatches(frame!, teed[i]!), branchSteps, registry, opContext, budget, true);
      branchAttrs[name] = [...attrs, ...stepAttrs(branchSteps, registry)];
    });
  }

  const multi = pipeline.outputs !== undefined;
  return {
    distill: { version: VERSION },
    request: { ...pipeline, strict, now: new Date(now).toISOString(), ...(options.output === undefined ? {} : { selected: options.output }) },
    source: { id: source.id, kind: source.kind },
    multi,
    outputs,
    get result(): Frame {
      if (multi) throw new DistillError('invalid_argument', `This pipeline has several outputs (${Object.keys(outputs).join(', ')}): choose one, or read them all as JSON.`);
      return outputs.result!;
    },
    recordOptions: (output) => ({
      fields: pipeline.query.fields,
      attrs: branchAttrs[output ?? 'result'] ?? attrs,
      records: pipeline.output.records,
    }),
    finish: () => ({
      stats: {
        scanned: stats.scanned,
        matched: stats.matched,
        skipped: stats.skipped,
        tookMs: Math.round((performance.now() - started) * 1000) / 1000,
        pushedDown: [...new Set(stats.pushedDown)],
      },
      warnings: warnings.toArray(),
    }),
  };
}

/**
 * Run a single-output pipeline to completion and return the envelope with the result in memory (plain objects).
 * For large results use {@link startPipeline} and stream; for pipelines with named outputs use
 * {@link runPipelineOutputs}.
 *
 * @throws InvalidPipelineError; DistillError (`invalid_argument`) for a pipeline with named outputs.
 */
export async function runPipeline(input: unknown, options: RunOptions): Promise<Envelope> {
  const handle = startPipeline(input, options);
  if (handle.multi) throw multiError(handle, 'runPipelineOutputs() (library) or Distill.runOutputs()');
  return (await collectRun(handle)) as Envelope;
}

/**
 * Run a pipeline with named outputs to completion: one read of the source, every output computed concurrently,
 * `results` holding one result per output.
 *
 * @throws InvalidPipelineError; DistillError (`invalid_argument`) for a single-output pipeline (use {@link runPipeline}).
 */
export async function runPipelineOutputs(input: unknown, options: RunOptions): Promise<MultiEnvelope> {
  const handle = startPipeline(input, options);
  if (!handle.multi) throw new DistillError('invalid_argument', 'This pipeline has a single output: run it with runPipeline() / Distill.run().');
  return (await collectRun(handle)) as MultiEnvelope;
}

function multiError(handle: RunHandle, use: string): DistillError {
  return new DistillError('invalid_argument', `This pipeline has named outputs (${Object.keys(handle.outputs).join(', ')}): run it with ${use}, or choose one output.`);
}

/** Consume a started run into its envelope (every output concurrently, so the shared read happens once). */
export async function collectRun(handle: RunHandle): Promise<AnyEnvelope> {
  const names = Object.keys(handle.outputs);
  const values = await Promise.all(names.map((n) => collectFrame(handle.outputs[n]!)));
  const { stats, warnings } = handle.finish();
  const head = { distill: handle.distill, request: handle.request, source: handle.source };
  if (!handle.multi) return { ...head, result: values[0]!, stats, warnings } satisfies Envelope;
  const results: Record<string, ResultValue> = {};
  names.forEach((n, i) => (results[n] = values[i]!));
  return { ...head, results, stats, warnings } satisfies MultiEnvelope;
}

/**
 * A single-output handle over `result` that shares `handle`'s request, record options (of output `name`) and
 * statistics (or `finish`, when given): for writing one frame of a run — a page, a primed stream, one output.
 */
export function singleOutputHandle(
  handle: RunHandle,
  result: Frame,
  options: { readonly name?: string | undefined; readonly finish?: RunHandle['finish'] | undefined } = {},
): RunHandle {
  return {
    distill: handle.distill,
    request: handle.request,
    source: handle.source,
    multi: false,
    outputs: { result },
    result,
    recordOptions: () => handle.recordOptions(options.name),
    finish: options.finish ?? (() => handle.finish()),
  };
}

/** Materialise a frame as a result value (any kind; see `core/frame-kinds.ts`). */
export const collectResult = collectFrame;

/** A multi-output pipeline reduced to one output: shared steps followed by that output's steps. */
function selectOutput(pipeline: NormalizedPipeline, output: string | undefined): NormalizedPipeline {
  if (output === undefined) return pipeline;
  const outputs = pipeline.outputs;
  if (outputs === undefined || !Object.hasOwn(outputs, output)) {
    const names = outputs === undefined ? [] : Object.keys(outputs);
    throw new DistillError('invalid_argument', `No output named "${output}". ${names.length === 0 ? 'This pipeline has a single output.' : `Outputs: ${names.join(', ')}.`}`, {
      issues: [{ code: 'unknown_output', path: ['output'], message: names.length === 0 ? 'Leave the output name out.' : `One of ${names.join(', ')}.` }],
    });
  }
  const { outputs: _all, ...rest } = pipeline;
  return { ...rest, steps: [...pipeline.steps, ...outputs[output]!] };
}

function partitionOf(step: NormalizedStep, registry: OperatorRegistry): PartitionOrder | undefined {
  return registry.get(step.op).partition?.(step.params as never);
}

/**
 * The input order step `index` gets: the partition order it declares — or the order it can emit the next step's
 * partition order from (`emitsOrder`), when the next step partitions that way, so no re-sort is needed between them.
 */
function inputOrder(steps: readonly NormalizedStep[], index: number, registry: OperatorRegistry): PartitionOrder | undefined {
  const step = steps[index]!;
  const definition = registry.get(step.op);
  const order = definition.partition?.(step.params as never);
  const emits = order === undefined ? undefined : definition.emitsOrder?.(step.params as never);
  const next = steps[index + 1];
  if (emits !== undefined && next !== undefined) {
    const wanted = registry.get(next.op).partition?.(next.params as never);
    if (wanted !== undefined && sameOrder({ by: emits.by }, wanted)) return emits.input;
  }
  return order;
}

/**
 * Apply steps in order, establishing the partition order a step declares when its input lacks it. When `toEnd`
 * (these steps run up to the output), events about to be held by a partition sort first drop the derived attributes
 * no later step reads ({@link attrsReadBy}), so the sort holds less.
 */
function applySteps(start: Frame, steps: readonly NormalizedStep[], registry: OperatorRegistry, context: OperatorContext, budget: SortBudget, toEnd: boolean): Frame {
  let frame = start;
  for (const [i, step] of steps.entries()) {
    const definition = registry.get(step.op);
    const order = inputOrder(steps, i, registry);
    if (order !== undefined && frame.kind === 'events' && !sameOrder(frame.order, order)) {
      const live = toEnd ? attrsReadBy(steps.slice(i), registry) : undefined;
      const batches = live === undefined ? frame.batches : mapBatches(frame.batches, keepAttrs(live));
      frame = { kind: 'events', batches: sortIntoPartitions(batches, order.by, budget, order.keys), order };
    }
    const input = frame;
    let out = definition.run(input, step.params as never, context);
    if (out.kind === 'events' && out.order === undefined && input.kind === 'events' && input.order !== undefined && definition.capabilities?.preservesOrder === true) {
      out = { ...out, order: input.order };
    }
    frame = out;
  }
  return frame;
}

/**
 * Drop the derived attributes not in `live` (the event is returned as it is when it has none to drop; with none
 * left, `attrs` is unset). Cost per event: one pass over its attribute names; one copy when something is dropped.
 */
function keepAttrs(live: ReadonlySet<string>): (event: CanonicalEvent) => CanonicalEvent {
  return (event) => {
    const attrs = event.attrs;
    if (attrs === undefined) return event;
    const names = Object.keys(attrs);
    let kept = 0;
    for (const name of names) if (live.has(name)) kept++;
    if (kept === names.length) return event;
    let next: Record<string, unknown> | undefined;
    if (kept > 0) {
      next = {};
      for (const name of names) if (live.has(name)) next[name] = attrs[name];
    }
    return { id: event.id, time: event.time, end: event.end, user: event.user, session: event.session, type: event.type, target: event.target, path: event.path, page: event.page, kind: event.kind, doc: event.doc, attrs: next };
  };
}

/** What events keep before they are held by a sort: the document paths the run needs, and whether to drop the DOM path role. */
interface Needs {
  readonly paths: readonly string[];
  readonly dropPath: boolean;
}

/** The part of a run's plan that depends on the pipeline and the registry alone (not on the source, clock or request). */
interface StaticPlan {
  /** Document paths the run reads (undefined: whole documents). */
  readonly needs: readonly string[] | undefined;
  /** What events keep before sorts: the needed paths, and every role but the DOM path when nothing reads it. */
  readonly keep: Needs | undefined;
  /** The query with the leading steps folded in, and the steps left. */
  readonly folded: { readonly query: Query; readonly steps: readonly NormalizedStep[] };
  /** Derived attributes the shared steps add (record columns). */
  readonly attrs: readonly string[];
  /** Some step sorts or partitions events. */
  readonly holds: boolean;
}

/** Static plans by validated pipeline object, with the registry they were made with. */
const staticPlans = new WeakMap<NormalizedPipeline, { readonly registry: OperatorRegistry; readonly plan: StaticPlan }>();

/**
 * The static plan of a validated pipeline, computed once per pipeline object and registry: a pipeline validated once
 * and run at every request (the server's named pipelines) is planned once. Pure (nothing in it depends on the
 * request), so sharing it between concurrent runs is safe; it is never mutated.
 */
function staticPlan(pipeline: NormalizedPipeline, registry: OperatorRegistry): StaticPlan {
  const known = staticPlans.get(pipeline);
  if (known !== undefined && known.registry === registry) return known.plan;
  const needs = requiredFields(pipeline, registry);
  const plan: StaticPlan = {
    needs,
    keep: needs === undefined ? undefined : { paths: needs, dropPath: !readsRole(pipeline, registry, 'path') },
    folded: foldIntoQuery(pipeline.query, pipeline.steps, registry),
    attrs: stepAttrs(pipeline.steps, registry),
    holds: holdsEvents(pipeline, registry),
  };
  staticPlans.set(pipeline, { registry, plan });
  return plan;
}

/** Reduce documents to the needed paths (named `doc.<path>` so a document field named like a role is kept). */
function projectNeeds(needs: Needs): (e: CanonicalEvent) => CanonicalEvent {
  return compileProjection(
    needs.paths.map((p) => `doc.${p}`),
    { dropRoles: needs.dropPath ? ['path'] : [] },
  );
}

/** True when some step sorts or partitions events (and so holds many of them at once). */
function holdsEvents(pipeline: NormalizedPipeline, registry: OperatorRegistry): boolean {
  const all = [...pipeline.steps, ...Object.values(pipeline.outputs ?? {}).flat()];
  return all.some((step) => {
    const definition = registry.get(step.op);
    return definition.partition !== undefined || definition.capabilities?.querySort !== undefined;
  });
}

function sameOrder(have: PartitionOrder | undefined, want: PartitionOrder): boolean {
  return have !== undefined && have.keys === want.keys && have.by.length === want.by.length && have.by.every((f, i) => f === want.by[i]);
}

/**
 * Fold leading steps into the query: steps declaring `foldsInto` (filters) join the query's condition; reorder-only
 * steps (`querySort`) between them stay where they are, are dropped before an order-insensitive step, or become
 * the query's sort when one leads. Nothing folds past a query limit (it would change which events are kept).
 */
export function foldIntoQuery(
  query: Query,
  steps: readonly NormalizedStep[],
  registry: OperatorRegistry,
): { query: Query; steps: readonly NormalizedStep[] } {
  if (query.limit !== undefined) return { query, steps };
  const conditions: Condition[] = query.where === undefined ? [] : [query.where];
  const reorders: NormalizedStep[] = [];
  let i = 0;
  for (; i < steps.length; i++) {
    const capabilities = registry.get(steps[i]!.op).capabilities;
    if (capabilities?.foldsInto !== undefined) conditions.push(capabilities.foldsInto(steps[i]!.params as never));
    else if (capabilities?.querySort !== undefined) reorders.push(steps[i]!);
    else break;
  }
  const rest = steps.slice(i);
  let folded: Query = query;
  if (conditions.length > (query.where === undefined ? 0 : 1)) {
    folded = { ...query, where: conditions.length === 1 ? conditions[0]! : { all: conditions } };
  }
  const next = rest[0];
  const nextInsensitive = next !== undefined && registry.get(next.op).capabilities?.orderInsensitive === true;
  if (reorders.length > 0 && nextInsensitive) return { query: folded, steps: rest };
  if (reorders.length === 1 && folded.sort === undefined) {
    const keys = registry.get(reorders[0]!.op).capabilities!.querySort!(reorders[0]!.params as never);
    return { query: { ...folded, sort: keys }, steps: rest };
  }
  return { query: folded, steps: [...reorders, ...rest] };
}

/** The source's request: the query, the document paths the run needs, and the roles nothing reads (the DOM path). */
function readRequest(query: Query, needs: readonly string[] | undefined, keep: Needs | undefined): ReadRequest {
  if (needs === undefined) return { query };
  return keep?.dropPath === true ? { query, needs, unusedRoles: ['path'] } : { query, needs };
}

/** Read the query's events, applying its sort (memory-bounded) and limit unless the source did. */
function readEvents(source: EventSource, query: Query, context: ReadContext, sort: SortRecords, needs: readonly string[] | undefined, keep: Needs | undefined): EventBatches {
  const stream = source.read(readRequest(query, needs, keep), context);
  const { sort: keys, limit } = query;
  if (keys !== undefined && keys.length > 0 && !stream.sorted) {
    const sorted = sort(stream.batches, compileSort(keys));
    return limit === undefined ? sorted : takeBatches(sorted, limit);
  }
  if (limit !== undefined && !stream.limited) return takeBatches(stream.batches, limit);
  return stream.batches;
}

/**
 * Read events in partition order: a source that sorts natively is asked for (partition fields…, time) and each
 * partition is put in the exact tie order in memory (memory: the largest partition); otherwise the events —
 * reduced to the fields the run needs — go through the memory-bounded sort.
 */
function readPartitioned(
  source: EventSource,
  query: Query,
  context: ReadContext,
  order: PartitionOrder,
  needs: readonly string[] | undefined,
  keep: Needs | undefined,
  budget: SortBudget,
): EventsFrame {
  if (source.capabilities.sort && order.keys === undefined) {
    const sorted: Query = { ...query, sort: [...order.by.map((field) => ({ field, order: 'asc' as const })), { field: 'time', order: 'asc' }] };
    const stream = source.read(readRequest(sorted, needs, keep), context);
    if (stream.sorted) return { kind: 'events', batches: sortWithinPartitions(stream.batches, order.by), order };
  }
  const stream = source.read(readRequest(query, needs, keep), context);
  let batches: EventBatches = stream.batches;
  if (keep !== undefined) batches = mapBatches(batches, projectNeeds(keep));
  return { kind: 'events', batches: sortIntoPartitions(batches, order.by, budget, order.keys), order };
}

async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  for await (const item of source) {
    if (signal.aborted) throw new AbortedError();
    yield item;
  }
}
