import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { startWorkerPool, WorkerFailure, type WorkerPool } from '../../../../src/sources/files/scan/worker-pool.js';
import type { RangeTask } from '../../../../src/sources/files/scan/range-worker.js';

/**
 * The pool driven directly with real workers built from the scanner's source text (faults: a `create` that throws,
 * or builds workers that crash or exit). Every expected batch is worked out by hand from the files' bytes.
 */

let dir = '';
/** Four 8-byte lines: `{"a":1}\n` … `{"a":4}\n` (32 bytes). */
let four = '';
/** `{"a":1}\n{"a":2}` (15 bytes, no final newline). */
let open = '';
/** `{"a":1}\nnope\n{"a":3}\n`: line 2 (bytes 8–12) is not JSON. */
let broken = '';
/** Three documents with a `type`. */
let typed = '';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-pool-'));
  four = path.join(dir, 'four.ndjson');
  open = path.join(dir, 'open.ndjson');
  broken = path.join(dir, 'broken.ndjson');
  typed = path.join(dir, 'typed.ndjson');
  await writeFile(four, '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n');
  await writeFile(open, '{"a":1}\n{"a":2}');
  await writeFile(broken, '{"a":1}\nnope\n{"a":3}\n');
  await writeFile(typed, '{"type":"x"}\n{"type":"y"}\n{"type":"x"}\n');
});
after(() => rm(dir, { recursive: true, force: true }));

function task(id: number, file: string, start: number, end: number, chunk = 1 << 20, extra: Partial<RangeTask> = {}): RangeTask {
  return { id, file, start, end, needs: ['a'], maxLength: 1000, chunk, count: undefined, ...extra };
}

/** The 8-byte lines of `four` as pieces of one line each, in chunks of 8 bytes (chunk index = line index). */
function lineTasks(count: number): RangeTask[] {
  return Array.from({ length: count }, (_, i) => task(i, four, 8 * (i % 4), 8 * (i % 4) + 8, 8));
}

const real = (text: string): Worker => new Worker(text, { eval: true });

/** A create that records which task ids are posted to the workers, and the workers. */
function recording(): { create: (text: string) => Worker; posted: number[]; workers: Worker[] } {
  const posted: number[] = [];
  const workers: Worker[] = [];
  const create = (text: string): Worker => {
    const worker = real(text);
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (value: RangeTask) => {
      posted.push(value.id);
      post(value);
    };
    workers.push(worker);
    return worker;
  };
  return { create, posted, workers };
}

/** Every batch of a piece until it is done. */
async function drain(pool: WorkerPool, index: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const next = await pool.nextBatch(index);
    if (next === undefined) return out;
    out.push(next);
  }
}

test('no tasks or no threads: no pool, no worker created', () => {
  let created = 0;
  const create = (text: string): Worker => {
    created++;
    return real(text);
  };
  assert.equal(startWorkerPool([], 4, create), undefined);
  assert.equal(startWorkerPool([task(0, four, 0, 32)], 0, create), undefined);
  assert.equal(created, 0);
});

test('more threads than tasks: one worker per task, pieces in task order with nothing waiting', async () => {
  const { create, workers, posted } = recording();
  const tasks = [task(0, four, 0, 16), task(1, four, 16, 32)];
  const pool = startWorkerPool(tasks, 5, create)!;
  try {
    assert.equal(pool.size, 2);
    assert.equal(workers.length, 2);
    assert.deepEqual(pool.pieces, [{ task: tasks[0], batches: [] }, { task: tasks[1], batches: [] }]);
    assert.deepEqual(posted, [0, 1]);
  } finally {
    await pool.close();
  }
});

test('a piece sends one batch per reference chunk, line numbers relative to the piece, then its end', async () => {
  const pool = startWorkerPool([task(0, four, 0, 16, 8), task(1, four, 16, 32, 8)], 1, real)!;
  try {
    assert.deepEqual(await drain(pool, 0), [
      { chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } },
      { chunk: 1, batch: { docs: [{ a: 2 }], lines: [2] } },
    ]);
    assert.deepEqual(pool.pieces[0]!.done, { lines: 2, oriented: true, switchAt: undefined });
    // The same piece asked again once done: nothing more.
    assert.equal(await pool.nextBatch(0), undefined);
    pool.consumeFrom(1);
    assert.deepEqual(await drain(pool, 1), [
      { chunk: 2, batch: { docs: [{ a: 3 }], lines: [1] } },
      { chunk: 3, batch: { docs: [{ a: 4 }], lines: [2] } },
    ]);
    assert.deepEqual(pool.pieces[1]!.done, { lines: 2, oriented: true, switchAt: undefined });
  } finally {
    await pool.close();
  }
});

