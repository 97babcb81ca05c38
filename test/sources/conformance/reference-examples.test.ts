import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { EXAMPLE_DOCUMENTS } from '../../../src/core/operators/example-data.js';
import { referenceRun } from './reference/run.js';
import { STEPS } from './reference/steps.js';

// Every built-in operator has an evaluator in the independent reference (reference/steps.ts, sequences.ts,
// analytics.ts), and the reference gives each documented example's hand-written output — so the operator
// conformance suite (test/core/operators/conformance.test.ts), the examples and the reference hold each other to
// account.

test('every built-in operator has a reference evaluator', () => {
  const names = createRegistry().names();
  assert.deepEqual(names.filter((n) => STEPS[n] === undefined), []);
});

test('the reference gives every documented example its documented output', () => {
  let checked = 0;
  for (const { definition } of createRegistry().list()) {
    if (STEPS[definition.name] === undefined) continue;
    for (const example of definition.examples ?? []) {
      const docs = (example.input ?? EXAMPLE_DOCUMENTS) as Record<string, unknown>[];
      const got = referenceRun(docs, docs.map((_, i) => `ex#${i + 1}`), { steps: [{ op: definition.name, ...(example.params as object) }] }, Date.UTC(2024, 2, 5));
      const r = got.result;
      const observed = r.kind === 'events' ? r.events.map((e) => e.id) : r.kind === 'table' ? r.rows : { nodes: r.nodes, edges: r.edges };
      assert.deepEqual(observed, example.output, `${definition.name}: ${example.description}`);
      checked++;
    }
  }
  assert.ok(checked >= 50, `checked ${checked} examples`);
});
