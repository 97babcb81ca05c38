import assert from 'node:assert/strict';
import { getPath } from '../../../../src/core/field-path.js';
import type { ProjectionNode } from '../../../../src/sources/files/scan/projection-tree.js';
import type { JsonScannerModule } from '../../../../src/sources/files/scan/json-scanner.js';
import { eachScanner, scannersUnderTest } from '../../../helpers/scanners.js';

// The projecting half of the scanner (wholeValue, matchKey, projectValue, projectObject, projectArray,
// scanDocuments, scanLine): every result written out by hand, and checked against JSON.parse + getPath.

const { tree } = scannersUnderTest();
let scanner: JsonScannerModule;
/** Every test runs on the JavaScript scanner and on the WebAssembly kernel in front of it. */
const test = eachScanner((s) => (scanner = s));

/** Scan `buf[start, end)` onto the needs: the verdict and what was pushed after `before`. */
function scanBytes(buf: Buffer, needs: readonly string[], start = 0, end = buf.length, before: unknown[] = []): [boolean, unknown[]] {
  const out = [...before];
  const ok = scanner.scanLine(buf, start, end, tree.compileNeeds(needs), out);
  return [ok, out];
}

const scan = (text: string, needs: readonly string[]): [boolean, unknown[]] => scanBytes(Buffer.from(text, 'utf8'), needs);

/** The oracle for a valid one-document line: the projection answers every needed path as the parsed line does. */
function agrees(text: string, needs: readonly string[], doc: unknown): void {
  const full = JSON.parse(text) as unknown;
  for (const p of needs) assert.deepEqual(getPath(doc, p), getPath(full, p), p);
}

function valid(text: string, needs: readonly string[], want: unknown): void {
  const [ok, out] = scan(text, needs);
  assert.deepEqual([ok, out], [true, [want]], text);
  agrees(text, needs, out[0]);
}

function invalid(text: string, needs: readonly string[]): void {
  assert.throws(() => JSON.parse(text), SyntaxError, text);
  assert.deepEqual(scan(text, needs), [false, []], text);
}

test('white space of every kind in every place, at projected and skipped levels', () => {
  const template =
    '~{~"a"~:~{~"b"~:~1~,~"c"~:~[~1~,~{~"d"~:~2~}~]~}~,~"e"~:~[~{~"f"~:~true~,~"g"~:~false~}~,~5~,~null~]~,~"s"~:~"x"~,' +
    '~"n"~:~-1.5e2~,~"t"~:~true~,~"u"~:~false~,~"v"~:~null~,~"w"~:~"q"~,~"y"~:~{~}~,~"z"~:~[~]~,~"o"~:~{~"p"~:~0~}~}~';
  const needs = ['a.b', 'e.f', 'e.1', 's', 'y.q', 'z.q', 'o'];
  const want = { a: { b: 1 }, e: [{ f: true }, 5, null], s: 'x', y: {}, z: [], o: { p: 0 } };
  for (const space of ['', ' ', '\n', '\r', '\t', ' \t\n\r', '\r\n\t ']) valid(template.replaceAll('~', space), needs, want);
});

test('other control characters are not white space', () => {
  for (const bad of ['\f', '\v', '\u0000', '\u00a0']) {
    for (const at of ['{~"a":1}', '{"a"~:1}', '{"a":~1}', '{"a":1~}', '{"a":1,~"b":2}', '{"a":[1~]}', '{"a":[~1]}', '~{"a":1}', '{"a":1}~', '[~{"a":1}]', '[{"a":1}~]']) {
      invalid(at.replace('~', bad), ['a', 'a.0']);
    }
  }
});

test('needed values of every kind are read exactly as JSON.parse reads them', () => {
  const line =
    '{"s":"plain é😀","e":"a\\"b\\\\c\\u00e9\\n\\/","n":-12.5,"z":0,"nine":9,"big":12345678901234567890,"exp":1E-2,"t":true,"f":false,"u":null,' +
    '"o":{"x":[1,{"y":2}],"k":"v"},"a":[1,"2",[3],{}],"empty":"","eo":{},"ea":[]}';
  const parsed = JSON.parse(line) as Record<string, unknown>;
  const needs = Object.keys(parsed);
  valid(line, needs, {
    s: 'plain é😀',
    e: 'a"b\\cé\n/',
    n: -12.5,
    z: 0,
    nine: 9,
    big: 12345678901234567000,
    exp: 0.01,
    t: true,
    f: false,
    u: null,
    o: { x: [1, { y: 2 }], k: 'v' },
    a: [1, '2', [3], {}],
    empty: '',
    eo: {},
    ea: [],
  });
});

