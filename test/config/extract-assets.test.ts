import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXTRACTED_MARKER, extractAssets, type EmbeddedAssets } from '../../src/config/extract-assets.js';

const assets: EmbeddedAssets = {
  id: '0.2.0-0123456789abcdef',
  files: {
    'distill.config.json': { encoding: 'utf8', data: '{"sources":{}}' },
    'sample/events.ndjson': { encoding: 'utf8', data: '{"a":"é"}\n' },
    'sample/events.ndjson.gz': { encoding: 'base64', data: Buffer.from([0x1f, 0x8b, 0xff]).toString('base64') },
  },
};

function scratch(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'distill-extract-'));
}

test('files are written under <root>/<id>/ with their bytes, and a marker last', () => {
  const root = scratch();
  try {
    const dir = extractAssets(assets, root);
    assert.equal(dir, path.join(root, assets.id));
    assert.equal(readFileSync(path.join(dir, 'sample', 'events.ndjson'), 'utf8'), '{"a":"é"}\n');
    assert.deepEqual([...readFileSync(path.join(dir, 'sample', 'events.ndjson.gz'))], [0x1f, 0x8b, 0xff]);
    assert.equal(readFileSync(path.join(dir, EXTRACTED_MARKER), 'utf8'), `${assets.id}\n`);
    assert.deepEqual(readdirSync(root), [assets.id]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a complete extraction is reused as it is; an interrupted one (no marker) is replaced', () => {
  const root = scratch();
  try {
    const dir = extractAssets(assets, root);
    writeFileSync(path.join(dir, 'distill.config.json'), 'user edit');
    assert.equal(extractAssets(assets, root), dir);
    assert.equal(readFileSync(path.join(dir, 'distill.config.json'), 'utf8'), 'user edit');
    rmSync(path.join(dir, EXTRACTED_MARKER));
    extractAssets(assets, root);
    assert.equal(readFileSync(path.join(dir, 'distill.config.json'), 'utf8'), '{"sources":{}}');
    assert.deepEqual(readdirSync(root), [assets.id]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an unwritable root falls back to a private temp directory', () => {
  const tmp = scratch();
  try {
    const notADir = path.join(tmp, 'file');
    writeFileSync(notADir, 'x');
    const dir = extractAssets(assets, notADir);
    assert.ok(dir.startsWith(path.join(os.tmpdir(), 'distill-assets-')));
    assert.ok(existsSync(path.join(dir, 'distill.config.json')));
    rmSync(dir, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('an id or a file name that would leave the directory is refused', () => {
  const root = scratch();
  try {
    assert.throws(() => extractAssets({ id: '../x', files: {} }, root), /Invalid embedded asset id/);
    assert.throws(() => extractAssets({ id: 'ok', files: { '../../evil': { encoding: 'utf8', data: '' } } }, root), /escapes its directory/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
