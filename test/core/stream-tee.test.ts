import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
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

/** A hand-written iterator (not a generator): fresh batches whose liveness the test can watch, an optional failure. */
function iterator(count: number, failAt?: number) {
  const log = { next: 0, returned: 0, refs: [] as WeakRef<readonly number[]>[] };
  const it: AsyncIterator<readonly number[]> & AsyncIterable<readonly number[]> = {
    [Symbol.asyncIterator]: () => it,
    async next() {
      const i = log.next++;
      if (i === failAt) throw new Error('read failed');
      if (i >= count) return { done: true, value: undefined };
      const batch = [i];
      log.refs.push(new WeakRef(batch));
      return { done: false, value: batch };
    },
    async return() {
      log.returned++;
      return { done: true, value: undefined };
    },
  };
  return { it, log };
}

test('a source that ran to its end is not closed again; one stopped early is closed once', async () => {
  const ended = iterator(3);
  const [a, b] = teeBatches(ended.it, 2);
  assert.deepEqual(await Promise.all([collect(a!), collect(b!)]), [[0, 1, 2], [0, 1, 2]]);
  assert.deepEqual([ended.log.next, ended.log.returned], [4, 0]);
  const stopped = iterator(10);
  const [c, d] = teeBatches(stopped.it, 2);
  for await (const _ of c!) break;
  for await (const _ of d!) break;
  assert.deepEqual([stopped.log.next, stopped.log.returned], [1, 1]);
});

test('after a read error the source is not read again: every branch gets the error after the batches before it', async () => {
  const { it, log } = iterator(10, 1);
  const [a, b] = teeBatches(it, 2);
  const seen: number[][] = [[], []];
  const results = await Promise.allSettled(
    [a!, b!].map(async (branch, i) => {
      for await (const batch of branch) seen[i]!.push(...batch);
    }),
  );
  assert.deepEqual(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'fulfilled')), ['read failed', 'read failed']);
  assert.deepEqual(seen, [[0], [0]]);
  assert.equal(log.next, 2);
});

test('the buffer holds only what a running branch has not taken yet: batches every live branch has passed are released', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { it, log } = iterator(10);
  const [a, b] = teeBatches(it, 2);
  const ai = a![Symbol.asyncIterator]();
  await ai.next();
  await (async () => {
    for await (const _ of b!) break; // b stops after its first batch
  })();
  for (let i = 0; i < 5; i++) await ai.next(); // a has taken batches 0..5
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.deepEqual(log.refs.slice(0, 5).map((r) => r.deref()), [undefined, undefined, undefined, undefined, undefined]);
  await ai.return(undefined);
});

test('when every branch has stopped, the buffer is released even while the branches are still referenced', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { it, log } = iterator(10);
  const [a, b] = teeBatches(it, 2);
  await (async () => {
    const ai = a![Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) await ai.next(); // a takes 0..4 and stops: they stay buffered for b
    await ai.return(undefined);
    await (async () => {
      for await (const _ of b!) break; // b takes 0 and stops too: nothing can read 1..4 any more
    })();
  })();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.deepEqual(log.refs.map((r) => r.deref()), [undefined, undefined, undefined, undefined, undefined]);
  assert.deepEqual([log.next, log.returned], [5, 1]);
  assert.ok(a !== undefined && b !== undefined, 'both branches are still referenced here');
});