test('array elements needed whole, by index, of every kind', () => {
  const line = '{"arr":["s","\\u0041",0,-1,9,true,false,null,{"x":1},[2],"end"]}';
  const needs = ['arr.0', 'arr.1', 'arr.2', 'arr.3', 'arr.4', 'arr.5', 'arr.6', 'arr.7', 'arr.8', 'arr.9'];
  valid(line, needs, { arr: ['s', 'A', 0, -1, 9, true, false, null, { x: 1 }, [2], null] });
  // Only some: the others are skipped (whatever their kind) and kept as null.
  valid(line, ['arr.1', 'arr.8'], { arr: [null, 'A', null, null, null, null, null, null, { x: 1 }, null, null] });
  valid(line, ['arr.9.0'], { arr: [null, null, null, null, null, null, null, null, null, [2], null] });
});

test('paths crossing arrays: objects projected, scalars kept, nested arrays crossed', () => {
  const line = '{"items":[{"n":1,"m":{"q":1}},{"m":2},7,"s",null,[{"n":3,"k":4}],{"n":{"deep":[1]}}],"other":[1]}';
  valid(line, ['items.n'], { items: [{ n: 1 }, {}, 7, 's', null, [{ n: 3 }], { n: { deep: [1] } }] });
  valid(line, ['items.m.q'], { items: [{ m: { q: 1 } }, { m: 2 }, 7, 's', null, [{}], {}] });
});

test('unneeded values of every kind are skipped, scalars and containers', () => {
  const line = '{"s":"x\\"y","z":0,"nine":9,"neg":-3,"d":1.5e+3,"t":true,"f":false,"u":null,"o":{"a":[{}]},"a":[[],{"b":1}],"keep":1}';
  valid(line, ['keep'], { keep: 1 });
  valid(line, ['keep', 'missing.deeper'], { keep: 1 });
});

test('keys matched on raw bytes: same length, last byte, first byte, multi-byte keys', () => {
  valid('{"ab":4,"cd":3,"xb":1,"ax":2,"abc":5,"a":6,"":7}', ['ab', 'cd'], { ab: 4, cd: 3 });
  valid('{"é":1,"ab":2,"😀":3,"€":4,"ba":5,"e":6}', ['é', 'ab', '😀'], { é: 1, ab: 2, '😀': 3 });
  valid('{"":1,"a":{"":2,"b":3,".":4}}', ['a..'], { a: { '': 2, '.': 4 } });
});

test('escaped keys are decoded before matching; unneeded escaped keys are skipped', () => {
  const line =
    '{"\\u0061b":1,"a\\"b":2,"a\\\\b":3,"\\ud83d\\ude00":4,"\\ud800":5,"\\/":6,"x\\ny":7,"\\u0071":8,"\\u00e9":9,"\\t":10}';
  valid(line, ['ab', 'a"b', 'a\\b', '😀', '\ud800', '/', 'x\ny', 'é'], { ab: 1, 'a"b': 2, 'a\\b': 3, '😀': 4, '\ud800': 5, '/': 6, 'x\ny': 7, é: 9 });
  valid(line, ['q'], { q: 8 });
  valid(line, ['zz'], {});
});

test('a level with a key that cannot be matched on bytes decodes every key there', () => {
  // A raw 0xFF byte decodes to U+FFFD, as the file reader decodes it.
  const buf = Buffer.concat([Buffer.from('{"'), Buffer.from([0xff]), Buffer.from('":1,"b":2,"c":3,"\\ud800":4,"\\udc00":5}')]);
  assert.deepEqual(scanBytes(buf, ['\ufffd', 'b']), [true, [{ '\ufffd': 1, b: 2 }]]);
  assert.deepEqual(scanBytes(buf, ['\ud800', 'c']), [true, [{ c: 3, '\ud800': 4 }]]);
  assert.deepEqual(scanBytes(buf, ['b', 'c']), [true, [{ b: 2, c: 3 }]]);
  const parsed = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
  assert.deepEqual([parsed['\ufffd'], parsed['\ud800'], parsed['\udc00']], [1, 4, 5]);
});

