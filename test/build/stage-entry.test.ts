import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEA_ENTRY, withStagedEntry } from '../../build/stage-entry.js';

function scratch(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'distill-stage-'));
}

test('the entry path handed to pkg is the same on every machine (it is recorded in the SEA blob)', () => {
  assert.equal(SEA_ENTRY, '/tmp/distill-sea/distill.cjs');
});

test('the bundle is copied in for the duration of the build and the lock is released afterwards, even on failure', async () => {
  const tmp = scratch();
  try {
    const bundle = path.join(tmp, 'b.cjs');
    writeFileSync(bundle, 'console.log(1)');
    const dir = path.join(tmp, 'stage');
    const seen = await withStagedEntry(bundle, async (entry) => readFileSync(entry, 'utf8'), dir);
    assert.equal(seen, 'console.log(1)');
    assert.equal(existsSync(path.join(dir, 'lock')), false);
    await assert.rejects(withStagedEntry(bundle, async () => { throw new Error('pkg failed'); }, dir), /pkg failed/);
    assert.equal(existsSync(path.join(dir, 'lock')), false);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('a lock held by a live process refuses a second build; a stale one is taken over', async () => {
  const tmp = scratch();
  try {
    const bundle = path.join(tmp, 'b.cjs');
    writeFileSync(bundle, 'x');
    const dir = path.join(tmp, 'stage');
    await withStagedEntry(bundle, async () => {
      await assert.rejects(withStagedEntry(bundle, async () => 1, dir), new RegExp(`Another build \\(pid ${process.pid}\\)`));
    }, dir);
    writeFileSync(path.join(dir, 'lock'), '999999999');
    assert.equal(await withStagedEntry(bundle, async () => 'ok', dir), 'ok');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('a symlink in place of the staging directory is refused', async () => {
  const tmp = scratch();
  try {
    symlinkSync(tmp, path.join(tmp, 'link'));
    await assert.rejects(withStagedEntry(path.join(tmp, 'b.cjs'), async () => 1, path.join(tmp, 'link')), /not a directory of this user/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
