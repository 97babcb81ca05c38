import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectRun, runPipeline, runPipelineOutputs, singleOutputHandle, startParsed, startPipeline, foldIntoQuery } from '../../../src/core/pipeline/run-pipeline.js';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { createRegistry as builtins } from '../../../src/core/operators/builtin.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { compileQueryPredicate } from '../../../src/core/query/compile-predicate.js';
import { compileSort } from '../../../src/core/query/compile-sort.js';
import type { PartitionOrder } from '../../../src/core/frame.js';
import type { EventSource, ReadContext, ReadRequest } from '../../../src/core/source.js';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { DistillError, SourceNotFoundError } from '../../../src/core/errors.js';
import { collectFrame } from '../../../src/core/frame-kinds.js';
import { mapBatches } from '../../../src/core/stream.js';
import { defineOperator } from '../../../src/core/pipeline/operator.js';
import { z } from 'zod';
import { ev, batches } from '../../helpers/events.js';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';

/** An in-memory source that records what it was asked and how far it was read. */
function memorySource(events: readonly CanonicalEvent[]) {
  const log = { reads: [] as ReadRequest[], yielded: 0, closed: 0 };
  const source: EventSource = {
    id: 'mem',
    kind: 'memory',
    capabilities: { filter: false, sort: false, aggregate: false },
    describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: source.capabilities, details: {} }),
    read(request: ReadRequest, context: ReadContext) {
      log.reads.push(request);
      const p = compileQueryPredicate(request.query, { now: context.now });
      return {
        sorted: false,
        limited: false,
        batches: (async function* () {
          try {
            for await (const batch of batches(events, 2)) {
              context.stats.scanned += batch.length;
              const kept = batch.filter(p);
              context.stats.matched += kept.length;
              log.yielded += batch.length;
              yield kept;
            }
          } finally {
            log.closed++;
          }
        })(),
      };
    },
    fields: async () => [],
  };
  return { source, log };
}

const events = [
  ev('1', 1, { user: 'a', type: 'click' }),
  ev('2', 2, { user: 'b', type: 'focus' }),
  ev('3', 3, { user: 'a', type: 'click' }),
  ev('4', 4, { type: 'click' }),
  ev('5', 5, { user: 'b', type: 'blur' }),
  ev('6', 6, { user: 'a', type: 'focus' }),
];

function options(source: EventSource) {
  return { registry: createRegistry(), defaultSource: 'mem', now: Date.UTC(2024, 0, 1), resolveSource: () => source };
}

test('envelope: version, normalised request with now, source, result, stats, warnings', async () => {
  const { source } = memorySource(events);
  const env = await runPipeline({ query: { where: { field: 'type', op: 'eq', value: 'click' } }, steps: [{ op: 'count-by', by: 'user' }] }, options(source));
  assert.equal(env.distill.version, '0.2.0');
  assert.equal(env.request.now, '2024-01-01T00:00:00.000Z');
  assert.equal(env.request.source, 'mem');
  assert.deepEqual(env.source, { id: 'mem', kind: 'memory' });
  assert.deepEqual(env.result, {
    kind: 'table',
    columns: [
      { name: 'user', type: 'string' },
      { name: 'count', type: 'integer' },
    ],
    count: 2,
    rows: [
      { user: 'a', count: 2 },
      { user: null, count: 1 },
    ],
  });
  assert.equal(env.stats.scanned, 6);
  assert.equal(env.stats.matched, 3);
  assert.deepEqual(env.warnings, []);
});

test('query sort and limit apply after the source; limit stops reading early and closes the source', async () => {
  const { source, log } = memorySource(events);
  const env = await runPipeline({ query: { limit: 3 } }, options(source));
  assert.deepEqual(env.result.kind === 'events' && env.result.events.map((e) => e.id), ['1', '2', '3']);
  assert.equal(log.yielded, 4, 'two batches of two were read, not all six events');
  assert.equal(log.closed, 1);
  const sorted = await runPipeline({ query: { sort: ['-time'], limit: 2 } }, options(memorySource(events).source));
  assert.deepEqual(sorted.result.kind === 'events' && sorted.result.events.map((e) => e.id), ['6', '5']);
});

test('leading filter steps are folded into the query the source sees', async () => {
  const { source, log } = memorySource(events);
  const env = await runPipeline(
    { query: { where: { field: 'user', op: 'eq', value: 'a' } }, steps: [{ op: 'filter', where: { field: 'type', op: 'eq', value: 'click' } }, { op: 'limit', n: 10 }] },
    options(source),
  );
  assert.deepEqual(log.reads[0]!.query.where, {
    all: [
      { field: 'user', op: 'eq', value: 'a' },
      { field: 'type', op: 'eq', value: 'click' },
    ],
  });
  assert.deepEqual(env.result.kind === 'events' && env.result.events.map((e) => e.id), ['1', '3']);
  // not folded past a query limit: it changes which events a later filter sees
  const registry = builtins();
  const filter = { op: 'filter', params: { where: { field: 'type', op: 'eq', value: 'click' } } };
  assert.deepEqual(foldIntoQuery({ limit: 5 }, [filter], registry).steps, [filter]);
  // a query sort does not stop folding: filtering commutes with ordering
  const sorted = foldIntoQuery({ sort: [{ field: 'time', order: 'asc' }] }, [filter], registry);
  assert.deepEqual(sorted, { query: { sort: [{ field: 'time', order: 'asc' }], where: filter.params.where }, steps: [] });
});

