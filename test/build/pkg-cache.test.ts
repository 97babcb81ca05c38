import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pkgCacheLayout, seedPkgCache } from '../../build/pkg-cache.js';

test('Linux and macOS: a .tar.gz archive and node-v<version>-<os>-x64/bin/node, each with its .ok marker', () => {
  assert.deepEqual(pkgCacheLayout('linux', '24.21.0'), {
    archive: '.pkg-cache/sea/node-v24.21.0-linux-x64.tar.gz',
    binary: '.pkg-cache/sea/node-v24.21.0-linux-x64/bin/node',
    markers: ['.pkg-cache/sea/node-v24.21.0-linux-x64.tar.gz.ok', '.pkg-cache/sea/node-v24.21.0-linux-x64/bin/node.ok'],
  });
  assert.equal(pkgCacheLayout('macos', '24.18.1').binary, '.pkg-cache/sea/node-v24.18.1-darwin-x64/bin/node');
});

test('Windows: a .zip archive and node-v<version>-win-x64.exe beside it', () => {
  assert.deepEqual(pkgCacheLayout('win', '22.23.3'), {
    archive: '.pkg-cache/sea/node-v22.23.3-win-x64.zip',
    binary: '.pkg-cache/sea/node-v22.23.3-win-x64.exe',
    markers: ['.pkg-cache/sea/node-v22.23.3-win-x64.zip.ok', '.pkg-cache/sea/node-v22.23.3-win-x64.exe.ok'],
  });
});

test('seeding copies the binary in and writes the placeholder archive and both markers', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'distill-pkgcache-'));
  try {
    const source = path.join(home, 'node.exe');
    writeFileSync(source, 'MZ binary');
    const seeded = seedPkgCache(home, 'win', '22.23.3', source);
    assert.equal(seeded, path.join(home, '.pkg-cache', 'sea', 'node-v22.23.3-win-x64.exe'));
    assert.equal(readFileSync(seeded, 'utf8'), 'MZ binary');
    const layout = pkgCacheLayout('win', '22.23.3');
    for (const rel of [layout.archive, ...layout.markers]) assert.equal(statSync(path.join(home, rel)).size, 0, rel);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('the pinned pkg still looks for exactly this layout (re-check pkg-cache.ts when pkg is upgraded)', () => {
  const require = createRequire(import.meta.url);
  const sea = readFileSync(path.join(path.dirname(require.resolve('@yao-pkg/pkg/package.json')), 'lib-es5', 'sea.js'), 'utf8');
  for (const fragment of [
    "(0, path_1.join)((0, os_1.homedir)(), '.pkg-cache', 'sea')",
    "const fileName = `node-${nodeVersion}-${os}-${arch}.${os === 'win' ? 'zip' : 'tar.gz'}`;",
    'const archiveSentinel = `${filePath}.ok`;',
    'const sentinel = `${nodePath}.ok`;',
    "(0, path_1.join)(archiveDir, `${nodeDir}.exe`)",
    "(0, path_1.join)(archiveDir, nodeDir, 'bin', 'node')",
  ]) {
    assert.ok(sea.includes(fragment), `pkg's sea.js no longer contains: ${fragment}`);
  }
  assert.equal(existsSync(path.join(path.dirname(require.resolve('@yao-pkg/pkg/package.json')), 'lib-es5', 'sea.js')), true);
});
