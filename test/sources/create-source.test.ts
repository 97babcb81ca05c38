import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigSchema } from '../../src/config/config-schema.js';
import { USERALE_MAPPING } from '../../src/core/schema/presets/userale.js';
import { WarningCollector } from '../../src/core/warnings.js';
import type { ReadContext } from '../../src/core/source.js';
import { createSource, loadSourceKinds } from '../../src/sources/create-source.js';
import { collect } from '../helpers/events.js';

// Building sources from their config blocks: the file source gets its paths (one or a list), description, maximum
// document length and mapping (built-in, named under `schemas`, or inline); Elasticsearch only after its adapter is
// loaded. No Elasticsearch node is contacted: building a source does not connect.

let dir = '';
const sourceConfig = (block: Record<string, unknown>) => ConfigSchema.parse({ sources: { s: block } }).sources.s!;
const context = (): ReadContext => ({ warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: 0 });

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-create-source-'));
  await mkdir(path.join(dir, 'logs'));
  await writeFile(path.join(dir, 'logs', 'a.ndjson'), `${JSON.stringify({ clientTime: 1, type: 'click', who: 'ann' })}\n${JSON.stringify({ clientTime: 2, type: 'x'.repeat(2000) })}\n`);
  await writeFile(path.join(dir, 'logs', 'b.ndjson'), `${JSON.stringify({ clientTime: 3, type: 'focus', who: 'bob' })}\n`);
});
after(() => rm(dir, { recursive: true, force: true }));

test('a files block: one path as a string, the description, the maximum document length and the built-in mapping', async () => {
  const source = createSource('logs', sourceConfig({ kind: 'files', paths: 'logs/a.ndjson', description: 'clicks', maxDocumentLength: 1024 }), { baseDir: dir, schemas: {} });
  assert.deepEqual(source.describe(), {
    id: 'logs',
    kind: 'files',
    schema: 'userale',
    capabilities: { filter: false, sort: false, aggregate: false },
    description: 'clicks',
    details: { paths: ['logs/a.ndjson'] },
  });
  const ctx = context();
  const events = await collect(source.read({ query: {} }, ctx).batches);
  assert.deepEqual(events.map((e) => [e.id, e.type]), [['logs/a.ndjson#1', 'click']]);
  assert.deepEqual(ctx.warnings.toArray().map((w) => [w.code, w.file, w.lines]), [['document_too_large', 'logs/a.ndjson', [2]]]);
});

test('a files block: a list of paths, a mapping named under schemas, and an inline one', async () => {
  const schemas = { people: { ...USERALE_MAPPING, user: 'who' } };
  const named = createSource('logs', sourceConfig({ kind: 'files', paths: ['logs/b.ndjson', 'logs/a.ndjson'], schema: 'people' }), { baseDir: dir, schemas });
  assert.equal(named.describe().schema, 'people');
  assert.deepEqual(named.describe().details, { paths: ['logs/b.ndjson', 'logs/a.ndjson'] });
  const ctx = context();
  assert.deepEqual((await collect(named.read({ query: {} }, ctx).batches)).map((e) => [e.id, e.user]), [
    ['logs/b.ndjson#1', 'bob'],
    ['logs/a.ndjson#1', 'ann'],
    ['logs/a.ndjson#2', undefined],
  ]);
  assert.deepEqual(ctx.warnings.toArray(), []);
  const inline = createSource('logs', sourceConfig({ kind: 'files', paths: 'logs', schema: { ...USERALE_MAPPING, type: 'who' } }), { baseDir: dir, schemas });
  assert.deepEqual((await collect(inline.read({ query: {} }, context()).batches)).map((e) => e.type), ['ann', undefined, 'bob']);
  assert.throws(() => createSource('logs', sourceConfig({ kind: 'files', paths: 'logs', schema: 'nope' }), { baseDir: dir, schemas }), { code: 'invalid_config' });
});

test('an Elasticsearch block needs its adapter loaded first; loading only files does not load it', async () => {
  const config = sourceConfig({ kind: 'elasticsearch', node: 'https://es.example:9200', index: 'userale', description: 'remote' });
  const message = 'loadSourceKinds(["elasticsearch"]) must run before an Elasticsearch source is created.';
  assert.throws(() => createSource('es', config, { baseDir: dir, schemas: {} }), { message });
  await loadSourceKinds(['files']);
  assert.throws(() => createSource('es', config, { baseDir: dir, schemas: {} }), { message });
  await loadSourceKinds(['files', 'elasticsearch']);
  const source = createSource('es', config, { baseDir: dir, schemas: {} });
  try {
    assert.deepEqual([source.id, source.kind, source.describe().description, source.describe().schema], ['es', 'elasticsearch', 'remote', 'userale']);
  } finally {
    await source.close?.();
  }
});