test('a pipeline validated once and started many times (concurrently) is planned once: the same request to the source, independent results', async () => {
  const registry = createRegistry();
  const parsed = parsePipeline(
    { query: { where: { field: 'user', op: 'eq', value: 'a' } }, steps: [{ op: 'filter', where: { field: 'type', op: 'eq', value: 'click' } }, { op: 'count-by', by: 'type' }] },
    { registry, defaultSource: 'mem' },
  );
  const runs = Array.from({ length: 4 }, (_, i) => {
    const { source, log } = memorySource(i % 2 === 0 ? events : events.slice(0, 2));
    return { log, handle: startParsed(parsed, { registry, defaultSource: 'mem', now: Date.UTC(2024, 0, 1), resolveSource: () => source }) };
  });
  const results = (await Promise.all(runs.map((r) => collectRun(r.handle)))) as Envelope[];
  for (const [i, env] of results.entries()) {
    assert.deepEqual(env.result.kind === 'table' && env.result.rows, [{ type: 'click', count: i % 2 === 0 ? 2 : 1 }]);
    assert.deepEqual([env.stats.scanned, env.stats.matched], i % 2 === 0 ? [6, 2] : [2, 1]);
  }
  const first = runs[0]!.log.reads[0]!;
  assert.deepEqual(first.query.where, { all: [{ field: 'user', op: 'eq', value: 'a' }, { field: 'type', op: 'eq', value: 'click' }] });
  for (const r of runs) assert.equal(r.log.reads[0]!.query, first.query, 'the folded query is the one planned once');
});

test('a source pushdown replaces the first step and is reported', async () => {
  const { source, log } = memorySource(events);
  let asked: unknown;
  source.pushdown = (request, context) => {
    asked = request;
    context.stats.pushedDown.push('aggregation:count-by');
    return { kind: 'table', columns: [{ name: 'n', type: 'integer' }], batches: batches([{ n: 42 }]) };
  };
  const env = await runPipeline({ steps: [{ op: 'count-by', by: 'type' }, { op: 'limit', n: 1 }] }, options(source));
  assert.deepEqual((asked as { step: { op: string } }).step.op, 'count-by');
  assert.equal(log.reads.length, 0, 'no events were read');
  assert.deepEqual(env.result.kind === 'table' && env.result.rows, [{ n: 42 }]);
  assert.deepEqual(env.stats.pushedDown, ['aggregation:count-by']);
});

test('nothing is read until the result is consumed', async () => {
  const { source, log } = memorySource(events);
  const handle = startPipeline({ steps: [{ op: 'count-by', by: 'type' }] }, options(source));
  assert.equal(log.yielded, 0);
  assert.equal(handle.result.kind, 'table');
  for await (const _ of handle.result.kind === 'table' ? handle.result.batches : []) void _;
  assert.equal(log.yielded, 6);
});

test('an aborted signal stops the run with code aborted', async () => {
  const { source } = memorySource(events);
  const controller = new AbortController();
  const handle = startPipeline({}, { ...options(source), signal: controller.signal });
  controller.abort();
  await assert.rejects(async () => {
    for await (const _ of handle.result.kind === 'events' ? handle.result.batches : []) void _;
  }, { code: 'aborted' });
});

test('an unknown source propagates source_not_found', () => {
  assert.throws(
    () =>
      startPipeline({ source: 'nope' }, {
        ...options(memorySource(events).source),
        resolveSource: (name: string) => {
          throw new SourceNotFoundError(`No source named "${name}".`);
        },
      }),
    { code: 'source_not_found' },
  );
});

/** A partitioned operator that reports the attribute names of the events it was given (a table of one column). */
const seenAttrs = defineOperator({
  name: 'seen-attrs',
  summary: 'test: attribute names seen',
  description: 'test',
  params: z.strictObject({ fields: z.array(z.string()).default([]) }),
  accepts: ['events'],
  produces: () => 'table',
  examples: [],
  fields: (params) => params.fields,
  partition: () => ({ by: ['user'] }),
  run(input) {
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return {
      kind: 'table',
      columns: [{ name: 'attrs', type: 'string' }],
      batches: (async function* () {
        const seen = new Set<string>();
        for await (const batch of upstream) for (const e of batch) seen.add(Object.keys(e.attrs ?? {}).sort().join(','));
        yield [...seen].sort().map((attrs) => ({ attrs }));
      })(),
    };
  },
});

