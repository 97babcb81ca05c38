import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Envelope } from '../../../src/core/pipeline/envelope.js';
import type { EventSource, ReadContext } from '../../../src/core/source.js';
import { WarningCollector } from '../../../src/core/warnings.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { buildDataset, type Dataset } from './dataset.js';
import { oracleSource, runOn } from './oracle.js';
import { ANALYTICS_PIPELINES, BOUNDARY_PIPELINES, COUNT_BY_PIPELINES, QUERY_PIPELINES, SEQUENCE_PIPELINES } from './pipelines.js';
import { randomPipelines } from './random-pipelines.js';
import { assertSameResult, referenceResult, runResult } from './same-result.js';
import { referenceRun, type ReferenceResult } from './reference/run.js';

/** A source under test over a dataset, and how to release it. */
export interface SourceUnderTest {
  readonly source: EventSource;
  /** Called once after the suite (drop indices, check the read-only audit, remove files). */
  readonly close: () => Promise<void>;
}

export type MakeSource = (dataset: Dataset) => Promise<SourceUnderTest>;

/** Order events by id when the pipeline does not sort, so unordered reads compare. */
function canonicalOrder(envelope: Envelope, sorted: boolean): unknown {
  const result = envelope.result;
  if (result.kind === 'table') return result.rows;
  if (result.kind !== 'events') return result;
  const events = [...result.events] as CanonicalEvent[];
  if (!sorted) events.sort((a, b) => idNumber(a.id) - idNumber(b.id));
  return events;
}

/** The reference's answer in the same canonical order. */
function referenceOrder(ref: ReferenceResult, sorted: boolean): unknown {
  if (ref.result.kind !== 'events') return ref.result.kind === 'table' ? ref.result.rows : ref.result;
  const events = [...ref.result.events];
  if (!sorted) events.sort((a, b) => idNumber(a.id) - idNumber(b.id));
  return events;
}

/** Warning counts by code, for the codes whose count means the same in every source (docs/pipelines.md). */
export function warningCounts(warnings: readonly { code: string; count: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of warnings) if (COMPARED_WARNINGS.has(w.code)) out[w.code] = (out[w.code] ?? 0) + w.count;
  return out;
}

/** Data and operator warnings; adapter-specific ones (`residual_filter`, `pushdown_fallback`, `tls_unverified`) are free. */
const COMPARED_WARNINGS = new Set([
  'missing_time',
  'untimed_excluded',
  'malformed_json',
  'not_an_object',
  'truncated_json',
  'negative_duration',
  'dangling_dropped',
  'user_conflict',
]);

/** Operators whose events come out in partition order (every sequence operator but rewrite). */
const PARTITION_ORDERED = new Set(['stitch-users', 'sessionize', 'collapse-repeats', 'drop-dangling', 'neighbours', 'sample']);

/** Whether an events result has a defined order: a query sort, a sort step or a partition-ordered operator. */
function orderedEvents(pipeline: Record<string, unknown>): boolean {
  const steps = (pipeline.steps as { op: string }[] | undefined) ?? [];
  return isSorted(pipeline) || steps.some((s) => PARTITION_ORDERED.has(s.op));
}

function idNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('#') + 1));
}

function isSorted(pipeline: Record<string, unknown>): boolean {
  const q = pipeline.query as { sort?: unknown } | undefined;
  const steps = (pipeline.steps as { op: string }[] | undefined) ?? [];
  return q?.sort !== undefined || steps.some((s) => s.op === 'sort');
}

function isLimited(pipeline: Record<string, unknown>): boolean {
  const q = pipeline.query as { limit?: unknown } | undefined;
  const steps = (pipeline.steps as { op: string }[] | undefined) ?? [];
  return q?.limit !== undefined || steps.some((s) => s.op === 'limit');
}

function context(now: number): ReadContext {
  return { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now };
}

/**
 * The source-adapter conformance suite: every adapter, over the same generated dataset, must give exactly the
 * results of the in-memory reference (events compared whole — id, time, roles and document — and tables row by
 * row), the same `matched` count, and report what it kept without a time. Adapter-specific behaviour (what runs
 * natively, warnings about residual filters) is free; results are not.
 */