test('a last line without a newline comes in chunk -1; whole chunks stay together', async () => {
  const pool = startWorkerPool([task(0, open, 0, 15)], 1, real)!;
  try {
    assert.deepEqual(await drain(pool, 0), [
      { chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } },
      { chunk: -1, batch: { docs: [{ a: 2 }], lines: [2] } },
    ]);
    assert.deepEqual(pool.pieces[0]!.done, { lines: 2, oriented: true, switchAt: undefined });
  } finally {
    await pool.close();
  }
});

test('a line the workers may not read: the piece ends there with its offset in the file and its line in the piece', async () => {
  const pool = startWorkerPool([task(0, broken, 0, 21), task(1, broken, 8, 21)], 1, real)!;
  try {
    assert.deepEqual(await drain(pool, 0), [{ chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } }]);
    assert.deepEqual(pool.pieces[0]!.done, { lines: 2, oriented: true, switchAt: { offset: 8, line: 2 } });
    // A piece starting at the broken line: nothing read, no line with content seen.
    assert.deepEqual(await drain(pool, 1), []);
    assert.deepEqual(pool.pieces[1]!.done, { lines: 1, oriented: false, switchAt: { offset: 8, line: 1 } });
  } finally {
    await pool.close();
  }
});

test('a counting piece sends its chunks’ group summaries', async () => {
  const count = { time: [], by: [['type']], requireTime: false };
  const pool = startWorkerPool([task(0, typed, 0, 39, 1 << 20, { needs: ['type'], count })], 1, real)!;
  try {
    assert.deepEqual(await drain(pool, 0), [
      { chunk: 0, summary: { keys: ['x', 'y'], counts: [2, 1], counted: 3, noteLines: [1, 2, 3], noteKinds: [2, 2, 2], deferred: [] } },
    ]);
    assert.deepEqual(pool.pieces[0]!.done, { lines: 3, oriented: true, switchAt: undefined });
  } finally {
    await pool.close();
  }
});

test('one worker runs at most 2 pieces ahead of the consumer; consumeFrom dispatches the next', async () => {
  const { create, posted } = recording();
  const pool = startWorkerPool(lineTasks(4), 1, create)!;
  try {
    assert.deepEqual(posted, [0]);
    assert.deepEqual(await drain(pool, 0), [{ chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } }]);
    // Piece 0 done: the idle worker takes piece 1 (1 ahead of piece 0).
    assert.deepEqual(posted, [0, 1]);
    assert.deepEqual(await drain(pool, 1), [{ chunk: 1, batch: { docs: [{ a: 2 }], lines: [1] } }]);
    // Piece 1 done, but pieces 0 and 1 are 2 ahead of the consumer (still at 0): nothing more.
    assert.deepEqual(posted, [0, 1]);
    pool.consumeFrom(1);
    assert.deepEqual(posted, [0, 1, 2]);
    assert.deepEqual(await drain(pool, 2), [{ chunk: 2, batch: { docs: [{ a: 3 }], lines: [1] } }]);
    assert.deepEqual(posted, [0, 1, 2]);
    pool.consumeFrom(3);
    assert.deepEqual(posted, [0, 1, 2, 3]);
    assert.deepEqual(await drain(pool, 3), [{ chunk: 3, batch: { docs: [{ a: 4 }], lines: [1] } }]);
    pool.consumeFrom(4);
    assert.deepEqual(posted, [0, 1, 2, 3]);
  } finally {
    await pool.close();
  }
});