test('events held by a partition sort keep only the derived attributes later steps read', async () => {
  const { source } = memorySource(events);
  const registry = createRegistry().register(seenAttrs, 'test');
  const run = (steps: unknown[], outputs?: Record<string, unknown[]>) =>
    runPipeline({ steps, ...(outputs === undefined ? {} : { outputs }) }, { ...options(source), registry });
  const rows = async (steps: unknown[]) => ((await run(steps)).result as unknown as { rows: unknown[] }).rows;
  // stitch-users derives sourceUser and userStitch; the sort for seen-attrs (by user) drops what it does not read.
  assert.deepEqual(await rows([{ op: 'stitch-users' }, { op: 'seen-attrs' }]), [{ attrs: '' }]);
  assert.deepEqual(await rows([{ op: 'stitch-users' }, { op: 'seen-attrs', fields: ['attrs.userStitch'] }]), [{ attrs: 'userStitch' }]);
  assert.deepEqual(await rows([{ op: 'stitch-users' }, { op: 'seen-attrs', fields: ['sourceUser', 'doc.userStitch'] }]), [{ attrs: 'sourceUser' }]);
  // Shared steps of a multi-output run keep every attribute (the branches are not looked at).
  const multi = await runPipelineOutputs({ steps: [{ op: 'stitch-users' }, { op: 'seen-attrs' }], outputs: { a: [], b: [] } }, { ...options(source), registry });
  assert.deepEqual(multi.results.a, multi.results.b);
  assert.deepEqual((multi.results.a as unknown as { rows: unknown[] }).rows, [{ attrs: 'sourceUser,userStitch' }]);
  // Events out: every attribute stays.
  const out = await run([{ op: 'stitch-users' }, { op: 'sessionize', partitionBy: ['user'] }]);
  assert.deepEqual(Object.keys((out.result as unknown as { events: CanonicalEvent[] }).events[0]!.attrs!).sort(), ['sourceSession', 'sourceUser', 'userStitch']);
});

// ---- The runner's plan, held to exact values: what the source is asked, what order and attributes steps see. ----

/** What a probe step saw: its input's declared order and the events, in the order it got them. */
interface Seen {
  readonly order: PartitionOrder | undefined;
  readonly events: CanonicalEvent[];
}

interface ProbeSpec {
  /** Partition fields (with `keys`); absent: the probe declares no partition at all. */
  readonly by?: readonly string[];
  readonly keys?: 'id-prefix';
  /** Fields the probe declares it reads (default none). */
  readonly fields?: readonly string[];
  readonly preservesOrder?: boolean;
  /** Yield the events in reverse (while still claiming to preserve the order, when `preservesOrder`). */
  readonly reverse?: boolean;
  /** The order the probe's output claims (set on its frame). */
  readonly claims?: (input: PartitionOrder | undefined) => PartitionOrder | undefined;
  readonly emitsOrder?: { readonly by: readonly string[]; readonly input: PartitionOrder };
}

/** A pass-through operator named `name` that records what it was given (see {@link Seen}). */
function probe(name: string, spec: ProbeSpec = {}) {
  const seen: Seen[] = [];
  const op = defineOperator({
    name,
    summary: 'test probe',
    description: 'test',
    params: z.strictObject({}),
    accepts: ['events'],
    produces: () => 'events',
    examples: [],
    fields: () => spec.fields ?? [],
    ...(spec.by === undefined ? {} : { partition: () => ({ by: spec.by!, ...(spec.keys === undefined ? {} : { keys: spec.keys }) }) }),
    ...(spec.emitsOrder === undefined ? {} : { emitsOrder: () => spec.emitsOrder! }),
    ...(spec.preservesOrder === undefined ? {} : { capabilities: { preservesOrder: spec.preservesOrder } }),
    run(input) {
      const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
      const claimed = spec.claims?.(input.kind === 'events' ? input.order : undefined);
      return {
        kind: 'events',
        ...(claimed === undefined ? {} : { order: claimed }),
        batches: (async function* () {
          const got: CanonicalEvent[] = [];
          for await (const batch of upstream) got.push(...batch);
          seen.push({ order: input.kind === 'events' ? input.order : undefined, events: got });
          yield spec.reverse === true ? [...got].reverse() : got;
        })(),
      };
    },
  });
  return { op, seen };
}

const ids = (s: Seen | undefined) => s?.events.map((e) => e.id);

/** A source that sorts natively (`refuses`: it says it can, then returns events unsorted), recording its reads. */
function sortingSource(list: readonly CanonicalEvent[], refuses = false) {
  const { source, log } = memorySource(list);
  const plain = source.read.bind(source);
  const native: EventSource = {
    ...source,
    capabilities: { filter: false, sort: true, aggregate: false },
    read(request, context) {
      const stream = plain(request, context);
      const keys = request.query.sort;
      if (keys === undefined || refuses) return stream;
      const compare = compileSort(keys);
      return {
        sorted: true,
        limited: false,
        batches: (async function* () {
          const all: CanonicalEvent[] = [];
          for await (const b of stream.batches) all.push(...b);
          yield all.sort(compare);
        })(),
      };
    },
  };
  return { source: native, log };
}

const registryWith = (...ops: { op: ReturnType<typeof probe>['op'] }[]) => {
  const r = createRegistry();
  for (const { op } of ops) r.register(op as never, 'test');
  return r;
};

// Partition order by user (key values, missing last): a: 1 3 6, b: 2 5, missing: 4.
const BY_USER = ['1', '3', '6', '2', '5', '4'];