test('lone surrogates in values are kept as JSON.parse keeps them', () => {
  valid('{"a":"\\ud800","b":"x\\udc00y","c":"\\ud83d\\ude00"}', ['a', 'b', 'c'], { a: '\ud800', b: 'x\udc00y', c: '😀' });
});

test('duplicate keys: the last one wins, at the first place, as in JSON.parse', () => {
  const [ok, out] = scan('{"a":1,"b":2,"a":3}', ['a', 'b']);
  assert.deepEqual([ok, out.map((d) => Object.entries(d as object))], [true, [[['a', 3], ['b', 2]]]]);
  valid('{"a":{"x":1},"a":{"y":2}}', ['a.x', 'a.y'], { a: { y: 2 } });
  valid('{"a":{"x":1},"a":5}', ['a.x'], { a: 5 });
  valid('{"a":5,"a":{"x":1,"y":2}}', ['a.x'], { a: { x: 1 } });
  valid('{"\\u0061":1,"a":2,"\\u0061":3}', ['a'], { a: 3 });
});

test('__proto__ keys become own properties, never the prototype', () => {
  for (const [line, needs, want] of [
    ['{"__proto__":{"x":1,"y":2},"a":1}', ['__proto__.x'], { x: 1 }],
    ['{"__proto__":{"x":1,"y":2},"a":1}', ['__proto__'], { x: 1, y: 2 }],
    ['{"\\u005f_proto__":{"x":1,"y":2}}', ['__proto__.y'], { y: 2 }],
    ['{"__proto__":7}', ['__proto__'], 7],
  ] as const) {
    const [ok, out] = scan(line, needs);
    const doc = out[0] as Record<string, unknown>;
    assert.equal(ok, true);
    assert.equal(Object.getPrototypeOf(doc), Object.prototype, line);
    assert.deepEqual(Object.getOwnPropertyDescriptor(doc, '__proto__'), { value: want, writable: true, enumerable: true, configurable: true });
    assert.deepEqual(Object.keys(doc), ['__proto__']);
    agrees(line, needs, doc);
  }
});

test('dotted paths: literal dotted keys and nested keys both kept; a prefix path keeps its value whole', () => {
  valid('{"a.b":1,"a":{"b":2,"c":3},"x":0}', ['a.b'], { 'a.b': 1, a: { b: 2 } });
  valid('{"a":{"b":{"c":1,"d":2},"e":3},"f":4}', ['a', 'a.b.c'], { a: { b: { c: 1, d: 2 }, e: 3 } });
  valid('{"a":{"b":{"c":1,"d":2},"e":3},"f":4}', ['a.b', 'a.b.c'], { a: { b: { c: 1, d: 2 } } });
  valid('{"a":{"b":{"c":1,"d":2},"e":3},"f":4}', ['a.b.c'], { a: { b: { c: 1 } } });
  valid('{"a":[{"b":1,"c":2}],"d":{"b":1,"c":2}}', ['a.b', 'd.c'], { a: [{ b: 1 }], d: { c: 2 } });
  valid('{"a":[[1,2],[3,4]]}', ['a.1.0'], { a: [null, [3, null]] });
  valid('{"a":[5,6]}', ['a.1'], { a: [null, 6] });
  valid('{"a":[{"x":1},{"x":2}]}', ['a.0'], { a: [{ x: 1 }, null] });
});

test('a line holding an array yields one document per element; non-objects as null', () => {
  assert.deepEqual(scan('[{"a":1,"b":2},5,"s",null,true,[{"a":3}],{"b":4},{}]', ['a']), [true, [{ a: 1 }, null, null, null, null, null, {}, {}]]);
  assert.deepEqual(scan('[]', ['a']), [true, []]);
  assert.deepEqual(scan(' [ ] ', ['a']), [true, []]);
  assert.deepEqual(scan('[5]', ['a']), [true, [null]]);
  assert.deepEqual(scan('[{"a":1}]', ['a']), [true, [{ a: 1 }]]);
  for (const scalar of ['7', '"s"', 'null', 'true', ' false ', '-0']) assert.deepEqual(scan(scalar, ['a']), [true, [null]], scalar);
});

