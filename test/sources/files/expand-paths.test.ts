import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandPaths } from '../../../src/sources/files/expand-paths.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-expand-'));
  await mkdir(path.join(dir, 'logs', 'day2'), { recursive: true });
  for (const f of ['logs/b.ndjson', 'logs/a.json', 'logs/day2/c.jsonl.gz', 'logs/readme.txt', 'logs/x.log', 'other.json']) {
    await writeFile(path.join(dir, f), '{}\n');
  }
});
after(() => rm(dir, { recursive: true, force: true }));

test('a directory contributes its data files recursively, sorted', async () => {
  const files = await expandPaths(['logs'], dir);
  assert.deepEqual(files.map((f) => path.relative(dir, f)), ['logs/a.json', 'logs/b.ndjson', 'logs/day2/c.jsonl.gz', 'logs/x.log'].map((p) => p.split('/').join(path.sep)));
});

test('globs, explicit files whatever their name, and no duplicates', async () => {
  const files = await expandPaths(['logs/*.ndjson', 'logs/readme.txt', 'logs/b.ndjson', '**/*.gz'], dir);
  assert.deepEqual(files.map((f) => path.relative(dir, f).split(path.sep).join('/')), ['logs/b.ndjson', 'logs/readme.txt', 'logs/day2/c.jsonl.gz']);
});

test('a missing path or an empty glob is source_not_found', async () => {
  await assert.rejects(expandPaths(['nope.json'], dir), { code: 'source_not_found' });
  await assert.rejects(expandPaths(['logs/*.csv'], dir), { code: 'source_not_found' });
});

test('globs match files only, skip names starting with a dot, and follow links to directories', async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-glob-'));
  try {
    await mkdir(path.join(d, 'real', 'inner.json'), { recursive: true }); // a directory whose name matches the glob
    await writeFile(path.join(d, 'real', 'a.json'), '{}\n');
    await writeFile(path.join(d, 'real', '.hidden.json'), '{}\n');
    await symlink(path.join(d, 'real'), path.join(d, 'via-link'));
    const rel = (f: string) => path.relative(d, f).split(path.sep).join('/');
    assert.deepEqual((await expandPaths(['real/*.json'], d)).map(rel), ['real/a.json']);
    assert.deepEqual((await expandPaths(['via-link/*.json'], d)).map(rel), ['via-link/a.json']);
    assert.deepEqual((await expandPaths(['*/a.json'], d)).map(rel), ['real/a.json'], 'the same file through the link is read once');
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});

test('a path that cannot be examined for another reason than absence is source_unavailable naming it and the errno', async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-stat-'));
  try {
    await symlink(path.join(d, 'b'), path.join(d, 'a'));
    await symlink(path.join(d, 'a'), path.join(d, 'b')); // a link loop: ELOOP
    await assert.rejects(expandPaths(['a'], d), (e: unknown) => {
      const err = e as { code: string; message: string; details: unknown };
      assert.equal(err.code, 'source_unavailable');
      assert.equal(err.message, `Cannot read ${path.join(d, 'a')}: ELOOP (ELOOP: too many symbolic links encountered, stat '${path.join(d, 'a')}'). Check its permissions.`);
      assert.deepEqual(err.details, { path: path.join(d, 'a'), errno: 'ELOOP' });
      return true;
    });
    await assert.rejects(expandPaths(['x'.repeat(300)], d), { code: 'source_unavailable', message: /^Cannot read .*: ENAMETOOLONG \(/ });
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});

test('a single named file is returned as named (absolute), without a realpath: also through a link', async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-single-'));
  try {
    await writeFile(path.join(d, 'a.json'), '{}\n');
    await symlink(path.join(d, 'a.json'), path.join(d, 'link.json'));
    assert.deepEqual(await expandPaths(['a.json'], d), [path.join(d, 'a.json')]);
    assert.deepEqual(await expandPaths(['link.json'], d), [path.join(d, 'link.json')], 'the link\'s name, as realpath-based dedup would keep it too');
    assert.deepEqual(await expandPaths(['link.json', 'a.json'], d), [path.join(d, 'a.json')], 'two patterns: still deduplicated by real path');
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});