test('strict: the request echoes the pipeline strict flag, forced on (never off) by RunOptions.strict', async () => {
  const strictOf = async (pipelineStrict: boolean, optionStrict: boolean | undefined) =>
    (await runPipeline({ strict: pipelineStrict }, { ...options(memorySource(events).source), strict: optionStrict })).request.strict;
  const got = [];
  for (const [p, o] of [[false, undefined], [true, undefined], [false, true], [true, true], [false, false], [true, false]] as const) got.push(await strictOf(p, o));
  assert.deepEqual(got, [false, true, true, true, false, true]);
});

test('the source pushdown is not offered to a run with named outputs, a query sort or a query limit', async () => {
  const countByType = { op: 'count-by', by: 'type' };
  const cases: [unknown, unknown][] = [
    [{ steps: [countByType], outputs: { a: [], b: [] } }, { a: [{ type: 'click', count: 3 }, { type: 'focus', count: 2 }, { type: 'blur', count: 1 }] }],
    [{ query: { sort: ['-time'] }, steps: [countByType] }, [{ type: 'click', count: 3 }, { type: 'focus', count: 2 }, { type: 'blur', count: 1 }]],
    [{ query: { limit: 4 }, steps: [countByType] }, [{ type: 'click', count: 3 }, { type: 'focus', count: 1 }]],
  ];
  for (const [pipeline, expected] of cases) {
    const { source, log } = memorySource(events);
    let offered = 0;
    source.pushdown = () => {
      offered++;
      return { kind: 'table', columns: [{ name: 'n', type: 'integer' }], batches: batches([{ n: 42 }]) };
    };
    const handle = startPipeline(pipeline, options(source));
    const env = await collectRun(handle);
    assert.equal(offered, 0);
    assert.equal(log.reads.length, 1);
    if ('results' in env) assert.deepEqual((env.results.a as unknown as { rows: unknown[] }).rows, (expected as { a: unknown }).a);
    else assert.deepEqual((env.result as unknown as { rows: unknown[] }).rows, expected);
    assert.deepEqual(env.stats.pushedDown, []);
  }
});

test('a query limit or sort before a partitioned first step is applied before the partition sort', async () => {
  const p = probe('p', { by: ['user'] });
  const registry = registryWith(p);
  await runPipeline({ query: { limit: 3 }, steps: [{ op: 'p' }] }, { ...options(memorySource(events).source), registry });
  assert.deepEqual(ids(p.seen[0]), ['1', '3', '2']);
  assert.deepEqual(p.seen[0]!.order, { by: ['user'] });
  // A source that sorts is asked for the query's sort, not for the partition order (the runner sorts after it).
  const { source, log } = sortingSource(events);
  await runPipeline({ query: { sort: ['-time'] }, steps: [{ op: 'p' }] }, { ...options(source), registry });
  assert.deepEqual(log.reads.map((r) => r.query), [{ sort: [{ field: 'time', order: 'desc' }] }]);
  assert.deepEqual(ids(p.seen[1]), BY_USER);
});

test('named outputs: record options per output, the selected output, and the errors for the wrong entry point', async () => {
  const opts = options(memorySource(events).source);
  // An output may be named "result": recordOptions() without a name is that output's.
  const pipeline = { query: { fields: ['type'] }, steps: [{ op: 'stitch-users' }], outputs: { result: [{ op: 'sessionize', partitionBy: ['user'] }], other: [] } };
  const handle = startPipeline(pipeline, opts);
  assert.equal(handle.multi, true);
  assert.deepEqual(Object.keys(handle.outputs), ['result', 'other']);
  assert.equal('selected' in handle.request, false);
  assert.deepEqual(handle.recordOptions(), { fields: ['type'], attrs: ['sourceUser', 'userStitch', 'sourceSession'], records: undefined });
  assert.deepEqual(handle.recordOptions('result'), { fields: ['type'], attrs: ['sourceUser', 'userStitch', 'sourceSession'], records: undefined });
  assert.deepEqual(handle.recordOptions('other'), { fields: ['type'], attrs: ['sourceUser', 'userStitch'], records: undefined });
  assert.deepEqual(handle.recordOptions('nope'), { fields: ['type'], attrs: ['sourceUser', 'userStitch'], records: undefined });
  assert.throws(() => handle.result, { code: 'invalid_argument', message: 'This pipeline has several outputs (result, other): choose one, or read them all as JSON.' });
  await assert.rejects(runPipeline(pipeline, opts), {
    code: 'invalid_argument',
    message: 'This pipeline has named outputs (result, other): run it with runPipelineOutputs() (library) or Distill.runOutputs(), or choose one output.',
  });
  await assert.rejects(runPipelineOutputs({ steps: [] }, opts), { code: 'invalid_argument', message: 'This pipeline has a single output: run it with runPipeline() / Distill.run().' });

  // One output selected: the shared steps, then its own; the request says which.
  const other = startPipeline(pipeline, { ...opts, output: 'other' });
  assert.equal(other.multi, false);
  assert.equal(other.request.selected, 'other');
  assert.deepEqual(other.request.steps.map((s) => s.op), ['stitch-users']);
  assert.equal('outputs' in other.request, false);
  const env = (await collectRun(other)) as Envelope;
  const out = env.result as unknown as { events: CanonicalEvent[] };
  assert.deepEqual(out.events.map((e) => [e.id, Object.keys(e.attrs ?? {}).sort().join(',')]), events.map((e) => [e.id, 'sourceUser,userStitch']));
  const chosen = await runPipeline(pipeline, { ...opts, output: 'result' });
  assert.deepEqual(Object.keys((chosen.result as unknown as { events: CanonicalEvent[] }).events[0]!.attrs!).sort(), ['sourceSession', 'sourceUser', 'userStitch']);

  // Unknown output names.
  const unknown = (p: unknown) => {
    try {
      startPipeline(p, { ...opts, output: 'x' });
    } catch (e) {
      return { code: (e as DistillError).code, message: (e as DistillError).message, issues: (e as DistillError).issues };
    }
    return undefined;
  };
  assert.deepEqual(unknown(pipeline), {
    code: 'invalid_argument',
    message: 'No output named "x". Outputs: result, other.',
    issues: [{ code: 'unknown_output', path: ['output'], message: 'One of result, other.' }],
  });
  assert.deepEqual(unknown({ steps: [] }), {
    code: 'invalid_argument',
    message: 'No output named "x". This pipeline has a single output.',
    issues: [{ code: 'unknown_output', path: ['output'], message: 'Leave the output name out.' }],
  });
});

