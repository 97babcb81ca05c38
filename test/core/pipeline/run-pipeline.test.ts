import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectRun, runPipeline, runPipelineOutputs, startParsed, startPipeline, foldIntoQuery } from '../../../src/core/pipeline/run-pipeline.js';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { createRegistry as builtins } from '../../../src/core/operators/builtin.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { compileQueryPredicate } from '../../../src/core/query/compile-predicate.js';
import type { EventSource, ReadContext, ReadRequest } from '../../../src/core/source.js';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { SourceNotFoundError } from '../../../src/core/errors.js';
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
