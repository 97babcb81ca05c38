import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandPaths, type SkippedPath } from '../../../src/sources/files/expand-paths.js';

// Symbolic links, loops, duplicates and special files on a real file system (POSIX: links and a FIFO). Every path
// the expansion does not read is reported with its reason.

let dir = '';
const rel = (p: string) => path.relative(dir, p).split(path.sep).join('/');
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-links-'));
  await mkdir(path.join(dir, 'logs', 'sub'), { recursive: true });
  await writeFile(path.join(dir, 'logs', 'a.json'), '{}\n');
  await writeFile(path.join(dir, 'logs', 'sub', 'b.ndjson'), '{}\n');
  await writeFile(path.join(dir, 'target.json'), '{}\n');
  await writeFile(path.join(dir, 'notes.txt'), 'x\n');
  await symlink(path.join(dir, 'target.json'), path.join(dir, 'logs', 'link.json')); // a link to a data file
  await symlink(path.join(dir, 'notes.txt'), path.join(dir, 'logs', 'notes-link.txt')); // not a data name: ignored
  await symlink(path.join(dir, 'gone.json'), path.join(dir, 'logs', 'broken.json')); // a broken link
  await symlink(path.join(dir, 'logs'), path.join(dir, 'logs', 'sub', 'loop')); // back to a directory being walked
  await mkdir(path.join(dir, 'elsewhere'));
  await writeFile(path.join(dir, 'elsewhere', 'c.jsonl'), '{}\n');
  await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'logs', 'linked-dir')); // a link to another directory
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'logs', 'pipe.ndjson')]).status, 0, 'mkfifo must exist (POSIX)');
  await symlink(path.join(dir, 'logs', 'pipe.ndjson'), path.join(dir, 'logs', 'pipe-link.json'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('a directory with links: files through links read once, linked directories walked, loops, broken links and special files reported', async () => {
  const skipped: SkippedPath[] = [];
  const files = await expandPaths(['logs'], dir, (s) => skipped.push(s));
  assert.deepEqual(files.map(rel), ['logs/a.json', 'logs/link.json', 'logs/linked-dir/c.jsonl', 'logs/sub/b.ndjson']);
  assert.deepEqual(
    skipped.map((s) => ({ ...s, path: rel(s.path) })).sort((a, b) => (a.path < b.path ? -1 : 1)),
    [
      { path: 'logs/broken.json', reason: 'a broken symbolic link' },
      { path: 'logs/pipe-link.json', reason: 'a link to something that is not a regular file' },
      { path: 'logs/pipe.ndjson', reason: 'not a regular file (a socket, pipe or device)' },
      { path: 'logs/sub/loop', reason: 'a symbolic link back to a directory already read (a loop): not followed' },
    ],
  );
});

test('the same file through a link and under its own name: read once under its own name, the link reported as a duplicate', async () => {
  const skipped: SkippedPath[] = [];
  const files = await expandPaths(['logs/link.json', 'target.json'], dir, (s) => skipped.push(s));
  assert.deepEqual(files.map(rel), ['target.json']);
  assert.deepEqual(skipped.map((s) => ({ ...s, path: rel(s.path), sameAs: rel(s.sameAs!) })), [
    { path: 'logs/link.json', reason: 'the same file reached again through a symbolic link or another pattern: read once', sameAs: 'target.json' },
  ]);
});

test('the file first, then a link to it: the link is the duplicate; naming the same path twice is no duplicate', async () => {
  const skipped: SkippedPath[] = [];
  const files = await expandPaths(['target.json', 'logs/link.json', 'target.json', 'logs/a.json'], dir, (s) => skipped.push(s));
  assert.deepEqual(files.map(rel), ['target.json', 'logs/a.json']);
  assert.deepEqual(skipped.map((s) => [rel(s.path), rel(s.sameAs!)]), [['logs/link.json', 'target.json']]);
});

test('exact messages: a missing path names it and the base directory; an empty glob names the pattern', async () => {
  await assert.rejects(expandPaths(['nope.json'], dir), {
    code: 'source_not_found',
    message: `No such file or directory: ${path.join(dir, 'nope.json')}. Check the path (relative paths start at ${dir}).`,
  });
  await assert.rejects(expandPaths(['target.json/below'], dir), { code: 'source_not_found' });
  await assert.rejects(expandPaths(['logs/*.csv'], dir), { code: 'source_not_found', message: `No file matches "logs/*.csv" (relative to ${dir}). Check the pattern.` });
  await assert.rejects(expandPaths(['logs/broken.json'], dir), { code: 'source_not_found' });
});

test('glob characters: ?, [ ], { } are patterns; matches are sorted', async () => {
  assert.deepEqual((await expandPaths(['logs/?.json'], dir)).map(rel), ['logs/a.json']);
  assert.deepEqual((await expandPaths(['logs/[a].json'], dir)).map(rel), ['logs/a.json']);
  assert.deepEqual((await expandPaths(['{target,logs/a}.json'], dir)).map(rel), ['logs/a.json', 'target.json']);
});

test('data file names: .json .ndjson .jsonl .log, any case, optionally .gz; nothing else', async () => {
  const names = ['A.JSON', 'b.Ndjson.GZ', 'c.jsonl', 'd.log.gz', 'e.json.bak', 'f.jsonx', 'gjson', 'h.gz', 'i.ndjson.gz.tmp', '.hidden.json'];
  const d = await mkdtemp(path.join(tmpdir(), 'distill-names-'));
  try {
    for (const n of names) await writeFile(path.join(d, n), '{}\n');
    const files = await expandPaths(['.'], d);
    assert.deepEqual(files.map((f) => path.basename(f)), ['.hidden.json', 'A.JSON', 'b.Ndjson.GZ', 'c.jsonl', 'd.log.gz']);
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});

test('a glob with ** walks into linked directories too', async () => {
  assert.deepEqual((await expandPaths(['logs/**/c.jsonl'], dir)).map(rel), ['logs/linked-dir/c.jsonl']);
});

test('special files and links to them that do not have a data file name are passed over silently, like any other name', async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'distill-special-'));
  try {
    await writeFile(path.join(d, 'a.json'), '{}\n');
    assert.equal(spawnSync('mkfifo', [path.join(d, 'fifo')]).status, 0, 'mkfifo must exist (POSIX)');
    await symlink(path.join(d, 'fifo'), path.join(d, 'fifo-link.txt'));
    const skipped: SkippedPath[] = [];
    assert.deepEqual((await expandPaths(['.'], d, (s) => skipped.push(s))).map((f) => path.basename(f)), ['a.json']);
    assert.deepEqual(skipped, []);
  } finally {
    await rm(d, { recursive: true, force: true });
  }
});