test('each named output drops, before its own partition sorts, the derived attributes its later steps do not read', async () => {
  const registry = createRegistry().register(seenAttrs, 'test');
  const multi = await runPipelineOutputs(
    { steps: [{ op: 'stitch-users' }], outputs: { a: [{ op: 'seen-attrs' }], b: [{ op: 'seen-attrs', fields: ['userStitch'] }] } },
    { ...options(memorySource(events).source), registry },
  );
  assert.deepEqual(multi.results, {
    a: { kind: 'table', columns: [{ name: 'attrs', type: 'string' }], count: 1, rows: [{ attrs: '' }] },
    b: { kind: 'table', columns: [{ name: 'attrs', type: 'string' }], count: 1, rows: [{ attrs: 'userStitch' }] },
  });
});

test('singleOutputHandle: one frame of a run as a single-output handle sharing its request, record options and statistics', async () => {
  const handle = startPipeline({ steps: [{ op: 'stitch-users' }], outputs: { a: [{ op: 'sessionize', partitionBy: ['user'] }], b: [] } }, options(memorySource(events).source));
  const frame = handle.outputs.a!;
  const single = singleOutputHandle(handle, frame, { name: 'a' });
  assert.equal(single.multi, false);
  assert.deepEqual(Object.keys(single.outputs), ['result']);
  assert.equal(single.outputs.result, frame);
  assert.equal(single.result, frame);
  assert.equal(single.request, handle.request);
  assert.deepEqual(single.recordOptions(), handle.recordOptions('a'));
  const finish = () => ({ stats: { scanned: 1, matched: 1, skipped: 0, tookMs: 0, pushedDown: [] }, warnings: [] });
  assert.equal(singleOutputHandle(handle, frame, { finish }).finish, finish);
  assert.deepEqual(singleOutputHandle(handle, frame).recordOptions(), handle.recordOptions());
});

test('stats.tookMs is the run time in milliseconds (three decimals), from the start to finish()', async () => {
  const before = performance.now();
  const handle = startPipeline({ steps: [{ op: 'count-by', by: 'type' }] }, options(memorySource(events).source));
  const from = performance.now();
  await collectFrame(handle.result);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const to = performance.now();
  const { stats } = handle.finish();
  const after = performance.now();
  assert.ok(stats.tookMs >= Math.floor((to - from) * 1000) / 1000, `${stats.tookMs} ≥ ${to - from}`);
  assert.ok(stats.tookMs <= Math.ceil((after - before) * 1000) / 1000, `${stats.tookMs} ≤ ${after - before}`);
  assert.equal(Math.round(stats.tookMs * 1000) / 1000, stats.tookMs);
});

test('emitsOrder: a step gets the input order it declares when the next step partitions by what it can emit', async () => {
  const emitted = { by: ['type'], input: { by: ['user'], keys: 'id-prefix' as const } };
  // The emitter claims the next step's order when given the input order it asked for (it does not sort: the test
  // sees whether the runner re-sorted after it).
  const e = probe('e', { by: ['user'], emitsOrder: emitted, claims: (o) => (o?.keys === 'id-prefix' ? { by: ['type'] } : undefined) });
  const free = probe('free', { emitsOrder: emitted, claims: () => undefined });
  const t = probe('t', { by: ['type'] });
  const u = probe('u', { by: ['user'] });
  const registry = registryWith(e, free, t, u);
  const run = (steps: string[]) => runPipeline({ query: { fields: ['type'] }, steps: steps.map((op) => ({ op })) }, { ...options(memorySource(events).source), registry });
  await run(['e', 't']);
  assert.deepEqual(e.seen[0]!.order, { by: ['user'], keys: 'id-prefix' });
  assert.deepEqual(t.seen[0]!.order, { by: ['type'] });
  assert.deepEqual(ids(t.seen[0]), ids(e.seen[0]), 'no re-sort between the two');
  // The next step partitions otherwise: the step's own partition order.
  await run(['e', 'u']);
  assert.deepEqual(e.seen[1]!.order, { by: ['user'] });
  assert.deepEqual(ids(e.seen[1]), BY_USER);
  // The last step: its own order.
  await run(['e']);
  assert.deepEqual(e.seen[2]!.order, { by: ['user'] });
  // A step that declares no partition gets its input as it comes, emitsOrder or not.
  await run(['free', 't']);
  assert.deepEqual(free.seen[0]!.order, undefined);
  assert.deepEqual(ids(free.seen[0]), ['1', '2', '3', '4', '5', '6']);
  assert.deepEqual(ids(t.seen[1]), ['5', '1', '3', '4', '2', '6']);
});

