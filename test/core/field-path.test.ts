import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePath, getOwn, getPath, setOwn } from '../../src/core/field-path.js';
import { compileCondition } from '../../src/core/query/compile-predicate.js';
import { compileProjection } from '../../src/core/query/project-event.js';

const doc = { details: { clicks: 2, attrs: { 'data-id': 42 } }, path: ['a', 'b'], 'geo.city': 'Paris', geo: { country: 'FR' } };

test('nested paths, array indexes and literal dotted keys', () => {
  for (const read of [getPath, (d: unknown, p: string) => compilePath(p)(d)]) {
    assert.equal(read(doc, 'details.clicks'), 2);
    assert.equal(read(doc, 'details.attrs.data-id'), 42);
    assert.equal(read(doc, 'path.1'), 'b');
    assert.equal(read(doc, 'geo.city'), 'Paris');
    assert.equal(read(doc, 'geo.country'), 'FR');
    assert.equal(read(doc, 'details.missing'), undefined);
    assert.equal(read(doc, 'nothing.at.all'), undefined);
    assert.equal(read(null, 'a'), undefined);
  }
});

test('through arrays of objects the path collects every element\'s value, as Elasticsearch indexes them', () => {
  const d = { items: [{ name: 'a', tags: ['x'] }, { name: 'b', tags: ['y', 'z'] }, { other: 1 }], path: ['p0', 'p1'] };
  for (const read of [getPath, (doc: unknown, p: string) => compilePath(p)(doc)]) {
    assert.deepEqual(read(d, 'items.name'), ['a', 'b']);
    assert.deepEqual(read(d, 'items.tags'), ['x', 'y', 'z']);
    assert.equal(read(d, 'items.1.name'), 'b', 'a numeric segment still indexes');
    assert.equal(read(d, 'path.1'), 'p1');
    assert.equal(read(d, 'items.missing'), undefined);
  }
});

const both = [getPath, (d: unknown, p: string) => compilePath(p)(d)] as const;

test('a literal key equal to the rest of the path wins over the walk, at every level, for getPath and compilePath alike', () => {
  for (const read of both) {
    assert.equal(read({ 'a.b': 1, a: { b: 2 } }, 'a.b'), 1);
    assert.equal(read({ a: { 'b.c': 1, b: { c: 2 } } }, 'a.b.c'), 1);
    assert.equal(read({ x: { a: { 'b.c': 1, b: { c: 2 } } } }, 'x.a.b.c'), 1);
    // Otherwise split points are tried from the left: `a` before `a.b`.
    assert.equal(read({ 'a.b': { c: 1 }, a: { b: { c: 2 } } }, 'a.b.c'), 2);
    // A split that leads nowhere falls through to the next.
    assert.equal(read({ a: { x: 1 }, 'a.b': { c: 3 } }, 'a.b.c'), 3);
    assert.equal(read({ a: { b: null }, 'a.b': { c: 4 } }, 'a.b.c'), 4);
    assert.equal(read({ a: 5, 'a.b': { c: 6 } }, 'a.b.c'), 6);
    // Empty segments are keys like any other.
    assert.equal(read({ '': { a: 7 } }, '.a'), 7);
    assert.equal(read({ a: { '': { b: 8 } } }, 'a..b'), 8);
    assert.equal(read({ a: { b: { '': 9 } } }, 'a.b.'), 9);
  }
});

test('a filter and a projection on a dotted path read the same value when a literal dotted key is present', () => {
  const event = { id: 'e', doc: { 'geo.city': 'Paris', geo: { city: 'Lyon' } } };
  const isParis = compileCondition({ field: 'geo.city', op: 'eq', value: 'Paris' }, { now: 0 });
  assert.equal(isParis(event), true);
  assert.deepEqual(compileProjection(['geo.city'])(event).doc, { geo: { city: 'Paris' } });
});

test('array indexes: digits only, several digits too; other segments collect from the elements', () => {
  const d = { list: Array.from({ length: 12 }, (_, i) => ({ n: i, '1a': `x${i}`, a1: `y${i}` })), strings: ['ab', 'c'] };
  for (const read of both) {
    assert.deepEqual(read(d, 'list.11'), { n: 11, '1a': 'x11', a1: 'y11' });
    assert.equal(read(d, 'list.10.n'), 10);
    assert.equal(read(d, 'list.12'), undefined);
    assert.equal(read(d, 'list.12.n'), undefined);
    assert.equal((read(d, 'list.1a') as unknown[]).length, 12);
    assert.deepEqual((read(d, 'list.a1') as unknown[]).slice(0, 2), ['y0', 'y1']);
    // `length` of an array is not a document field: it is looked up in the elements, which have none.
    assert.equal(read(d, 'list.length'), undefined);
    assert.equal(read(d, 'strings.length'), undefined);
    assert.deepEqual(read({ items: [{ length: 3 }, {}] }, 'items.length'), [3]);
  }
  // A document that is itself an array (events' documents are objects, but both readers take any value).
  const nested = Array.from({ length: 12 }, (_, i) => [`a${i}`, `b${i}`]);
  for (const read of both) {
    assert.deepEqual(read([{ n: 1 }, { n: 2 }], 'n'), [1, 2]);
    assert.deepEqual(read([{ length: 3 }, {}], 'length'), [3]);
    assert.deepEqual(read([{ '1a': 5 }], '1a'), [5]);
    assert.deepEqual(read([{ '1a': { b: 6 } }], '1a.b'), [6]);
    assert.deepEqual(read([{ a1: 5 }], 'a1'), [5]);
    assert.deepEqual(read([[{ n: 1 }], [{ n: 2 }, { n: 3 }]], 'n'), [1, 2, 3]);
    assert.deepEqual(read([{ x: { y: 1 } }, { x: { y: [2, 3] } }], 'x.y'), [1, 2, 3]);
    assert.equal(read(['a', 'b'], '1'), 'b');
    assert.equal(read([['a', 'b'], ['c']], '0.1'), 'b');
    assert.equal(read(nested, '11.1'), 'b11');
    assert.deepEqual(read(nested, '11'), ['a11', 'b11']);
    assert.equal(read([{ '12': 'k' }], '1.2'), undefined);
    assert.equal(read([], 'n'), undefined);
  }
});