test('two workers run at most 4 pieces ahead; consumeFrom lets both idle workers take one', async () => {
  const { create, posted } = recording();
  const pool = startWorkerPool(lineTasks(7), 2, create)!;
  try {
    assert.deepEqual(posted, [0, 1]);
    for (let i = 0; i < 4; i++) assert.deepEqual(await drain(pool, i), [{ chunk: i, batch: { docs: [{ a: i + 1 }], lines: [1] } }]);
    assert.deepEqual([...posted].sort(), [0, 1, 2, 3]);
    pool.consumeFrom(2);
    assert.deepEqual([...posted].sort(), [0, 1, 2, 3, 4, 5]);
    for (let i = 4; i < 6; i++) assert.deepEqual(await drain(pool, i), [{ chunk: i % 4, batch: { docs: [{ a: (i % 4) + 1 }], lines: [1] } }]);
    assert.deepEqual([...posted].sort(), [0, 1, 2, 3, 4, 5]);
    pool.consumeFrom(3);
    assert.deepEqual([...posted].sort(), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(await drain(pool, 6), [{ chunk: 2, batch: { docs: [{ a: 3 }], lines: [1] } }]);
  } finally {
    await pool.close();
  }
});

test('dropped pieces are skipped by the dispatch (they still count as ahead)', async () => {
  const { create, posted } = recording();
  const pool = startWorkerPool(lineTasks(4), 1, create)!;
  try {
    pool.drop(1, 2);
    assert.deepEqual(
      pool.pieces.map((p) => p.dropped),
      [undefined, true, undefined, undefined],
    );
    await drain(pool, 0);
    assert.deepEqual(posted, [0]);
    pool.consumeFrom(2);
    assert.deepEqual(posted, [0, 2]);
    assert.deepEqual(await drain(pool, 2), [{ chunk: 2, batch: { docs: [{ a: 3 }], lines: [1] } }]);
    assert.deepEqual(posted, [0, 2, 3]);
  } finally {
    await pool.close();
  }
});

test('a piece dropped while its worker reads it keeps none of its batches (documents, or a count’s group summaries)', async () => {
  const count = { time: [], by: [['type']], requireTime: false };
  const cases: [RangeTask, number][] = [
    [task(0, four, 0, 32, 8), 4],
    [task(0, typed, 0, 39, 1 << 20, { needs: ['type'], count }), 3],
  ];
  for (const [piece, lines] of cases) {
    const pool = startWorkerPool([piece], 1, real)!;
    try {
      pool.drop(0, 1);
      assert.equal(await pool.nextBatch(0), undefined);
      assert.deepEqual(pool.pieces[0], { task: piece, batches: [], dropped: true, done: { lines, oriented: true, switchAt: undefined }, wake: undefined });
    } finally {
      await pool.close();
    }
  }
});

test('a piece dropped after its batches arrived loses them', async () => {
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const create = (text: string): Worker => {
    const worker = real(text);
    // Registered before the pool's own listener: the pool has handled the message when the await below resumes.
    worker.on('message', (message: { done?: boolean }) => {
      if (message.done === true) done();
    });
    return worker;
  };
  const pool = startWorkerPool([task(0, four, 0, 32, 8), task(1, four, 0, 8, 8)], 1, create)!;
  try {
    await finished;
    assert.equal(pool.pieces[0]!.batches.length, 4);
    pool.drop(0, 1);
    assert.deepEqual(pool.pieces[0]!.batches, []);
    assert.equal(pool.pieces[0]!.dropped, true);
    assert.equal(pool.pieces[1]!.dropped, undefined);
    assert.equal(await pool.nextBatch(0), undefined);
    assert.deepEqual(await drain(pool, 1), [{ chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } }]);
  } finally {
    await pool.close();
  }
});

test('a task the worker fails on: that piece throws the worker’s error text, the worker goes on with the next', async () => {
  const missing = path.join(dir, 'missing.ndjson');
  const pool = startWorkerPool([task(0, missing, 0, 10), task(1, four, 0, 8)], 1, real)!;
  try {
    await assert.rejects(pool.nextBatch(0), (error: Error) => {
      assert.ok(error instanceof WorkerFailure);
      assert.equal(error.name, 'WorkerFailure');
      assert.equal(error.message.split('\n')[0], `Error: ENOENT: no such file or directory, open '${missing}'`);
      return true;
    });
    assert.equal(pool.pieces[0]!.done, undefined);
    assert.deepEqual(await drain(pool, 1), [{ chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } }]);
  } finally {
    await pool.close();
  }
});