test('a step that preserves order keeps its input partition order on its output, unless it declares its own', async () => {
  const p = probe('p', { by: ['user'], preservesOrder: true });
  // reverses its input while declaring that it preserves the order: whether the next step was re-sorted shows
  const liar = probe('liar', { reverse: true, preservesOrder: true });
  const plain = probe('plain', { reverse: true });
  const unordered = probe('unordered', { reverse: true, preservesOrder: false });
  const byType = probe('by-type', { preservesOrder: true, claims: () => ({ by: ['type'] }) });
  const q = probe('q', { by: ['user'] });
  const t = probe('t', { by: ['type'] });
  const registry = registryWith(p, liar, plain, unordered, byType, q, t);
  const run = (steps: string[]) => runPipeline({ query: { fields: ['type'] }, steps: steps.map((op) => ({ op })) }, { ...options(memorySource(events).source), registry });
  const reversed = [...BY_USER].reverse();
  await run(['p', 'liar', 'q']);
  assert.deepEqual(ids(q.seen[0]), reversed);
  assert.deepEqual(q.seen[0]!.order, { by: ['user'] });
  for (const step of ['plain', 'unordered']) {
    await run(['p', step, 'q']);
    assert.deepEqual(ids(q.seen.at(-1)), BY_USER, step);
  }
  // Without an input order there is nothing to keep: the next step sorts.
  await run(['liar', 'q']);
  assert.deepEqual(ids(q.seen.at(-1)), BY_USER);
  // Its own declared order wins over the input's.
  await run(['p', 'by-type', 't']);
  assert.deepEqual(ids(t.seen[0]), BY_USER);
  assert.deepEqual(t.seen[0]!.order, { by: ['type'] });
});

test('partition orders compare exactly: the same fields in the same order, and the same key order', async () => {
  const p = probe('p', { by: ['user'], preservesOrder: true });
  const pk = probe('pk', { by: ['user'], keys: 'id-prefix', preservesOrder: true });
  const pt = probe('pt', { by: ['user', 'type'], preservesOrder: true });
  const liar = probe('liar', { reverse: true, preservesOrder: true });
  const q = probe('q', { by: ['user'] });
  const q2 = probe('q2', { by: ['user', 'type'] });
  const qs = probe('qs', { by: ['user', 'session'] });
  const qt = probe('qt', { by: ['type', 'user'] });
  const registry = registryWith(p, pk, pt, liar, q, q2, qs, qt);
  const run = (steps: string[]) => runPipeline({ query: { fields: ['type'] }, steps: steps.map((op) => ({ op })) }, { ...options(memorySource(events).source), registry });
  await run(['pk', 'q']);
  assert.deepEqual(pk.seen[0]!.order, { by: ['user'], keys: 'id-prefix' });
  assert.deepEqual(q.seen[0]!.order, { by: ['user'] });
  await run(['p', 'q2']);
  assert.deepEqual(q2.seen[0]!.order, { by: ['user', 'type'] });
  await run(['pt', 'qs']);
  assert.deepEqual(qs.seen[0]!.order, { by: ['user', 'session'] });
  await run(['pt', 'qt']);
  assert.deepEqual(qt.seen[0]!.order, { by: ['type', 'user'] });
  // The same order: not re-sorted (the reversal stays visible).
  await run(['pt', 'liar', 'q2']);
  assert.deepEqual(ids(q2.seen[1]), [...ids(pt.seen[2])!].reverse());
  assert.deepEqual(q2.seen[1]!.order, { by: ['user', 'type'] });
});

