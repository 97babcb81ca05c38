import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatNotices, licenseFile, packageNotices } from '../../build/third-party-notices.js';

test('license files are found under their usual names', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-lic-'));
  try {
    for (const [dir, file] of [['a', 'LICENSE'], ['b', 'license.md'], ['c', 'LICENCE.txt'], ['d', 'README.md']] as const) {
      mkdirSync(path.join(tmp, dir));
      writeFileSync(path.join(tmp, dir, file), 'text');
    }
    assert.equal(licenseFile(path.join(tmp, 'a')), path.join(tmp, 'a', 'LICENSE'));
    assert.equal(licenseFile(path.join(tmp, 'b')), path.join(tmp, 'b', 'license.md'));
    assert.equal(licenseFile(path.join(tmp, 'c')), path.join(tmp, 'c', 'LICENCE.txt'));
    assert.equal(licenseFile(path.join(tmp, 'd')), undefined);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('each inlined package contributes its name, version, license and text once; the file lists them in order', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const [zod] = packageNotices(root, ['node_modules/zod', 'node_modules/zod']);
  assert.equal(packageNotices(root, ['node_modules/zod', 'node_modules/zod']).length, 1);
  assert.equal(zod!.name, 'zod');
  assert.equal(zod!.license, 'MIT');
  assert.match(zod!.text, /MIT License|Permission is hereby granted/);
  const text = formatNotices('Distill 9.9.9', [{ name: 'x', version: '1.0.0', license: 'MIT', text: 'X license' }, { name: 'y', version: '2.0.0', license: 'ISC', text: 'Y license' }]);
  assert.match(text, /^Distill 9\.9\.9 single-file executables include/);
  assert.ok(text.indexOf('x 1.0.0 (MIT)') < text.indexOf('y 2.0.0 (ISC)'));
});
