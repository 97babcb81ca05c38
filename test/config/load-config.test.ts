import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';
import { configJsonSchema } from '../../src/config/config-schema.js';
import { defaultConfigPath } from '../../src/config/assets.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-config-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('the embedded default config loads and names the bundled sample', async () => {
  const home = process.env.DISTILL_HOME;
  process.env.DISTILL_HOME = path.join(dir, 'empty-home');
  const loaded = await loadConfig(undefined, dir);
  if (home === undefined) delete process.env.DISTILL_HOME;
  else process.env.DISTILL_HOME = home;
  assert.equal(loaded.origin, 'default');
  assert.equal(loaded.file, defaultConfigPath());
  assert.equal(loaded.config.defaultSource, 'sample');
  assert.equal(loaded.config.sources.sample!.kind, 'files');
  assert.ok(Object.keys(loaded.config.pipelines).includes('event-types'));
});

test('./distill.config.json in the working directory is found; an explicit path wins', async () => {
  await writeFile(path.join(dir, 'distill.config.json'), JSON.stringify({ sources: { here: { kind: 'files', paths: 'x.ndjson' } } }));
  const found = await loadConfig(undefined, dir);
  assert.equal(found.origin, 'cwd');
  assert.equal(found.baseDir, dir);
  assert.deepEqual(Object.keys(found.config.sources), ['here']);
  assert.equal(found.config.sources.here!.schema, 'userale', 'schema defaults to the UserALE preset');
  const explicit = await loadConfig(defaultConfigPath(), dir);
  assert.equal(explicit.origin, 'flag');
});

test('every bad key is reported with its path, all at once', () => {
  assert.throws(
    () =>
      parseConfig({
        sources: { a: { kind: 'files' }, b: { kind: 'kafka', paths: 'x' }, 'bad name': { kind: 'files', paths: 'y' } },
        schemas: { s: { time: 't', user: 3 } },
        pipelnes: {},
      }),
    (e: unknown) => {
      assert.equal((e as { code: string }).code, 'invalid_config');
      const paths = (e as { issues: { path: (string | number)[] }[] }).issues.map((i) => i.path.join('.')).sort();
      assert.deepEqual(paths, ['pipelnes', 'schemas.s.user', 'sources.a.paths', 'sources.b.kind', 'sources.bad name']);
      return true;
    },
  );
});

test('defaultSource must name a configured source', () => {
  assert.throws(() => parseConfig({ defaultSource: 'x', sources: {} }), (e: unknown) => {
    assert.deepEqual((e as { issues: { path: string[] }[] }).issues[0]!.path, ['defaultSource']);
    return true;
  });
});

test('a config in the user directory is used when the working directory has none', async () => {
  const home = process.env.DISTILL_HOME;
  const user = path.join(dir, 'home');
  const cwd = path.join(dir, 'elsewhere');
  await mkdir(user, { recursive: true });
  await mkdir(cwd, { recursive: true });
  await writeFile(path.join(user, 'distill.config.json'), JSON.stringify({ sources: { mine: { kind: 'files', paths: 'logs/' } } }));
  process.env.DISTILL_HOME = user;
  try {
    const loaded = await loadConfig(undefined, cwd);
    assert.equal(loaded.origin, 'user');
    assert.equal(loaded.baseDir, user, 'relative paths start at the user directory');
    assert.deepEqual(Object.keys(loaded.config.sources), ['mine']);
  } finally {
    if (home === undefined) delete process.env.DISTILL_HOME;
    else process.env.DISTILL_HOME = home;
  }
});

test('invalid JSON reports line and column', async () => {
  const file = path.join(dir, 'broken.json');
  await writeFile(file, '{\n  "sources": {\n    "a": { "kind": "files", }\n  }\n}\n');
  await assert.rejects(loadConfig(file, dir), (e: unknown) => {
    assert.equal((e as { code: string }).code, 'invalid_config');
    assert.match((e as Error).message, /line 3, column \d+/);
    return true;
  });
  await assert.rejects(loadConfig(path.join(dir, 'missing.json'), dir), { code: 'source_not_found' });
});

test('the exported JSON Schema in dist-config matches the zod schema', async () => {
  const file = path.join(path.dirname(defaultConfigPath()), 'distill.config.schema.json');
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), configJsonSchema());
});