test('a worker that throws: a waiting piece fails with its error (the first failure is kept, not its exit)', async () => {
  const exits: Promise<unknown[]>[] = [];
  const create = (): Worker => {
    const worker = new Worker('throw new Error("injected crash")', { eval: true });
    // Not events.once: it would reject on the worker's 'error'.
    exits.push(new Promise((resolve) => worker.on('exit', (code) => resolve([code]))));
    return worker;
  };
  const pool = startWorkerPool([task(0, four, 0, 32), task(1, four, 0, 32)], 2, create)!;
  try {
    const waiting = pool.nextBatch(1);
    await assert.rejects(pool.nextBatch(0), (error: Error) => error instanceof WorkerFailure && error.name === 'WorkerFailure' && error.message === 'injected crash');
    await assert.rejects(waiting, (error: Error) => error instanceof WorkerFailure && error.message === 'injected crash');
    assert.deepEqual(await Promise.all(exits), [[1], [1]]);
    await assert.rejects(pool.nextBatch(0), (error: Error) => error.message === 'injected crash');
  } finally {
    await pool.close();
  }
});

test('a worker that exits: the pieces fail with its exit code', async () => {
  const pool = startWorkerPool([task(0, four, 0, 32)], 1, () => new Worker('process.exit(3)', { eval: true }))!;
  try {
    await assert.rejects(pool.nextBatch(0), (error: Error) => error instanceof WorkerFailure && error.message === 'a scan worker exited (code 3)');
  } finally {
    await pool.close();
  }
});

test('a worker ended from outside after a piece: even the finished piece now throws', async () => {
  const { create, workers } = recording();
  const pool = startWorkerPool([task(0, four, 0, 8)], 1, create)!;
  try {
    assert.deepEqual(await drain(pool, 0), [{ chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } }]);
    await workers[0]!.terminate();
    await assert.rejects(pool.nextBatch(0), (error: Error) => error instanceof WorkerFailure && error.message === 'a scan worker exited (code 1)');
  } finally {
    await pool.close();
  }
});

test('close ends every worker without a failure, and may be called twice', async () => {
  const { create, workers } = recording();
  const pool = startWorkerPool([task(0, four, 0, 8), task(1, four, 8, 16)], 2, create)!;
  const exits = workers.map((w) => once(w, 'exit'));
  assert.deepEqual(await drain(pool, 0), [{ chunk: 0, batch: { docs: [{ a: 1 }], lines: [1] } }]);
  assert.deepEqual(await drain(pool, 1), [{ chunk: 0, batch: { docs: [{ a: 2 }], lines: [1] } }]);
  await pool.close();
  assert.deepEqual(await Promise.all(exits), [[1], [1]]);
  await pool.close();
  assert.equal(await pool.nextBatch(0), undefined);
});

test('a create that throws part-way: no pool, and the workers already made are ended', async () => {
  const exits: Promise<unknown[]>[] = [];
  let calls = 0;
  const create = (text: string): Worker => {
    if (++calls === 2) throw new Error('ERR_WORKER_INIT_FAILED (injected)');
    const worker = real(text);
    exits.push(once(worker, 'exit'));
    return worker;
  };
  assert.equal(startWorkerPool([task(0, four, 0, 8), task(1, four, 8, 16), task(2, four, 16, 24)], 3, create), undefined);
  assert.equal(calls, 2);
  // Ended (its exit code depends on whether it had started yet).
  assert.equal((await Promise.all(exits)).length, 1);
});

test('a worker that throws while the pool is being closed still fails the waiting piece (its exit then says nothing)', async () => {
  let pool: WorkerPool | undefined;
  const create = (): Worker => {
    const worker = new Worker('throw new Error("injected crash")', { eval: true });
    // Before the pool's own listener: close() has begun when the pool hears of the error.
    worker.on('error', () => void pool!.close());
    return worker;
  };
  pool = startWorkerPool([task(0, four, 0, 32)], 1, create)!;
  await assert.rejects(pool.nextBatch(0), (error: Error) => error instanceof WorkerFailure && error.message === 'injected crash');
  await pool.close();
});
