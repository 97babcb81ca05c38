import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seaFuseState } from '../../../build/inspect/sea-fuse.js';
import { fuse } from './images.js';

const around = (...parts: Buffer[]): Buffer => Buffer.concat([Buffer.alloc(100, 1), ...parts, Buffer.alloc(100, 2)]);

test('postject flips the fuse from :0 to :1', () => {
  assert.equal(seaFuseState(around(fuse('0'))), 'unfused');
  assert.equal(seaFuseState(around(fuse('1'))), 'fused');
});

test('no sentinel, two sentinels, or an unexpected state character are not "fused"', () => {
  assert.equal(seaFuseState(Buffer.alloc(300)), 'missing');
  assert.equal(seaFuseState(around(fuse('1'), Buffer.alloc(10), fuse('1'))), 'ambiguous');
  const odd = around(fuse('1'));
  odd[100 + fuse('1').length - 1] = 0x32;
  assert.equal(seaFuseState(odd), 'ambiguous');
});
