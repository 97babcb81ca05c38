// Exact packed columns for small batches, worked out by hand from the layout described in batch-codec.ts: shapes in
// order of first appearance (the previous document's shape reused, others found by their key list), one slot per
// key of each object document in document order, tags 0 null / 1 true / 2 false / 3 number / 4 string / 5 other,
// each distinct string once in the dictionary, nested values by reference in `others`, and the five typed arrays'
// buffers as the transfer list. Then unpack(pack(x)) is x again (through a real structured clone with transfer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchCodecModule, type PackedBatch } from '../../../../src/sources/files/scan/batch-codec.js';

const { pack, unpack } = batchCodecModule();

/** The packed batch as plain arrays of its parts, typed arrays kept (deepStrictEqual compares their type and bytes). */
function parts(packed: PackedBatch): Record<string, unknown> {
  const { shapes, shapeOf, tags, numbers, refs, strings, others, lines } = packed;
  return { shapes, shapeOf, tags, numbers, refs, strings, others, lines };
}

/** The same packed batch after a real postMessage-like trip (buffers transferred, not copied). */
function roundTrip(batch: { docs: unknown[]; lines: number[] }): { docs: unknown[]; lines: number[] } {
  const { packed, transfer } = pack(batch);
  return unpack(structuredClone(packed, { transfer }));
}

test('every value kind, repeated and reordered key lists, null documents: exact columns, dictionary and transfer list', () => {
  const nested = { x: [1, 'y'] };
  const list = ['q'];
  const docs = [
    { type: 'click', n: 1.5 },
    { type: 'view', n: -0 },
    null,
    { n: 2, type: 'click' },
    { type: 'click', n: 3 },
    {},
    { b: true, f: false, z: null, o: nested, a: list },
  ];
  const batch = { docs, lines: [1, 2, 4, 5, 7, 8, 10] };
  const { packed, transfer } = pack(batch);
  assert.deepEqual(parts(packed), {
    // {n, type} is a new shape (order counts); the fourth object returns to shape 0 through the lookup.
    shapes: [['type', 'n'], ['n', 'type'], [], ['b', 'f', 'z', 'o', 'a']],
    shapeOf: new Int32Array([0, 0, -1, 1, 0, 2, 3]),
    // Slots: click, 1.5 | view, -0 | 2, click | click, 3 | true, false, null, nested, list.
    tags: new Uint8Array([4, 3, 4, 3, 3, 4, 4, 3, 1, 2, 0, 5, 5]),
    numbers: new Float64Array([0, 1.5, 0, -0, 2, 0, 0, 3, 0, 0, 0, 0, 0]),
    refs: new Int32Array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
    strings: ['click', 'view'],
    others: [{ x: [1, 'y'] }, ['q']],
    lines: new Int32Array([1, 2, 4, 5, 7, 8, 10]),
  });
  assert.ok(Object.is(packed.numbers[3], -0), 'negative zero kept bit for bit');
  assert.equal(packed.others[0], nested, 'nested values are passed by reference (the clone copies them)');
  assert.equal(packed.others[1], list);
  assert.equal(transfer.length, 5);
  assert.deepEqual(
    transfer.map((b, i) => b === [packed.shapeOf, packed.tags, packed.numbers, packed.refs, packed.lines][i]!.buffer),
    [true, true, true, true, true],
    'the transfer list is the typed arrays buffers, in that order',
  );
  const back = roundTrip(batch);
  assert.deepEqual(back, batch);
  assert.ok(Object.is((back.docs[1] as { n: number }).n, -0));
  assert.deepEqual(Object.keys(back.docs[3] as object), ['n', 'type'], 'key order kept');
});

test('shape lookup: different key lists never share a shape (no join collision, no prefix match), a repeated one does', () => {
  const batch = { docs: [{ ab: 1 }, { a: 'x', b: 'y' }, { a: 'x' }, { a: 'x', b: 'x' }, { a: 'y' }, { b: 'y' }], lines: [1, 2, 3, 4, 5, 6] };
  const { packed } = pack(batch);
  assert.deepEqual(parts(packed), {
    // {a, b} after {ab}: same joined letters, other keys; {a, b} after {a}: {a} is a prefix of it; {b} after {a}: same length.
    shapes: [['ab'], ['a', 'b'], ['a'], ['b']],
    shapeOf: new Int32Array([0, 1, 2, 1, 2, 3]),
    tags: new Uint8Array([3, 4, 4, 4, 4, 4, 4, 4]),
    numbers: new Float64Array([1, 0, 0, 0, 0, 0, 0, 0]),
    refs: new Int32Array([0, 0, 1, 0, 0, 0, 1, 1]),
    strings: ['x', 'y'],
    others: [],
    lines: new Int32Array([1, 2, 3, 4, 5, 6]),
  });
  assert.deepEqual(roundTrip(batch), batch);
});

