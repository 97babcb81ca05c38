import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { EXAMPLE_DOCUMENTS } from '../../../src/core/operators/example-data.js';
import type { OperatorRegistry } from '../../../src/core/pipeline/registry.js';
import { collectRun, startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import type { AnyEnvelope, ResultValue } from '../../../src/core/pipeline/envelope.js';
import { loadPlugins } from '../../../src/plugins/load-plugins.js';
import { createFileSource } from '../../../src/sources/files/file-source.js';
import { resolveMapping } from '../../../src/core/schema/resolve-mapping.js';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { EventSource } from '../../../src/core/source.js';
import { batches } from '../../helpers/events.js';
import { referenceRun } from '../../sources/conformance/reference/run.js';
import { STEPS } from '../../sources/conformance/reference/steps.js';
import { assertSameResult, referenceResult, runResult } from '../../sources/conformance/same-result.js';
import { warningCounts } from '../../sources/conformance/specs.js';
import { PLUGIN_STEPS } from './plugin-reference.js';

/**
 * The operator conformance suite, in the spirit of the sources' `specs(makeSource)`: every registered operator —
 * the built-ins and a test plugin written against the plugin API — must
 * 1. document examples with a hand-written expected output (never computed by the code under test), and give
 *    exactly that output on the example data set read from a real file;
 * 2. give the independent reference's whole answer (test/sources/conformance/reference/, importing nothing from
 *    src/ but types; the test plugin's operators in plugin-reference.ts) for every example, on the example data in
 *    its own order and shuffled three ways — events whole with their derived attributes, rows, graph records,
 *    warnings;
 * 3. release the source when its consumer stops early.
 */
const PLUGIN = path.resolve(import.meta.dirname, '../../fixtures/plugins/foundation-ops.mjs');
let dir = '';
let registry: OperatorRegistry;

/** Mulberry32: a seeded shuffle so failures reproduce. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function runOnFile(name: string, docs: readonly Record<string, unknown>[], pipeline: Record<string, unknown>): Promise<AnyEnvelope> {
  const file = path.join(dir, name);
  await writeFile(file, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const source = createFileSource({ id: 'ex', paths: [file], baseDir: dir, mapping: resolveMapping('userale', {}, ['schema']) });
  return collectRun(startPipeline(pipeline, { registry, defaultSource: 'ex', resolveSource: () => source, now: Date.UTC(2024, 2, 5) }));
}

/** What an example's `output` states: event ids, table rows, or a graph's node and edge records. */
function observed(result: ResultValue): unknown {
  if (result.kind === 'events') return result.events.map((e) => e.id);
  if (result.kind === 'table') return result.rows;
  return { nodes: result.nodes, edges: result.edges };
}

function single(envelope: AnyEnvelope): ResultValue {
  assert.ok('result' in envelope);
  return envelope.result;
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distill-opconf-'));
  registry = createRegistry();
  await loadPlugins(registry, [PLUGIN]);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('operator conformance', () => {
  test('the suite covers every built-in and the test plugin', () => {
    const names = registry.names();
    for (const n of ['filter', 'sort', 'limit', 'project', 'count-by', 'count-over-time', 'partition-spans', 'type-follows', 'tag-area']) assert.ok(names.includes(n), n);
  });

  test('every operator documents at least one example with its expected output', () => {
    const missing: string[] = [];
    for (const { definition } of registry.list()) {
      const examples = definition.examples ?? [];
      if (examples.length === 0) missing.push(`${definition.name}: no example`);
      for (const e of examples) if (e.output === undefined) missing.push(`${definition.name}: "${e.description}" has no output`);
    }
    assert.deepEqual(missing, []);
  });

  test('documented examples give their documented outputs', async () => {
    const failures: string[] = [];
    for (const { definition } of registry.list()) {
      for (const example of definition.examples ?? []) {
        const env = await runOnFile('ex', example.input ?? EXAMPLE_DOCUMENTS, { steps: [{ op: definition.name, ...(example.params as object) }] });
        try {
          assert.deepEqual(observed(single(env)), example.output);
        } catch (error) {
          failures.push(`${definition.name} — ${example.description}: ${(error as Error).message}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test('every operator gives the independent reference\'s answer on its examples, in source order and shuffled', async () => {
    const now = Date.UTC(2024, 2, 5);
    const evaluators = { ...STEPS, ...PLUGIN_STEPS };
    assert.deepEqual(registry.names().filter((n) => evaluators[n] === undefined), [], 'operators without a reference evaluator');
    const failures: string[] = [];
    let checked = 0;
    for (const { definition } of registry.list()) {
      for (const example of definition.examples ?? []) {
        const docs = example.input ?? EXAMPLE_DOCUMENTS;
        const pipeline = { steps: [{ op: definition.name, ...(example.params as object) }] };
        for (const seed of [0, 1, 2, 3]) {
          // Seed 0 is the source order; the others the same documents shuffled, so ids (line numbers) change too.
          const order = seed === 0 ? [...docs] : shuffled(docs, seed);
          const got = await runOnFile('ex', order, pipeline);
          const want = referenceRun(order, order.map((_, i) => `ex#${i + 1}`), pipeline, now, evaluators);
          try {
            assertSameResult(runResult(got, false), referenceResult(want, false), `${definition.name} — ${example.description}, seed ${seed}`);
            assert.deepEqual(warningCounts(got.warnings), want.warnings);
          } catch (error) {
            failures.push((error as Error).message);
          }
          checked++;
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked >= 200, `checked ${checked} runs`);
  });

  test('stopping early releases the source, for every operator', async () => {
    const events: CanonicalEvent[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `m#${i + 1}`,
      time: 1_700_000_000_000 + i,
      user: `u${i % 7}`,
      session: `s${i % 13}`,
      type: i % 3 === 0 ? 'click' : 'focus',
      page: 'https://a.example/x',
      doc: {},
    }));
    for (const { definition } of registry.list()) {
      const example = definition.examples?.[0];
      if (example === undefined) continue;
      const log = { yielded: 0, closed: 0 };
      const source: EventSource = {
        id: 'mem',
        kind: 'memory',
        capabilities: { filter: false, sort: false, aggregate: false },
        describe: () => ({ id: 'mem', kind: 'memory', schema: 'none', capabilities: source.capabilities, details: {} }),
        read: () => ({
          sorted: false,
          limited: false,
          batches: (async function* () {
            try {
              for await (const batch of batches(events, 100)) {
                log.yielded += batch.length;
                yield batch;
              }
            } finally {
              log.closed++;
            }
          })(),
        }),
        fields: async () => [],
      };
      const handle = startPipeline({ steps: [{ op: definition.name, ...(example.params as object) }] }, { registry, defaultSource: 'mem', resolveSource: () => source });
      for await (const _ of handle.result.batches as AsyncIterable<unknown>) break;
      assert.equal(log.closed, 1, `${definition.name} closed the source`);
    }
  });
});
