import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatChecksums, parseChecksums, sha256File } from '../../build/checksums.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

test('SHA256SUMS lines are "<hex>  <name>", sorted by name, newline-terminated', () => {
  assert.equal(formatChecksums([{ name: 'z.exe', sha256: A }, { name: 'a', sha256: B }]), `${B}  a\n${A}  z.exe\n`);
});

test('a digest that is not 64 lower-case hex digits, or a name with a path, is refused', () => {
  assert.throws(() => formatChecksums([{ name: 'a', sha256: 'ABC' }]), /Not a SHA-256/);
  assert.throws(() => formatChecksums([{ name: 'dir/a', sha256: A }]), /bare file names/);
});

test('parse reads back text and binary-mode lines and rejects anything else', () => {
  assert.deepEqual(parseChecksums(`${A}  x\n${B} *y\n\n`), [{ sha256: A, name: 'x' }, { sha256: B, name: 'y' }]);
  assert.throws(() => parseChecksums('nonsense\n'), /Malformed checksum line/);
});

test('GNU sha256sum -c accepts the file the build writes', async (t) => {
  if (spawnSync('sha256sum', ['--version']).status !== 0) {
    // CI has coreutils: there a missing sha256sum is a failure, not a reason to skip.
    if (process.env.CI === 'true') assert.fail('sha256sum is not installed, and CI=true');
    return t.skip('sha256sum not installed');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distill-sums-'));
  try {
    writeFileSync(path.join(dir, 'one'), 'hello\n');
    writeFileSync(path.join(dir, 'two.exe'), Buffer.from([0, 1, 2, 255]));
    const sums = formatChecksums([
      { name: 'two.exe', sha256: await sha256File(path.join(dir, 'two.exe')) },
      { name: 'one', sha256: await sha256File(path.join(dir, 'one')) },
    ]);
    assert.equal(sums.split('\n')[0], '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  one');
    writeFileSync(path.join(dir, 'SHA256SUMS'), sums);
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    assert.equal(check.stdout, 'one: OK\ntwo.exe: OK\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