test('an empty object at the top, with or without white space', () => {
  assert.deepEqual(scan('{}', ['a']), [true, [{}]]);
  assert.deepEqual(scan('{ \t}', ['a']), [true, [{}]]);
  assert.deepEqual(scan('{"a":{ }}', ['a.b']), [true, [{ a: {} }]]);
});

test('malformed objects, arrays and lines: false, nothing pushed', () => {
  for (const [line, needs] of [
    ['{"a" 1}', ['a']],
    ['{"a":1 "b":2}', ['a']],
    ['{"a":1 "b":2}', ['c']],
    ['{"a":1,}', ['a']],
    ['{,}', ['a']],
    ['{"a":}', ['a']],
    ['{"a":}', ['b']],
    ['{"a":1]', ['a']],
    ['{"a":1]', ['b']],
    ['{"a"', ['a']],
    ['{"a"', ['b']],
    ['{"a":', ['a']],
    ['{"a":', ['b']],
    ['{', ['a']],
    ['{"a":1', ['a']],
    ['{"a":1,', ['a']],
    ['{"a\\":1}', ['a']],
    ['{"\\x":1}', ['a']],
    ['{"a\u0001":1}', ['a']],
    ['{"a\u001f":1}', ['b']],
    ['{1:2}', ['a']],
    ['{x":1}', ['a']],
    ['{"a":1,x":2}', ['a']],
    ['{"a",1}', ['a']],
    ['{"a",1}', ['b']],
    ['{"a"x1}', ['b']],
    ['{"a":1,2:3}', ['a']],
    ['{"a":x}', ['a']],
    ['{"a":x}', ['b']],
    ['{"a":tru}', ['a']],
    ['{"a":tru}', ['b']],
    ['{"a":nul}', ['a']],
    ['{"a":nul}', ['b']],
    ['{"a":fals}', ['a']],
    ['{"a":fals}', ['b']],
    ['{"a":truex}', ['b']],
    ['{"a":-}', ['a']],
    ['{"a":-}', ['b']],
    ['{"a":01}', ['b']],
    ['{"a":"x\\q"}', ['a']],
    ['{"a":"x\\q"}', ['b']],
    ['{"a":"x', ['a']],
    ['{"a":{"b":1}', ['a.b']],
    ['{"a":{"b":1', ['a']],
    ['{"a":[1 2]}', ['a.0']],
    ['{"a":[1,]}', ['a.0']],
    ['{"a":[,1]}', ['a.0']],
    ['{"a":[1}', ['a.0']],
    ['{"a":[1}', ['a.1']],
    ['{"a":[1}}', ['a.0']],
    ['{"a":[1}}', ['a.1']],
    ['{"a":[', ['a.0']],
    ['{"a":[1', ['a.0']],
    ['{"a":[1,', ['a.0']],
    ['{"a":[1,2', ['a.b']],
    ['[{"a":1} {"a":2}]', ['a']],
    ['[{"a":1},]', ['a']],
    ['[1,]', ['a']],
    ['[,1]', ['a']],
    ['[', ['a']],
    ['[ ', ['a']],
    ['[{"a":1}', ['a']],
    ['[{"a":1},', ['a']],
    ['[{"a":1}}', ['a']],
    ['[5 6]', ['a']],
    ['{"a":1} 2', ['a']],
    ['{"a":1}}', ['a']],
    ['{"a":1}{}', ['a']],
    ['[]]', ['a']],
    ['5 6', ['a']],
    ['', ['a']],
    ['   ', ['a']],
    ['}', ['a']],
    ['x', ['a']],
  ] as const) {
    invalid(line, needs);
  }
});

