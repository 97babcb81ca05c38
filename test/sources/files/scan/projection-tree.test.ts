import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectionTreeModule, type ProjectionNode } from '../../../../src/sources/files/scan/projection-tree.js';

const tree = projectionTreeModule();

/** A compiled node as plain data: its flags, its keys (in order) and its byte-length table (length, key, bytes). */
interface Shape {
  whole: boolean;
  empty: boolean;
  decodeKeys: boolean;
  keys: [string, Shape][];
  byLength: [number, string, number[]][];
}

function shape(node: ProjectionNode): Shape {
  const byLength: [number, string, number[]][] = [];
  assert.equal(node.byLength.length, Math.max(0, ...[...node.keys.keys()].map((k) => Buffer.byteLength(k) + 1)));
  node.byLength.forEach((list, length) => {
    for (const entry of list ?? []) {
      // Every entry points at the node its key leads to.
      assert.equal(entry.node, node.keys.get(entry.key), entry.key);
      byLength.push([length, entry.key, [...entry.bytes]]);
    }
  });
  return {
    whole: node.whole,
    empty: node.empty,
    decodeKeys: node.decodeKeys,
    keys: [...node.keys].map(([k, child]) => [k, shape(child)]),
    byLength,
  };
}

/** The bytes of an ASCII key (one byte per character). */
const ascii = (key: string): number[] => [...key].map((ch) => ch.charCodeAt(0));

const WHOLE: Shape = { whole: true, empty: false, decodeKeys: false, keys: [], byLength: [] };
const EMPTY: Shape = { whole: false, empty: true, decodeKeys: false, keys: [], byLength: [] };

/** A node needing the given ASCII keys (no flags set), with its byte-length table written out. */
function asciiNode(keys: [string, Shape][]): Shape {
  return {
    whole: false,
    empty: false,
    decodeKeys: false,
    keys,
    byLength: keys.map(([k]) => [k.length, k, ascii(k)] as [number, string, number[]]).sort((a, b) => a[0] - b[0]),
  };
}

test('no paths: an empty node; the empty path: a whole node', () => {
  assert.deepEqual(shape(tree.compileNeeds([])), EMPTY);
  assert.deepEqual(shape(tree.compileNeeds([''])), WHOLE);
});

test('the empty path among others keeps the level whole, with no keys', () => {
  assert.deepEqual(shape(tree.compileNeeds(['a', '', 'b.c'])), WHOLE);
});

test('a dotted path is reached through every split point, each key in order of first appearance', () => {
  const got = shape(tree.compileNeeds(['a.b.c', 'x']));
  const c = asciiNode([['c', WHOLE]]);
  const want: Shape = {
    whole: false,
    empty: false,
    decodeKeys: false,
    keys: [
      ['a', asciiNode([['b', c], ['b.c', WHOLE]])],
      ['a.b', c],
      ['a.b.c', WHOLE],
      ['x', WHOLE],
    ],
    byLength: [
      [1, 'a', ascii('a')],
      [1, 'x', ascii('x')],
      [3, 'a.b', ascii('a.b')],
      [5, 'a.b.c', ascii('a.b.c')],
    ],
  };
  assert.deepEqual(got, want);
});

test('a path that is a prefix of another: the shorter one is needed whole', () => {
  assert.deepEqual(
    shape(tree.compileNeeds(['a', 'a.b'])),
    asciiNode([
      ['a', WHOLE],
      ['a.b', WHOLE],
    ]),
  );
  // Duplicates count once.
  assert.deepEqual(shape(tree.compileNeeds(['a.b', 'a.b', 'a'])), shape(tree.compileNeeds(['a.b', 'a'])));
});