test('a document that is not an object (any primitive) packs as -1 with no slot and unpacks as null; a dropped one (undefined) as -2, back as undefined', () => {
  const { packed } = pack({ docs: [5, 'ab', true, { k: 'v' }, undefined], lines: [1, 2, 3, 4, 5] });
  assert.deepEqual(parts(packed), {
    shapes: [['k']],
    shapeOf: new Int32Array([-1, -1, -1, 0, -2]),
    tags: new Uint8Array([4]),
    numbers: new Float64Array([0]),
    refs: new Int32Array([0]),
    strings: ['v'],
    others: [],
    lines: new Int32Array([1, 2, 3, 4, 5]),
  });
  const back = unpack(packed);
  assert.deepEqual(back, { docs: [null, null, null, { k: 'v' }, undefined], lines: [1, 2, 3, 4, 5] });
  assert.ok(4 in back.docs, 'the dropped document keeps its place (not a hole)');
  // Dropped documents between and around others take no slot: the next document reads its own values.
  const mixed = pack({ docs: [undefined, { a: 1 }, undefined, undefined, null, { a: 'x' }, undefined], lines: [1, 2, 3, 4, 5, 6, 7] }).packed;
  assert.deepEqual([...mixed.shapeOf], [-2, 0, -2, -2, -1, 0, -2]);
  assert.deepEqual([...mixed.tags], [3, 4]);
  assert.deepEqual(unpack(mixed).docs, [undefined, { a: 1 }, undefined, undefined, null, { a: 'x' }, undefined]);
});

test('an empty batch packs to empty columns and five (empty) buffers', () => {
  const { packed, transfer } = pack({ docs: [], lines: [] });
  assert.deepEqual(parts(packed), {
    shapes: [],
    shapeOf: new Int32Array(0),
    tags: new Uint8Array(0),
    numbers: new Float64Array(0),
    refs: new Int32Array(0),
    strings: [],
    others: [],
    lines: new Int32Array(0),
  });
  assert.deepEqual(
    transfer.map((b) => b.byteLength),
    [0, 0, 0, 0, 0],
  );
  assert.deepEqual(unpack(packed), { docs: [], lines: [] });
});

test('__proto__ keys: packed like any key, unpacked as an own, writable, enumerable, configurable property (prototype untouched)', () => {
  const objectProto = JSON.parse('{"a":1,"__proto__":{"x":1},"b":"s"}') as Record<string, unknown>;
  const stringProto = JSON.parse('{"__proto__":"p"}') as Record<string, unknown>;
  const batch = { docs: [{ a: 2, b: 't' }, objectProto, stringProto, { a: 3, b: 's' }], lines: [1, 2, 3, 4] };
  const { packed, transfer } = pack(batch);
  assert.deepEqual(parts(packed), {
    shapes: [['a', 'b'], ['a', '__proto__', 'b'], ['__proto__']],
    shapeOf: new Int32Array([0, 1, 2, 0]),
    tags: new Uint8Array([3, 4, 3, 5, 4, 4, 3, 4]),
    numbers: new Float64Array([2, 0, 1, 0, 0, 0, 3, 0]),
    refs: new Int32Array([0, 0, 0, 0, 1, 2, 0, 1]),
    strings: ['t', 's', 'p'],
    others: [{ x: 1 }],
    lines: new Int32Array([1, 2, 3, 4]),
  });
  const back = unpack(structuredClone(packed, { transfer }));
  assert.deepEqual(back, batch);
  const [, withObject, withString] = back.docs as object[];
  assert.deepEqual(Object.keys(withObject!), ['a', '__proto__', 'b']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(withObject, '__proto__'), { value: { x: 1 }, writable: true, enumerable: true, configurable: true });
  assert.equal(Object.getPrototypeOf(withObject), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(withString, '__proto__'), { value: 'p', writable: true, enumerable: true, configurable: true });
  assert.equal(Object.getPrototypeOf(withString), Object.prototype);
  // The other keys of a shape holding __proto__ are ordinary properties too.
  assert.deepEqual(Object.getOwnPropertyDescriptor(withObject, 'b'), { value: 's', writable: true, enumerable: true, configurable: true });
});

test('unpack reads a hand-built packed batch: each tag to its value, refs into strings and others, null documents', () => {
  const packed: PackedBatch = {
    shapes: [['n', 't', 'f', 'x', 's', 'o'], ['s']],
    shapeOf: new Int32Array([0, -1, 1, 0]),
    tags: new Uint8Array([0, 1, 2, 3, 4, 5, 4, 3, 3, 3, 4, 5, 0]),
    numbers: new Float64Array([9, 9, 9, -2.5, 9, 9, 9, 7, 8, 1e300, 9, 9, 9]),
    refs: new Int32Array([5, 5, 5, 5, 1, 1, 0, 5, 5, 5, 1, 0, 5]),
    strings: ['a', 'b'],
    others: [[1], { k: null }],
    lines: new Int32Array([3, 5, 6, 9]),
  };
  assert.deepEqual(unpack(packed), {
    docs: [{ n: null, t: true, f: false, x: -2.5, s: 'b', o: { k: null } }, null, { s: 'a' }, { n: 7, t: 8, f: 1e300, x: 'b', s: [1], o: null }],
    lines: [3, 5, 6, 9],
  });
});

test('keys holding U+0000 never make two key lists one shape', () => {
  const batch = { docs: [{ 'a\u0000b': 1 }, { a: 2, b: 3 }, { 'a\u0000b': 4 }, { '': 5 }, {}, { '': 6 }], lines: [1, 2, 3, 4, 5, 6] };
  const { packed } = pack(batch);
  assert.deepEqual(parts(packed), {
    shapes: [['a\u0000b'], ['a', 'b'], [''], []],
    shapeOf: new Int32Array([0, 1, 0, 2, 3, 2]),
    tags: new Uint8Array([3, 3, 3, 3, 3, 3]),
    numbers: new Float64Array([1, 2, 3, 4, 5, 6]),
    refs: new Int32Array(6),
    strings: [],
    others: [],
    lines: new Int32Array([1, 2, 3, 4, 5, 6]),
  });
  assert.deepEqual(unpack(packed), batch);
});
