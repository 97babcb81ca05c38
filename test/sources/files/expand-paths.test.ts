import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
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
