import { test } from 'node:test';
import assert from 'node:assert/strict';
import { teeBatches } from '../../src/core/stream.js';
import { collect } from '../helpers/events.js';

function source(n: number, log: { pulled: number; closed: number }): AsyncIterable<readonly number[]> {
  return (async function* () {
    try {
      for (let i = 0; i < n; i++) {
        log.pulled++;
        yield [i * 2, i * 2 + 1];
      }
    } finally {
      log.closed++;
    }
  })();
}

test('every branch sees every batch; the source is read once', async () => {
  const log = { pulled: 0, closed: 0 };
  const [a, b, c] = teeBatches(source(5, log), 3);
  const [x, y, z] = await Promise.all([collect(a!), collect(b!), collect(c!)]);
  assert.deepEqual(x, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(y, x);
  assert.deepEqual(z, x);
  assert.equal(log.pulled, 5);
  assert.equal(log.closed, 1);
});

test('a branch that stops early does not stop the others; all stopping stops the source', async () => {
  const log = { pulled: 0, closed: 0 };
  const [a, b] = teeBatches(source(100, log), 2);
  const first = (async () => {
    for await (const batch of a!) if (batch[0] === 4) break;
  })();
  const all = collect(b!);
  await first;
  assert.equal((await all).length, 200);
  assert.equal(log.closed, 1);
  const log2 = { pulled: 0, closed: 0 };
  const [c, d] = teeBatches(source(100, log2), 2);
  for await (const _ of c!) break;
  for await (const _ of d!) break;
  assert.equal(log2.closed, 1);
  assert.ok(log2.pulled < 5, `stopped after ${log2.pulled} batches`);
});

test('an error from the source reaches every branch', async () => {
  async function* broken(): AsyncGenerator<readonly number[]> {
    yield [1];
    throw new Error('read failed');
  }
  const [a, b] = teeBatches(broken(), 2);
  const results = await Promise.allSettled([collect(a!), collect(b!)]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
});