test('derived attributes before a partition sort: kept events pass unchanged, dropped ones leave attrs unset, later steps only count', async () => {
  const all = probe('all', { by: ['user'], fields: ['userStitch', 'sourceUser'] });
  const none = probe('none', { by: ['user'] });
  const unsorted = probe('unsorted');
  const p1 = probe('p1', { by: ['user'], fields: ['userStitch'], preservesOrder: true });
  const p2 = probe('p2', { by: ['type'] });
  const registry = registryWith(all, none, unsorted, p1, p2);
  // count-by at the end: the result is not events, so the run knows every attribute it reads
  const run = (steps: unknown[]) => runPipeline({ steps: [...steps, { op: 'count-by', by: 'type' }] }, { ...options(memorySource(events).source), registry });
  // every attribute is read: the events are the very objects stitch-users made (no copy)
  await run([{ op: 'stitch-users' }, { op: 'unsorted' }, { op: 'all' }]);
  const made = new Map(unsorted.seen[0]!.events.map((e) => [e.id, e]));
  assert.deepEqual(all.seen[0]!.events.map((e) => [e.id, e === made.get(e.id)]), BY_USER.map((id) => [id, true]));
  // none is read: attrs is unset (not an empty object)
  await run([{ op: 'stitch-users' }, { op: 'none' }]);
  assert.deepEqual(
    none.seen[0]!.events.map((e) => [e.id, 'attrs' in e, e.attrs]),
    BY_USER.map((id) => [id, true, undefined]),
  );
  // Only the steps from the sorted one on count: userStitch, read by p1, is gone by the sort for p2.
  await run([{ op: 'stitch-users' }, { op: 'p1' }, { op: 'p2' }]);
  assert.deepEqual(p1.seen[0]!.events.map((e) => Object.keys(e.attrs ?? {}).join(',')), BY_USER.map(() => 'userStitch'));
  assert.deepEqual(p2.seen[0]!.events.map((e) => e.attrs), events.map(() => undefined));
});

test('a pipeline planned with one registry is planned again when started with another', async () => {
  const define = (folds: boolean) =>
    defineOperator({
      name: 'only-clicks',
      summary: 'test',
      description: 'test',
      params: z.strictObject({}),
      accepts: ['events'],
      produces: () => 'events',
      examples: [],
      fields: () => ['type'],
      ...(folds ? { capabilities: { foldsInto: () => ({ field: 'type', op: 'eq' as const, value: 'click' }) } } : {}),
      run: (input) => (input.kind === 'events' ? { ...input, batches: mapBatches(input.batches, (e) => e) } : input),
    });
  const folding = createRegistry().register(define(true), 'test');
  const plain = createRegistry().register(define(false), 'test');
  const parsed = parsePipeline({ steps: [{ op: 'only-clicks' }] }, { registry: folding, defaultSource: 'mem' });
  const readWith = async (registry: typeof plain) => {
    const { source, log } = memorySource(events);
    await collectRun(startParsed(parsed, { ...options(source), registry }));
    return log.reads.map((r) => r.query);
  };
  assert.deepEqual(await readWith(folding), [{ where: { field: 'type', op: 'eq', value: 'click' } }]);
  assert.deepEqual(await readWith(plain), [{}]);
  assert.deepEqual(await readWith(folding), [{ where: { field: 'type', op: 'eq', value: 'click' } }]);
});

const withPaths = events.map((e, i) => ({ ...e, path: ['button', `#b${i}`], doc: { x: i, y: 'drop me' } }));

test('the read request: the document paths the run needs, and the DOM path role when nothing reads it', async () => {
  const p = probe('p', { by: ['user'], fields: ['doc.x'] });
  const pp = probe('pp', { by: ['user'], fields: ['doc.x', 'path'] });
  const registry = registryWith(p, pp);
  const read = async (pipeline: unknown) => {
    const { source, log } = memorySource(withPaths);
    await collectRun(startPipeline(pipeline, { ...options(source), registry }));
    return log.reads;
  };
  const countByType = { op: 'count-by', by: 'type' };
  assert.deepStrictEqual(await read({ steps: [{ op: 'p' }, countByType] }), [{ query: {}, needs: ['x'], unusedRoles: ['path'] }]);
  assert.deepEqual(p.seen[0]!.events.map((e) => [e.id, e.path, e.doc]), BY_USER.map((id) => [id, undefined, { x: Number(id) - 1 }]));
  assert.deepStrictEqual(await read({ steps: [{ op: 'pp' }, countByType] }), [{ query: {}, needs: ['x'] }]);
  assert.deepEqual(pp.seen[0]!.events.map((e) => [e.id, e.path, e.doc]), BY_USER.map((id) => [id, ['button', `#b${Number(id) - 1}`], { x: Number(id) - 1 }]));
  // Events out without a projection: whole documents, every role.
  assert.deepStrictEqual(await read({ steps: [{ op: 'p' }] }), [{ query: {} }]);
  assert.deepEqual(p.seen[1]!.events.map((e) => [e.id, e.path, e.doc]), BY_USER.map((id) => [id, ['button', `#b${Number(id) - 1}`], { x: Number(id) - 1, y: 'drop me' }]));
});

test('documents are reduced to the needed paths at the read only when some step sorts or partitions events', async () => {
  const p = probe('p', { by: ['user'], fields: ['doc.x'] });
  const peek = probe('peek', { fields: ['doc.x'] });
  const registry = registryWith(p, peek);
  const docs = async (steps: unknown[], seen: Seen[]) => {
    await runPipeline({ steps: [...steps, { op: 'count-by', by: 'type' }] }, { ...options(memorySource(withPaths).source), registry });
    return seen.at(-1)!.events.map((e) => [e.id, e.path?.length, e.doc]);
  };
  const limit = { op: 'limit', n: 10 };
  assert.deepEqual(await docs([limit, { op: 'peek' }], peek.seen), withPaths.map((e) => [e.id, 2, e.doc]));
  assert.deepEqual(await docs([limit, { op: 'p' }], p.seen), BY_USER.map((id) => [id, undefined, { x: Number(id) - 1 }]));
  assert.deepEqual(await docs([limit, { op: 'sort', by: ['-time'] }, { op: 'peek' }], peek.seen), [...withPaths].reverse().map((e) => [e.id, undefined, { x: e.doc.x }]));
});

