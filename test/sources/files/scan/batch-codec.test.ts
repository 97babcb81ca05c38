import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchCodecModule } from '../../../../src/sources/files/scan/batch-codec.js';

const codec = batchCodecModule();

test('a packed batch unpacks to equal documents, and lines', () => {
  const proto = JSON.parse('{"__proto__":{"x":1},"type":"p"}') as Record<string, unknown>;
  const batch = {
    docs: [{ type: 'click', clientTime: 1, microTime: -0 }, { type: 'click', clientTime: 2, microTime: 0.5 }, null, { b: true, a: false, n: null, d: { x: [1, 'y'] }, 2: 'two' }, proto, {}],
    lines: [1, 1, 3, 4, 9, 10],
  };
  const { packed, transfer } = codec.pack(batch);
  assert.equal(transfer.length, 5);
  // Each distinct string once (the dictionary of the batch); every slot refers to it.
  assert.deepEqual(packed.strings, ['click', 'two', 'p']);
  assert.deepEqual([packed.tags[0], packed.refs[0], packed.tags[3], packed.refs[3]], [4, 0, 4, 0]);
  const back = codec.unpack(structuredClone(packed, { transfer }));
  assert.deepEqual(back, batch);
  assert.ok(Object.is((back.docs[0] as { microTime: number }).microTime, -0));
  assert.deepEqual(Object.keys(back.docs[3] as object), ['2', 'b', 'a', 'n', 'd']);
  assert.ok(Object.hasOwn(back.docs[4] as object, '__proto__'));
  assert.equal(Object.getPrototypeOf(back.docs[4]), Object.prototype);
  // Documents of the same keys share one shape.
  assert.equal(packed.shapes.length, 4);
});
