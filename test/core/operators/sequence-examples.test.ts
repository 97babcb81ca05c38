import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { readEvents } from '../../../src/library.js';
import { run } from './sequence-run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SEQUENCE_OPS = ['sessionize', 'stitch-users', 'segment', 'collapse-repeats', 'intervals', 'drop-dangling', 'neighbours', 'sandwich', 'rewrite', 'resample', 'sample'];

async function sample(): Promise<CanonicalEvent[]> {
  const out: CanonicalEvent[] = [];
  for await (const batch of readEvents(path.join(root, 'dist-config/sample/userale-sample.ndjson'))) out.push(...batch);
  return out;
}

test('every documented example of the sequence operators runs on the bundled sample, the same in any batching and input order', async () => {
  const events = await sample();
  const reversed = [...events].reverse();
  const registry = createRegistry();
  let checked = 0;
  for (const name of SEQUENCE_OPS) {
    const examples = registry.get(name).examples ?? [];
    assert.ok(examples.length >= 2, `${name} documents at least two examples`);
    for (const example of examples) {
      const params = example.params as Record<string, unknown>;
      const a = await run(name, params, events, 1000);
      const b = await run(name, params, reversed, 7);
      // rewrite streams event by event (no partition), so its output follows the input order.
      const byId = (out: unknown[]) => (name === 'rewrite' ? [...(out as CanonicalEvent[])].sort((x, y) => (x.id < y.id ? -1 : 1)) : out);
      assert.deepEqual(byId(b.out), byId(a.out), `${name}: ${example.description}`);
      assert.deepEqual(b.warnings.toArray(), a.warnings.toArray());
      checked++;
    }
  }
  assert.equal(checked, 25);
});

test('sessionize on the sample: every event in exactly one session, totals checked', async () => {
  const events = await sample();
  const { out } = await run('sessionize', {}, events, 500);
  assert.equal(out.length, events.length);
  assert.deepEqual(new Set((out as CanonicalEvent[]).map((e) => e.id)).size, events.length);
});
