import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectAssets } from '../../build/collect-assets.js';

function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distill-assets-src-'));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

test('files are keyed by forward-slash paths in sorted order; targets/ and dot files are left out', () => {
  const dir = tree({ 'b.json': '{}', 'sample/x.ndjson': '{"a":1}\n', 'targets/linux-x64.json': '{}', '.hidden': 'x', 'a.json': '[]' });
  try {
    const assets = collectAssets(dir, '1.0.0');
    assert.deepEqual(Object.keys(assets.files), ['a.json', 'b.json', 'sample/x.ndjson']);
    assert.deepEqual(assets.files['sample/x.ndjson'], { encoding: 'utf8', data: '{"a":1}\n' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bytes that are not valid UTF-8 (a gzip file) are kept as base64, losslessly', () => {
  const gz = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe]);
  const dir = tree({ 'sample/x.ndjson.gz': gz });
  try {
    const file = collectAssets(dir, '1.0.0').files['sample/x.ndjson.gz']!;
    assert.equal(file.encoding, 'base64');
    assert.deepEqual(Buffer.from(file.data, 'base64'), gz);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the id is <version>-<16 hex digits>: the same files give the same id, any change gives another', () => {
  const one = tree({ 'a.json': '{}' });
  const same = tree({ 'a.json': '{}' });
  const other = tree({ 'a.json': '{ }' });
  try {
    const id = collectAssets(one, '0.2.0').id;
    assert.match(id, /^0\.2\.0-[0-9a-f]{16}$/);
    assert.equal(collectAssets(same, '0.2.0').id, id);
    assert.notEqual(collectAssets(other, '0.2.0').id, id);
  } finally {
    for (const d of [one, same, other]) rmSync(d, { recursive: true, force: true });
  }
});

test('the real dist-config embeds the default config, the sample and the schemas, not the build targets', () => {
  const assets = collectAssets(path.resolve(import.meta.dirname, '..', '..', 'dist-config'), '0.2.0');
  const names = Object.keys(assets.files);
  assert.ok(names.includes('distill.config.json'));
  assert.ok(names.includes('distill.config.schema.json'));
  assert.ok(names.some((n) => n.startsWith('sample/')));
  assert.ok(!names.some((n) => n.startsWith('targets/')));
});
