import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compilePath, getPath } from '../../../../src/core/field-path.js';
import type { JsonScannerModule } from '../../../../src/sources/files/scan/json-scanner.js';
import { eachScanner, scannersUnderTest } from '../../../helpers/scanners.js';

const { tree } = scannersUnderTest();
let scanner: JsonScannerModule;
/** Every test runs on the JavaScript scanner and on the WebAssembly kernel in front of it. */
const test = eachScanner((s) => (scanner = s));

/** Scan one line body; undefined when the scanner says it is not valid JSON. */
function scan(text: string, needs: readonly string[]): unknown[] | undefined {
  const buf = Buffer.from(text, 'utf8');
  const out: unknown[] = [];
  return scanner.scanLine(buf, 0, buf.length, tree.compileNeeds(needs), out) ? out : undefined;
}

/**
 * The reference: the line's bytes decoded as the file reader decodes them (a lone surrogate becomes U+FFFD),
 * JSON.parse, then the documents of the line, each projected (non-objects as null).
 */
function reference(text: string, needs: readonly string[]): unknown[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'utf8').toString('utf8'));
  } catch {
    return undefined;
  }
  const root = tree.compileNeeds(needs);
  const docs = Array.isArray(value) ? value : [value];
  return docs.map((d) => (d === null || typeof d !== 'object' || Array.isArray(d) ? null : tree.projectParsed(d, root)));
}

test('extracts top-level and dotted fields, leaving the rest out', () => {
  const line = '{"type":"click","path":["a","b"],"details":{"clicks":2,"x":[1]},"clientTime":1700000000000}';
  assert.deepEqual(scan(line, ['type', 'details.clicks', 'clientTime']), [
    { type: 'click', details: { clicks: 2 }, clientTime: 1700000000000 },
  ]);
});

test('paths through arrays of objects keep the array, unneeded elements as null', () => {
  const line = '{"items":[{"n":1,"m":0},{"m":2},7,{"n":"x"}],"path":["p0","p1"]}';
  const [doc] = scan(line, ['items.n', 'path.1'])!;
  assert.deepEqual(doc, { items: [{ n: 1 }, {}, 7, { n: 'x' }], path: [null, 'p1'] });
  assert.deepEqual(getPath(doc, 'items.n'), [1, 'x']);
  assert.equal(getPath(doc, 'path.1'), 'p1');
});

test('duplicate keys: the last one wins, as in JSON.parse', () => {
  assert.deepEqual(scan('{"type":"a","type":{"x":1},"type":"b"}', ['type']), [{ type: 'b' }]);
  assert.deepEqual(scan('{"d":{"x":1},"d":5}', ['d.x']), [{ d: 5 }]);
});

test('escaped keys and values, surrogate pairs, lone surrogates, __proto__ as an own property', () => {
  const [doc] = scan('{"\\u0074ype":"\\ud83d\\ude00 \\"q\\"","\\ud800":"\\udc00","__proto__":{"x":1}}', ['type', '\ud800', '__proto__.x'])! as [Record<string, unknown>];
  assert.equal(doc.type, '\u{1F600} "q"');
  assert.equal(doc['\ud800'], '\udc00');
  assert.ok(Object.hasOwn(doc, '__proto__'));
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.deepEqual(getPath(doc, '__proto__.x'), 1);
});

test('numbers exactly as JSON.parse reads them', () => {
  const many = ['0', '-0', '1e400', '-1e-400', '9007199254740993', '123456789012345', '1234567890123456', '0.1', '1E+2', '2.5e-3', '-12'];
  many.push('-0.0', '0.3', '1.50', '123.456', '9007199254740.993', '12345678901234.5', '0.123456789012345', '0.1234567890123456', `0.${'0'.repeat(25)}1`, `0.${'0'.repeat(21)}7`, '100000000000000.0', '0.00001');
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++) many.push((random() * 10 ** (i % 17)).toFixed(i % 19), String(-random() * 1000));
  for (const n of many) {
    const [doc] = scan(`{"n":${n}}`, ['n'])! as [{ n: number }];
    assert.ok(Object.is(doc.n, JSON.parse(n)), n);
  }
});

test('invalid JSON is rejected wherever it hides, as JSON.parse rejects it', () => {
  for (const bad of [
    '{"a":1,}',
    '{"a":01}',
    '{"a":1.}',
    '{"a":-}',
    '{"skip":"tab\there","a":1}',
    '{"skip":"\\x"}',
    '{"skip":"\\u12g4"}',
    '{"skip":[1,2,]}',
    '{"skip":tru}',
    '{"a":1} x',
    '{"a":1',
    '["a",{"b":1}',
    '{a:1}',
    "{'a':1}",
    '{"a":1}\ufeff',
    '{"a":NaN}',
  ]) {
    assert.equal(scan(bad, ['a']), undefined, bad);
    assert.equal(reference(bad, ['a']), undefined, bad);
  }
});