test('foldIntoQuery: exact plans for filters, reorders and order-insensitive steps', () => {
  const registry = builtins();
  const sortStep = (field: string) => ({ op: 'sort', params: { by: [{ field, order: 'asc' }] } });
  const filter = { op: 'filter', params: { where: { field: 'type', op: 'eq', value: 'click' } } };
  const countBy = { op: 'count-by', params: { by: ['type'] } };
  const limit = { op: 'limit', params: { n: 2 } };
  const where = { field: 'user', op: 'eq', value: 'a' } as const;
  assert.deepStrictEqual(foldIntoQuery({}, [], registry), { query: {}, steps: [] });
  const q = { where };
  assert.equal(foldIntoQuery(q, [], registry).query, q, 'nothing folded: the query itself');
  assert.deepStrictEqual(foldIntoQuery({}, [sortStep('user')], registry), { query: { sort: [{ field: 'user', order: 'asc' }] }, steps: [] });
  assert.deepStrictEqual(foldIntoQuery({}, [sortStep('user'), limit], registry), { query: { sort: [{ field: 'user', order: 'asc' }] }, steps: [limit] });
  assert.deepStrictEqual(foldIntoQuery({}, [sortStep('user'), countBy], registry), { query: {}, steps: [countBy] });
  assert.deepStrictEqual(foldIntoQuery({}, [filter, sortStep('user'), filter, countBy], registry), { query: { where: { all: [filter.params.where, filter.params.where] } }, steps: [countBy] });
  assert.deepStrictEqual(foldIntoQuery({}, [sortStep('user'), sortStep('time'), limit], registry), { query: {}, steps: [sortStep('user'), sortStep('time'), limit] });
  const sorted = { sort: [{ field: 'time', order: 'desc' as const }] };
  assert.deepStrictEqual(foldIntoQuery(sorted, [sortStep('user'), limit], registry), { query: sorted, steps: [sortStep('user'), limit] });
  assert.deepStrictEqual(foldIntoQuery({ where }, [filter], registry), { query: { where: { all: [where, filter.params.where] } }, steps: [] });
  assert.deepStrictEqual(foldIntoQuery({}, [filter], registry), { query: { where: filter.params.where }, steps: [] });
});

test('an empty query sort is no sort: a limit still stops the read early', async () => {
  const { source, log } = memorySource(events);
  const env = await runPipeline({ query: { sort: [], limit: 3 } }, options(source));
  assert.deepEqual(env.result.kind === 'events' && env.result.events.map((e) => e.id), ['1', '2', '3']);
  assert.equal(log.yielded, 4);
});

test('partitioned reads: a sorting source is asked for the partition order (once), others are sorted in memory', async () => {
  const p = probe('p', { by: ['user'] });
  const pk = probe('pk', { by: ['user'], keys: 'id-prefix' });
  const registry = registryWith(p, pk);
  const where = { field: 'type', op: 'in', value: ['click', 'focus', 'blur'] };
  const run = async (made: { source: EventSource; log: { reads: ReadRequest[] } }, op: string) => {
    await runPipeline({ query: { where }, steps: [{ op }, { op: 'count-by', by: 'type' }] }, { ...options(made.source), registry });
    return made.log.reads.map((r) => r.query);
  };
  assert.deepStrictEqual(await run(sortingSource(events), 'p'), [{ where, sort: [{ field: 'user', order: 'asc' }, { field: 'time', order: 'asc' }] }]);
  assert.deepEqual(ids(p.seen.at(-1)), BY_USER);
  // It says it sorts but returned events unsorted: read again and sort in memory.
  assert.deepStrictEqual(await run(sortingSource(events, true), 'p'), [{ where, sort: [{ field: 'user', order: 'asc' }, { field: 'time', order: 'asc' }] }, { where }]);
  assert.deepEqual(ids(p.seen.at(-1)), BY_USER);
  assert.deepStrictEqual(await run(memorySource(events), 'p'), [{ where }]);
  assert.deepEqual(ids(p.seen.at(-1)), BY_USER);
  // An id-prefix key order is not what a source sorts by: sorted in memory.
  assert.deepStrictEqual(await run(sortingSource(events), 'pk'), [{ where }]);
  assert.deepEqual(pk.seen.at(-1)!.order, { by: ['user'], keys: 'id-prefix' });
});

test('a run with a signal that is not aborted runs to the end', async () => {
  const controller = new AbortController();
  const env = await runPipeline({ steps: [{ op: 'count-by', by: 'type' }] }, { ...options(memorySource(events).source), signal: controller.signal });
  assert.deepEqual(env.result.kind === 'table' && env.result.rows, [{ type: 'click', count: 3 }, { type: 'focus', count: 2 }, { type: 'blur', count: 1 }]);
});