test('a body inside a larger buffer: only [start, end) is read', () => {
  const buf = Buffer.from('xx{"a":1,"b":[2,3]}yy');
  assert.deepEqual(scanBytes(buf, ['a', 'b.1'], 2, 19), [true, [{ a: 1, b: [null, 3] }]]);
  // Cut short: what follows `end` in the buffer must not complete the value.
  const cut = Buffer.from('{"a":1,"b":"q"}');
  for (let end = 0; end < cut.length; end++) assert.deepEqual(scanBytes(cut, ['a', 'b'], 0, end), [false, []], String(end));
  assert.deepEqual(scanBytes(Buffer.from('[{"a":1},{"a":2}]'), ['a'], 0, 16), [false, []]);
  assert.deepEqual(scanBytes(Buffer.from('{"ab":1}'), ['ab'], 0, 4), [false, []]);
  assert.deepEqual(scanBytes(Buffer.from('{"a":true}'), ['a'], 0, 8), [false, []]);
  assert.deepEqual(scanBytes(Buffer.from('{"a":7} '), ['a'], 0, 7), [true, [{ a: 7 }]]);
  assert.deepEqual(scanBytes(Buffer.from(' 12,'), ['a'], 1, 3), [true, [null]]);
});

test('what was in the output before stays; a failed line takes back what it pushed', () => {
  const before = ['kept', { k: 1 }];
  assert.deepEqual(scanBytes(Buffer.from('[{"a":1},{"a":2},x]'), ['a'], undefined, undefined, before), [false, before]);
  assert.deepEqual(scanBytes(Buffer.from('[{"a":1},{"a":2}]'), ['a'], undefined, undefined, before), [true, [...before, { a: 1 }, { a: 2 }]]);
});

/** A document nested `depth` arrays deep under `a`, with `type` after it. */
function deep(depth: number, close = depth): string {
  return `{"a":${'['.repeat(depth)}${']'.repeat(close)},"type":"t"}`;
}

/** How many arrays deep `value` goes along its first elements. */
function depthOf(value: unknown): number {
  let n = 0;
  for (let v = value; Array.isArray(v); v = v[0]) n++;
  return n;
}

test('too deep for the scanner: JSON.parse decides, the tree projects', () => {
  // Past the skipping stack (4,096 levels): an unneeded deep value.
  assert.deepEqual(scan(deep(5000), ['type']), [true, [{ type: 't' }]]);
  assert.deepEqual(scan(deep(5000, 4999), ['type']), [false, []]);
  // A line of documents, inside a larger buffer, after earlier output.
  const body = `[${deep(5000)},5,null,[1],"s",{"type":"u","x":1}]`;
  const buf = Buffer.from(`##${body}##`);
  assert.deepEqual(scanBytes(buf, ['type'], 2, 2 + body.length, ['kept']), [true, ['kept', { type: 't' }, null, null, null, null, { type: 'u' }]]);
  assert.deepEqual(scanBytes(Buffer.from(`##${deep(5000)}##`), ['type'], 2, 2 + deep(5000).length), [true, [{ type: 't' }]]);
  // A single deep document at the top (not in an array).
  const [ok, out] = scan(`${'['.repeat(5000)}${']'.repeat(5000)}`, ['type']);
  assert.deepEqual([ok, out], [true, [null]]);
});

test('too deep even for the projection of the parsed document: the document is kept whole', () => {
  const depth = 200000;
  const [ok, out] = scan(deep(depth), ['a.x', 'type']);
  assert.equal(ok, true);
  assert.equal(out.length, 1);
  const doc = out[0] as { a: unknown; type: string };
  assert.deepEqual(Object.keys(doc), ['a', 'type']);
  assert.equal(doc.type, 't');
  assert.equal(depthOf(doc.a), depth);
});

test('an error that is not about the line is not taken for an invalid line', () => {
  const boom = new Error('boom');
  const root = tree.compileNeeds(['a.0']);
  const a = root.keys.get('a')!;
  const broken: ProjectionNode = { ...a, element: () => { throw boom; } };
  const faulty: ProjectionNode = { ...root, keys: new Map([['a', broken]]), byLength: [undefined, [{ key: 'a', bytes: new Uint8Array([97]), node: broken }]] };
  const buf = Buffer.from('{"a":[1]}');
  const out: unknown[] = [];
  assert.throws(() => scanner.scanLine(buf, 0, buf.length, faulty, out), boom);
  assert.deepEqual(out, []);
});
