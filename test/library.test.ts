import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as distill from '../src/index.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-lib-'));
  const docs = [
    { clientTime: 1000, microTime: 0.5, type: 'click', userId: 'u1', sessionId: 's1', logType: 'raw' },
    { clientTime: 2000, type: 'focus', userId: 'u2', sessionId: 's2', logType: 'raw' },
    { clientTime: 3000, type: 'click', userId: 'u1', sessionId: 's1', logType: 'raw' },
  ];
  await writeFile(path.join(dir, 'logs.ndjson'), docs.map((d) => JSON.stringify(d)).join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('the public surface exports the typed functions by name', () => {
  for (const name of ['openDistill', 'readEvents', 'queryEvents', 'runPipelineOn', 'parseQuery', 'compileCondition', 'createRegistry', 'defineOperator', 'runPipeline', 'startPipeline', 'createFileSource', 'resolveMapping', 'USERALE_MAPPING', 'DistillError', 'VERSION']) {
    assert.ok(name in distill, `${name} is exported`);
  }
});

test('readEvents streams canonical events from files with a query; results are plain objects', async () => {
  const batches = [];
  for await (const batch of distill.readEvents('logs.ndjson', { cwd: dir, query: { where: { field: 'type', op: 'eq', value: 'click' } } })) batches.push(...batch);
  assert.deepEqual(batches.map((e) => [e.id, e.time, e.user]), [
    ['logs.ndjson#1', 1000.5, 'u1'],
    ['logs.ndjson#3', 3000, 'u1'],
  ]);
  assert.equal(Object.getPrototypeOf(batches[0]), Object.prototype);
});

test('runPipelineOn returns the envelope; openDistill with an inline config runs named pipelines', async () => {
  const env = await distill.runPipelineOn(path.join(dir, 'logs.ndjson'), { steps: [{ op: 'count-by', by: 'user' }] });
  assert.deepEqual(env.result.kind === 'table' && env.result.rows, [
    { user: 'u1', count: 2 },
    { user: 'u2', count: 1 },
  ]);
  const d = await distill.openDistill({
    cwd: dir,
    config: { sources: { logs: { kind: 'files', paths: 'logs.ndjson' } }, pipelines: { users: { steps: [{ op: 'count-by', by: 'user', missing: 'skip' }] } } },
  });
  const named = await d.run('users');
  assert.equal(named.request.name, 'users');
  assert.equal(named.result.count, 2);
  await assert.rejects(d.run('nope'), { code: 'invalid_argument' });
  assert.throws(() => d.source('nowhere'), { code: 'source_not_found' });
  const q = await distill.queryEvents(path.join(dir, 'logs.ndjson'), { sort: ['-time'], limit: 1 });
  const rel = path.relative(process.cwd(), path.join(dir, 'logs.ndjson')).split(path.sep).join('/');
  assert.deepEqual(q.result.kind === 'events' && q.result.events.map((e) => e.id), [`${rel}#3`], 'outside the base directory, ids are relative to it (../), never absolute');
  assert.ok(rel.startsWith('../'));
});

test('sources() lists a source that cannot be built with its error instead of failing', async () => {
  const d = await distill.openDistill({
    cwd: dir,
    config: {
      sources: {
        logs: { kind: 'files', paths: 'logs.ndjson' },
        cluster: { kind: 'elasticsearch', node: 'https://127.0.0.1:9', index: 'userale', auth: { apiKey: { env: 'DISTILL_TEST_SURELY_UNSET_KEY' } } },
      },
    },
  });
  const listed = d.sources();
  assert.deepEqual(listed.map((s) => [s.id, s.kind, s.error?.code]), [
    ['logs', 'files', undefined],
    ['cluster', 'elasticsearch', 'invalid_config'],
  ]);
  assert.match(listed[1]!.error!.message, /DISTILL_TEST_SURELY_UNSET_KEY/);
});