export function specs(label: string, makeSource: MakeSource, options: { events?: number; randomPipelines?: number } = {}): void {
  describe(`source conformance: ${label}`, () => {
    const dataset = buildDataset(options.events ?? 3000, 7, { boundaries: true });
    const oracle = oracleSource(dataset);
    let sut: SourceUnderTest | undefined;
    const source = (): EventSource => {
      if (sut === undefined) throw new Error('the source under test was not created');
      return sut.source;
    };

    before(async () => {
      sut = await makeSource(dataset);
    });
    after(async () => {
      await sut?.close();
    });

    for (const [name, pipeline] of Object.entries({ ...QUERY_PIPELINES, ...COUNT_BY_PIPELINES })) {
      test(`${name}: same result and matched count as the reference`, async () => {
        const [got, want] = await Promise.all([runOn(source(), pipeline, dataset.now), runOn(oracle, pipeline, dataset.now)]);
        const sorted = isSorted(pipeline);
        assert.deepEqual(canonicalOrder(got, sorted), canonicalOrder(want, sorted));
        assert.equal(got.result.count, want.result.count);
        // With a limit, how many events were matched before stopping depends on how the source reads.
        if (got.result.kind === 'events' && !isLimited(pipeline)) assert.equal(got.stats.matched, want.stats.matched);
      });
    }

    for (const [name, pipeline] of Object.entries({ ...QUERY_PIPELINES, ...COUNT_BY_PIPELINES })) {
      test(`${name}: same result and warning counts as the independent reference`, async () => {
        const got = await runOn(source(), pipeline, dataset.now);
        const want = referenceRun(dataset.docs, dataset.ids, pipeline, dataset.now);
        const sorted = isSorted(pipeline);
        assert.deepEqual(canonicalOrder(got, sorted), referenceOrder(want, sorted));
        assert.deepEqual(warningCounts(got.warnings), want.warnings);
      });
    }

    for (const [name, pipeline] of Object.entries({ ...SEQUENCE_PIPELINES, ...BOUNDARY_PIPELINES, ...ANALYTICS_PIPELINES, ...randomPipelines(options.randomPipelines ?? 30) })) {
      test(`${name}: same result and warning counts as the independent reference`, async () => {
        const got = await runOn(source(), pipeline, dataset.now);
        const want = referenceRun(dataset.docs, dataset.ids, pipeline, dataset.now);
        const byId = !orderedEvents(pipeline);
        assertSameResult(runResult(got, byId), referenceResult(want, byId), JSON.stringify(pipeline));
        assert.deepEqual(warningCounts(got.warnings), want.warnings);
      });
    }

    test('sorting by (session, time) delivers each session whole, in time order, untimed events last in it', async () => {
      const got = await runOn(source(), { query: { sort: ['session', 'time'] } }, dataset.now);
      assert.equal(got.result.kind, 'events');
      const events = got.result.kind === 'events' ? got.result.events : [];
      const seen = new Set<string | undefined>();
      let prev: CanonicalEvent | undefined;
      for (const e of events) {
        if (prev === undefined || prev.session !== e.session) {
          assert.ok(!seen.has(e.session), `session ${String(e.session)} arrives in two pieces`);
          seen.add(e.session);
        } else if (prev.time === undefined) assert.equal(e.time, undefined, 'untimed events come last in a session');
        else if (e.time !== undefined) assert.ok(prev.time <= e.time, 'time order within a session');
        prev = e;
      }
      assert.equal(events.length, dataset.docs.length);
    });

    test('every event without a time is kept and reported once (missing_time)', async () => {
      const got = await runOn(source(), { query: {} }, dataset.now);
      const untimed = got.result.kind === 'events' ? got.result.events.filter((e) => e.time === undefined).length : -1;
      assert.ok(untimed > 0);
      assert.equal(got.warnings.find((w) => w.code === 'missing_time')?.count, untimed);
    });

    test('stopping early releases the source and a new read starts cleanly', async () => {
      const ctx = context(dataset.now);
      const stream = source().read({ query: parseQuery({ sort: ['user', 'time'] }) }, ctx);
      for await (const batch of stream.batches) {
        assert.ok(batch.length > 0);
        break;
      }
      const again = await runOn(source(), { query: { where: { field: 'type', op: 'eq', value: 'click' } } }, dataset.now);
      const want = await runOn(oracle, { query: { where: { field: 'type', op: 'eq', value: 'click' } } }, dataset.now);
      assert.equal(again.result.count, want.result.count);
    });

    test('fields() lists the mapped role fields with their roles and sample counts', async () => {
      const fields = await source().fields({ sample: dataset.docs.length }, context(dataset.now));
      const byName = new Map(fields.map((f) => [f.field, f]));
      assert.deepEqual(byName.get('clientTime')?.roles, ['time']);
      assert.deepEqual(byName.get('sessionId')?.roles, ['session']);
      assert.deepEqual(byName.get('sessionID')?.roles, ['session']);
      assert.deepEqual(byName.get('type')?.roles, ['type']);
      assert.ok((byName.get('type')?.count ?? 0) > 0);
      assert.ok(byName.has('details.clicks'));
    });

    test('describe() names the source and never holds credentials', () => {
      const d = source().describe();
      assert.equal(d.id, source().id);
      assert.doesNotMatch(JSON.stringify(d), /password|apiKey"\s*:\s*"[^"]|bearer"\s*:\s*"[^"]/i);
    });
  });
}
