import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../../..');

test('the committed kernel module is the compile of kernel/scan-kernel.ts by the pinned AssemblyScript', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-scan-kernel.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /scan-kernel-wasm\.ts: up to date \(\d+ bytes\)/);
});
