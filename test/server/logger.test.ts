import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../src/server/logger.js';

const at = new Date('2026-11-27T20:00:00.000Z');

test('one JSON line per call, the same text as JSON.stringify({ ts, level, msg, ...fields }), levels filtered', () => {
  const written: string[] = [];
  const log = createLogger({ write: (t: string) => written.push(t) }, { now: () => at });
  const fields = { reqId: 'r1', method: 'GET', path: '/v1/health', query: undefined, status: 200, ms: 0.25, bytes: 15, aborted: undefined, note: 'a "quoted" ✓' };
  log.info('request', fields);
  log.error('request', { msg: 'overrides in place', level: 'x' });
  log.warn('no fields');
  log.info('empty', {});
  log.debug('dropped at info');
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  log.info('cycle', cyclic);
  assert.deepEqual(written, [
    `${JSON.stringify({ ts: at.toISOString(), level: 'info', msg: 'request', ...fields })}\n`,
    `${JSON.stringify(Object.assign({ ts: at.toISOString(), level: 'error', msg: 'request' }, { msg: 'overrides in place', level: 'x' }))}\n`,
    '{"ts":"2026-11-27T20:00:00.000Z","level":"warn","msg":"no fields"}\n',
    '{"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"empty"}\n',
    '{"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"cycle","fields":"[object Object]"}\n',
  ]);
  assert.equal(written[0], '{"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"request","reqId":"r1","method":"GET","path":"/v1/health","status":200,"ms":0.25,"bytes":15,"note":"a \\"quoted\\" ✓"}\n');
  assert.equal(written[1], '{"ts":"2026-11-27T20:00:00.000Z","level":"x","msg":"overrides in place"}\n');
});

test('batch: the lines of one event-loop turn reach the sink in one write, in order, at the next setImmediate', async () => {
  const written: string[] = [];
  const log = createLogger({ write: (t: string) => written.push(t) }, { now: () => at, batch: true });
  log.info('one');
  log.info('two', { n: 2 });
  assert.deepEqual(written, []);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(written, ['{"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"one"}\n{"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"two","n":2}\n']);
  log.info('three');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(written.length, 2);
  assert.equal(written[1], '{"ts":"2026-11-27T20:00:00.000Z","level":"info","msg":"three"}\n');
});

test('batch: 64 KiB of pending lines are written at once, without waiting for the turn to end', () => {
  const written: string[] = [];
  const log = createLogger({ write: (t: string) => written.push(t) }, { now: () => at, batch: true });
  const big = 'x'.repeat(40 * 1024);
  log.info('a', { big });
  assert.equal(written.length, 0);
  log.info('b', { big });
  assert.equal(written.length, 1);
  assert.deepEqual(written[0]!.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { msg: string }).msg), ['a', 'b']);
});