test('a line holding an array yields its elements, non-objects as null', () => {
  assert.deepEqual(scan('[{"type":"a","x":1}, 5, [1], {"type":"b"}]', ['type']), [{ type: 'a' }, null, null, { type: 'b' }]);
  assert.deepEqual(scan('7', ['type']), [null]);
});

test('nesting deeper than the scanner recursion gives JSON.parse result', () => {
  const deep = `{"a":${'['.repeat(20000)}${']'.repeat(20000)},"type":"t"}`;
  assert.deepEqual(scan(deep, ['type']), [{ type: 't' }]);
  assert.equal(scan(`{"a":${'['.repeat(20000)}${']'.repeat(19999)},"type":"t"}`, ['type']), undefined);
});

// ---- differential, fuzzed ----

const KEYS = ['type', 'a', 'b', 'a.b', 'details', 'clicks', 'x', 'é', '😀', '__proto__', '0', '1', 'a\nb', 'q"uote', 'back\\slash', ''];

const key = fc.constantFrom(...KEYS);
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('\ud800', '\udc00x', '\u2028', '\u0000', '"\\/'));
const numberValue = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 1e-7, 2 ** 53 + 1, Number.MAX_VALUE, Number.MIN_VALUE),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    numberValue,
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }),
}));

/** Serialise, with duplicate keys kept, random whitespace, and characters randomly \u-escaped. */
function write(v: unknown, rnd: () => number): string {
  const sp = (): string => [' ', '', '\t', '\r', '  '][Math.floor(rnd() * 5)]!;
  const str = (s: string): string => {
    let out = '';
    for (const ch of JSON.stringify(s).slice(1, -1).match(/\\u[0-9a-f]{4}|\\.|[\s\S]/g) ?? []) {
      if (ch.length === 1 && rnd() < 0.15) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
      else out += ch;
    }
    return `"${out}"`;
  };
  if (Array.isArray(v) && v.isPairs === true) {
    return `{${sp()}${(v as [string, unknown][]).map(([k, x]) => `${str(k)}${sp()}:${sp()}${write(x, rnd)}`).join(`${sp()},${sp()}`)}${sp()}}`;
  }
  if (Array.isArray(v)) return `[${sp()}${v.map((x) => write(x, rnd)).join(`${sp()},${sp()}`)}${sp()}]`;
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' && rnd() < 0.3) return v.toExponential().replace('e+', rnd() < 0.5 ? 'E+' : 'e');
  return JSON.stringify(v);
}

/** Mark generated key/value pair lists (objects with duplicate keys) so `write` renders them as objects. */
function markPairs(v: unknown): unknown {
  if (Array.isArray(v)) {
    const isObject = v.length > 0 && v.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && KEYS.includes(x[0]));
    const out = v.map((x) => (isObject ? [x[0], markPairs(x[1])] : markPairs(x)));
    if (isObject || (v as { pairs?: boolean }).pairs === true) Object.assign(out, { isPairs: true });
    return out;
  }
  return v;
}

const needsArb = fc.array(
  fc.array(fc.constantFrom(...KEYS.filter((k) => k !== ''), '2', 'length'), { minLength: 1, maxLength: 3 }).map((s) => s.join('.')),
  { minLength: 1, maxLength: 4 },
);

declare global {
  interface Array<T> {
    isPairs?: boolean;
  }
}

test('fuzz: the scanner equals JSON.parse + projection + getPath for every valid document', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value), { maxLength: 6 }), needsArb, fc.integer(), (pairs, needs, seed) => {
      let s = seed >>> 0;
      const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
      const doc = Object.assign(pairs.map(([k, x]) => [k, markPairs(x)]), { isPairs: true });
      const line = Buffer.from(write(doc, rnd), 'utf8').toString('utf8');
      const got = scan(line, needs);
      const want = reference(line, needs);
      assert.deepEqual(got, want);
      const full = JSON.parse(line) as unknown;
      for (const p of needs) {
        assert.deepEqual(getPath(got![0], p), getPath(full, p), p);
        assert.deepEqual(compilePath(p)(got![0]), compilePath(p)(full), p);
      }
    }),
    { numRuns: 3000, seed: 11 },
  );
});

test('fuzz: broken lines are rejected exactly when JSON.parse rejects them', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value), { maxLength: 5 }), fc.nat(), fc.constantFrom('cut', 'insert', 'delete'), fc.constantFrom(...'{}[],:"\\ 0-eE.tfnu\t\u0001x'), (pairs, at, how, ch) => {
      const line = write(Object.assign(pairs.map(([k, x]) => [k, markPairs(x)]), { isPairs: true }), () => 0.5);
      const i = at % (line.length + 1);
      const broken = how === 'cut' ? line.slice(0, i) : how === 'insert' ? line.slice(0, i) + ch + line.slice(i) : line.slice(0, i) + line.slice(i + 1);
      if (broken.trim() === '') return;
      assert.deepEqual(scan(broken, ['type', 'a.b']), reference(broken, ['type', 'a.b']));
    }),
    { numRuns: 5000, seed: 12 },
  );
});