test('leading, trailing and doubled dots make empty-string keys and segments', () => {
  const got = shape(tree.compileNeeds(['.a', 'b.', 'c..d']));
  const want: Shape = {
    whole: false,
    empty: false,
    decodeKeys: false,
    keys: [
      ['', asciiNode([['a', WHOLE]])],
      ['.a', WHOLE],
      ['b', WHOLE],
      ['b.', WHOLE],
      ['c', { whole: false, empty: false, decodeKeys: false, keys: [['', asciiNode([['d', WHOLE]])], ['.d', WHOLE]], byLength: [[0, '', []], [2, '.d', ascii('.d')]] }],
      ['c.', asciiNode([['d', WHOLE]])],
      ['c..d', WHOLE],
    ],
    byLength: [
      [0, '', []],
      [1, 'b', ascii('b')],
      [1, 'c', ascii('c')],
      [2, '.a', ascii('.a')],
      [2, 'b.', ascii('b.')],
      [2, 'c.', ascii('c.')],
      [4, 'c..d', ascii('c..d')],
    ],
  };
  assert.deepEqual(got, want);
});

test('keys are grouped by UTF-8 byte length, not by string length', () => {
  const got = shape(tree.compileNeeds(['é', 'ab', '😀', '€']));
  assert.deepEqual(got, {
    whole: false,
    empty: false,
    decodeKeys: false,
    keys: [
      ['é', WHOLE],
      ['ab', WHOLE],
      ['😀', WHOLE],
      ['€', WHOLE],
    ],
    byLength: [
      [2, 'é', [0xc3, 0xa9]],
      [2, 'ab', [0x61, 0x62]],
      [3, '€', [0xe2, 0x82, 0xac]],
      [4, '😀', [0xf0, 0x9f, 0x98, 0x80]],
    ],
  });
});

test('decodeKeys: set by U+FFFD or a lone surrogate at the level, never by a well-formed pair', () => {
  const decodes = (key: string): boolean => tree.compileNeeds([key]).decodeKeys;
  const cases: [string, boolean][] = [
    ['plain', false],
    ['\ufffd', true],
    ['x\ufffdy', true],
    ['\ud7ff', false],
    ['\ud800', true],
    ['\udbff', true],
    ['\udc00', true],
    ['\udfff', true],
    ['\ue000', false],
    ['a\ud800', true],
    ['\ud800\udc00', false],
    ['\udbff\udfff', false],
    ['\ud83d\ude00x', false],
    ['\ud800\udbff', true],
    ['\ud800\ue000', true],
    ['\ud800\ud7ff', true],
    ['\ud800\udc00\udc00', true],
    ['\udc00\ud800', true],
    ['\uffff', false],
  ];
  assert.deepEqual(
    cases.map(([k]) => [k, decodes(k)]),
    cases,
  );
  // Only the levels that hold such a key decode their keys (the top holds the literal key 'a.\ud800' too).
  const node = tree.compileNeeds(['a.\ud800', 'b.c']);
  assert.deepEqual([node.decodeKeys, node.keys.get('a')!.decodeKeys, node.keys.get('b')!.decodeKeys], [true, true, false]);
});

test('arrays: without index paths every element is the node itself', () => {
  const node = tree.compileNeeds(['a.b', 'x1', '1x', 'x']);
  assert.equal(node.element(0), node);
  assert.equal(node.element(3), node);
  const empty = tree.compileNeeds([]);
  assert.equal(empty.element(0), empty);
});

test('arrays: an index path picks its element, crossing paths reach every element', () => {
  const node = tree.compileNeeds(['1.x', '10.y', 'a', '2', '1']);
  assert.deepEqual(shape(node.element(0)), asciiNode([['a', WHOLE]]));
  assert.deepEqual(shape(node.element(1)), WHOLE);
  assert.deepEqual(shape(node.element(2)), WHOLE);
  assert.deepEqual(shape(node.element(10)), asciiNode([['a', WHOLE], ['y', WHOLE]]));
  assert.deepEqual(shape(node.element(100)), asciiNode([['a', WHOLE]]));
  // Compiled once per index.
  assert.equal(node.element(10), node.element(10));
  assert.notEqual(node.element(0), node.element(100));
});