test('odd keys never mislead the walk: empty keys, a key "." or "undefined", a literal key found after a dead end', () => {
  for (const read of both) {
    assert.equal(read({ '': { '.b': 'wrong' }, a: { b: 'right' } }, 'a.b'), 'right');
    assert.equal(read({ a: { b: { '.': { c: 'wrong' } } } }, 'ab.c'), undefined);
    assert.deepEqual(read({ a: { b: { undefined: 'wrong', x: 1 } } }, 'a.b'), { undefined: 'wrong', x: 1 });
    assert.equal(read({ a: { b: {} }, 'a.b': { c: 1 } }, 'a.b.c'), 1);
    assert.equal(read({ a: { b: { c: undefined } }, 'a.b': { c: 2 } }, 'a.b.c'), 2);
  }
});

test('scalars, null and missing parts read as undefined; a value of null or 0 is a value', () => {
  for (const read of both) {
    assert.equal(read(undefined, 'a'), undefined);
    assert.equal(read('text', 'length'), undefined);
    assert.equal(read(5, 'a.b'), undefined);
    assert.equal(read({ a: 'text' }, 'a.length'), undefined);
    assert.equal(read({ a: null }, 'a.b'), undefined);
    assert.equal(read({ a: null }, 'a'), null);
    assert.equal(read({ a: { b: 0 } }, 'a.b'), 0);
    assert.equal(read({ a: { b: false } }, 'a.b'), false);
    assert.equal(read({ a: { b: null } }, 'a.b'), null);
  }
});

test('only own properties are read: prototype members are never fields', () => {
  const proto = { inherited: 1, nested: { x: 2 } };
  const d = Object.assign(Object.create(proto) as Record<string, unknown>, { own: { y: 3 } });
  for (const read of both) {
    assert.equal(read({}, 'constructor'), undefined);
    assert.equal(read({}, 'toString'), undefined);
    assert.equal(read({}, '__proto__'), undefined);
    assert.equal(read({ a: {} }, 'a.constructor'), undefined);
    assert.equal(read({ a: {} }, 'a.constructor.name'), undefined);
    assert.equal(read(d, 'inherited'), undefined);
    assert.equal(read(d, 'nested.x'), undefined);
    assert.equal(read(d, 'own.y'), 3);
    assert.equal(read(JSON.parse('{"__proto__":{"a":1}}'), '__proto__.a'), 1);
  }
});

test('setOwn writes __proto__ as a plain enumerable, writable, configurable property; other keys by assignment', () => {
  const row: Record<string, unknown> = {};
  setOwn(row, '__proto__', 1);
  setOwn(row, 'a', 2);
  assert.equal(Object.getPrototypeOf(row), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(row, '__proto__'), { value: 1, writable: true, enumerable: true, configurable: true });
  assert.deepEqual(Object.getOwnPropertyDescriptor(row, 'a'), { value: 2, writable: true, enumerable: true, configurable: true });
  assert.equal(JSON.stringify(row), '{"__proto__":1,"a":2}');
  setOwn(row, '__proto__', 3);
  assert.equal(JSON.stringify(row), '{"__proto__":3,"a":2}');
  // Assignment keeps setters of the target (a plain write, not a redefinition).
  const seen: unknown[] = [];
  const withSetter = Object.defineProperty({}, 'b', { set: (v: unknown) => seen.push(v), enumerable: true, configurable: true }) as Record<string, unknown>;
  setOwn(withSetter, 'b', 4);
  assert.deepEqual(seen, [4]);
});

test('getOwn reads own properties only, of objects only', () => {
  assert.equal(getOwn({ a: 1 }, 'a'), 1);
  assert.equal(getOwn({ a: 1 }, 'b'), undefined);
  assert.equal(getOwn({}, 'constructor'), undefined);
  assert.equal(getOwn({}, 'hasOwnProperty'), undefined);
  assert.equal(getOwn(JSON.parse('{"__proto__":7}'), '__proto__'), 7);
  assert.equal(getOwn(['x'], '0'), 'x');
  assert.equal(getOwn(null, 'a'), undefined);
  assert.equal(getOwn(undefined, 'a'), undefined);
  assert.equal(getOwn('text', 'length'), undefined);
  assert.equal(getOwn(3, 'toFixed'), undefined);
});
