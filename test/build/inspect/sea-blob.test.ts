import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeSeaBlob } from '../../../build/inspect/sea-blob.js';
import { seaBlob } from './images.js';

test('a blob with Node\'s magic that embeds the bundle verbatim', () => {
  const blob = seaBlob('prefix;console.log("the bundle");');
  assert.deepEqual(describeSeaBlob(blob, Buffer.from('console.log("the bundle");')), {
    size: blob.length,
    sha256: createHash('sha256').update(blob).digest('hex'),
    magicOk: true,
    containsMain: true,
  });
});

test('a different bundle or a wrong magic is reported', () => {
  assert.equal(describeSeaBlob(seaBlob('a'), Buffer.from('b')).containsMain, false);
  assert.equal(describeSeaBlob(Buffer.from('not a blob')).magicOk, false);
  assert.equal('containsMain' in describeSeaBlob(seaBlob('a')), false);
});