test('arrays: an element no path reaches is empty; index paths continue below', () => {
  const node = tree.compileNeeds(['1.x.2', '01.z']);
  assert.deepEqual(shape(node.element(0)), EMPTY);
  assert.deepEqual(shape(node.element(2)), EMPTY);
  const one = node.element(1);
  assert.deepEqual(shape(one), asciiNode([['x', asciiNode([['2', WHOLE]])], ['x.2', WHOLE]]));
  assert.deepEqual(shape(one.keys.get('x')!.element(2)), WHOLE);
  assert.deepEqual(shape(one.keys.get('x')!.element(1)), EMPTY);
  // `01` is an index segment (digits only) but names no element: String(1) is '1'.
  assert.equal(node.element(1).keys.has('z'), false);
});

test('segments that only partly look like indexes cross arrays; an index head picks', () => {
  for (const p of ['1x', 'x1', '-1', 'a.1']) {
    const el = tree.compileNeeds([p, '3']).element(0);
    assert.deepEqual([...el.keys.keys()], p === 'a.1' ? ['a', 'a.1'] : [p], p);
    assert.equal(el.empty, false, p);
  }
  assert.equal(tree.compileNeeds(['1.5x', '3']).element(0).empty, true);
});

test('projectParsed: keeps needed keys, arrays at their length, unneeded elements null, needed values whole', () => {
  const doc = { type: 'click', n: 3, details: { x: 1, y: [1, 2], z: null }, items: [{ n: 1, m: 2 }, 5, [{ n: 3 }], null], path: ['p0', 'p1', 'p2'] };
  const node = tree.compileNeeds(['type', 'details.y', 'items.n', 'path.1', 'missing']);
  assert.deepEqual(tree.projectParsed(doc, node), {
    type: 'click',
    details: { y: [1, 2] },
    items: [{ n: 1 }, 5, [{ n: 3 }], null],
    path: [null, 'p1', null],
  });
});

test('projectParsed: whole, empty and scalar cases', () => {
  const whole = tree.compileNeeds(['']);
  const value = { a: 1 };
  assert.equal(tree.projectParsed(value, whole), value);
  const empty = tree.compileNeeds([]);
  assert.equal(tree.projectParsed({ a: 1 }, empty), null);
  assert.equal(tree.projectParsed(7, empty), null);
  assert.equal(tree.projectParsed(null, empty), null);
  const some = tree.compileNeeds(['a']);
  assert.equal(tree.projectParsed(7, some), 7);
  assert.equal(tree.projectParsed('s', some), 's');
  assert.equal(tree.projectParsed(null, some), null);
  assert.deepEqual(tree.projectParsed({ b: 1 }, some), {});
  assert.deepEqual(tree.projectParsed([{ a: 1, b: 2 }, 3], some), [{ a: 1 }, 3]);
});

test('projectParsed keeps __proto__ as an own property and never changes the prototype', () => {
  const doc = JSON.parse('{"__proto__":{"x":1,"y":2},"constructor":3}') as object;
  const out = tree.projectParsed(doc, tree.compileNeeds(['__proto__.x', 'constructor'])) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__'), { value: { x: 1 }, writable: true, enumerable: true, configurable: true });
  assert.deepEqual(Object.keys(out), ['__proto__', 'constructor']);
  assert.equal(out.constructor, 3);
});

test('setKey: __proto__ becomes an ordinary own data property; other keys are assigned', () => {
  const target: Record<string, unknown> = {};
  tree.setKey(target, '__proto__', 1);
  tree.setKey(target, 'a', 2);
  tree.setKey(target, '__proto__', 3);
  assert.equal(Object.getPrototypeOf(target), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(target, '__proto__'), { value: 3, writable: true, enumerable: true, configurable: true });
  assert.deepEqual(Object.getOwnPropertyDescriptor(target, 'a'), { value: 2, writable: true, enumerable: true, configurable: true });
  assert.deepEqual(Object.entries(target), [
    ['__proto__', 3],
    ['a', 2],
  ]);
  const obj = { q: 1 };
  tree.setKey(target, '__proto__', obj);
  assert.equal(Object.getPrototypeOf(target), Object.prototype);
  assert.equal(target['__proto__'], obj);
});
