import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pkgArgs, pkgCli } from '../../build/run-pkg.js';

test('pkg is the pinned @yao-pkg/pkg 6.23.0, exactly (npm on Node 20 would otherwise pick an older one)', () => {
  assert.equal(pkgCli().version, '6.23.0');
  const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  assert.equal(manifest.devDependencies['@yao-pkg/pkg'], '6.23.0');
});

test('one pkg run: simple SEA mode on the bundle, no pkg signing, one exact target, one output file', () => {
  assert.deepEqual(pkgArgs('/pkg/bin.js', { entry: '/tmp/distill-sea/distill.cjs', target: 'node24.21.0-win-x64', output: '/out/distill.exe' }), [
    '/pkg/bin.js',
    '/tmp/distill-sea/distill.cjs',
    '--sea',
    '--no-signature',
    '--target',
    'node24.21.0-win-x64',
    '--output',
    '/out/distill.exe',
  ]);
});
