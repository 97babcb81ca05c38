// Exact tests for the low-level validators of the JSON scanner (json-scanner.ts: white space, strings and their
// escapes, the four-bytes-at-a-time string skipper, numbers and their fast value path, literals, the explicit-stack
// skipper of unneeded containers). Every line is scanned at the four byte alignments of its memory, after a prefix
// and with bytes after its end (as the reader's lines sit inside a larger chunk), and every placement must give the
// same result. Expected values: written by hand, or JSON.parse of the value's own text (independent of the scanner).
import assert from 'node:assert/strict';
import type { JsonScannerModule } from '../../../../src/sources/files/scan/json-scanner.js';
import { eachScanner, scannersUnderTest } from '../../../helpers/scanners.js';

const { tree } = scannersUnderTest();
let scanner: JsonScannerModule;
/** Every test runs on the JavaScript scanner and on the WebAssembly kernel in front of it. */
const test = eachScanner((s) => (scanner = s));

/** Bytes placed after the line's end: a scanner reading past its end would find these. */
const AFTER = ['', '\n', ' \t\r\n', '"]}', '0', 'e5', '"}', 'rue', 'u0041"'];
const PREFIX = ['', 'x"\\'];

/** Scan `text` at byte `start` of a view at `base` of a fresh ArrayBuffer, followed by `after`. */
function scanPlaced(text: string, needs: readonly string[], base: number, prefix: string, after: string): unknown[] | undefined {
  const pre = Buffer.from(prefix, 'latin1');
  const body = Buffer.from(text, 'utf8');
  const post = Buffer.from(after, 'latin1');
  const length = pre.length + body.length + post.length;
  const view = new Uint8Array(new ArrayBuffer(base + length + 5), base, length);
  view.set(pre, 0);
  view.set(body, pre.length);
  view.set(post, pre.length + body.length);
  const buf = Buffer.from(view.buffer, view.byteOffset, view.length);
  const out: unknown[] = ['sentinel'];
  return scanner.scanLine(buf, pre.length, pre.length + body.length, tree.compileNeeds(needs), out) ? out.slice(1) : (assert.deepEqual(out, ['sentinel']), undefined);
}

/** Scan in every placement; all must agree, and the common result is returned (undefined: not valid JSON). */
function scan(text: string, needs: readonly string[]): unknown[] | undefined {
  const first = scanPlaced(text, needs, 0, '', '');
  // Base and prefix length together put the line at each of the four positions of a word, twice.
  for (let k = 1; k < AFTER.length; k++) {
    const base = k % 4;
    const prefix = PREFIX[(k >> 2) % 2]!;
    assert.deepStrictEqual(scanPlaced(text, needs, base, prefix, AFTER[k]!), first, `${JSON.stringify(text)} at ${base}+${prefix.length}, then ${JSON.stringify(AFTER[k])}`);
  }
  return first;
}

/** A parsed value projected onto the need `b` below an array (objects keep only `b`). */
function projectB(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(projectB);
  if (x !== null && typeof x === 'object') return 'b' in x ? { b: (x as { b: unknown }).b } : {};
  return x;
}

/**
 * A value's text checked in every place the scanner reads values: needed whole, needed below (through an array),
 * skipped in a projected object, skipped inside skipped containers, as a document and as an element of a line's array.
 */
function checkValid(v: string): void {
  const parsed: unknown = JSON.parse(v);
  const same = (got: unknown[] | undefined, want: unknown[], where: string): void => assert.deepStrictEqual(got, want, `${where}: ${v}`);
  same(scan(`{"a":${v}}`, ['a']), [{ a: parsed }], 'needed whole');
  same(scan(`{"a":${v},"c":2}`, ['a', 'c']), [{ a: parsed, c: 2 }], 'needed whole, then a key');
  same(scan(`{"a":[${v}]}`, ['a.b']), [{ a: [projectB(parsed)] }], 'needed below an array');
  same(scan(`{"z":${v},"c":2}`, ['c']), [{ c: 2 }], 'skipped');
  same(scan(`{"z":${v}}`, ['c']), [{}], 'skipped, last');
  same(scan(`{"z":[${v}],"c":2}`, ['c']), [{ c: 2 }], 'skipped in an array');
  same(scan(`{"z":[0,${v}],"c":2}`, ['c']), [{ c: 2 }], 'skipped after a comma in an array');
  same(scan(`{"z":{"k":${v}},"c":2}`, ['c']), [{ c: 2 }], 'skipped in an object');
  same(scan(`{"z":{"j":0,"k":${v}},"c":2}`, ['c']), [{ c: 2 }], 'skipped after a comma in an object');
  const doc = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? {} : null;
  same(scan(v, ['c']), Array.isArray(parsed) ? parsed.map((x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? {} : null)) : [doc], 'the line');
  same(scan(`[${v}]`, ['c']), [doc], 'an element of the line');
}

/** A malformed value's text: invalid in every place (and JSON.parse agrees). */
function checkInvalid(v: string): void {
  for (const line of [`{"a":${v}}`, `{"a":[${v}]}`, `{"z":${v},"c":2}`, `{"z":[${v}],"c":2}`, `{"z":[0,${v}],"c":2}`, `{"z":{"k":${v}},"c":2}`, `{"z":{"j":0,"k":${v}},"c":2}`, v, `[${v}]`]) {
    assert.throws(() => JSON.parse(line), SyntaxError, line);
    for (const needs of [['a'], ['a.b'], ['c']]) assert.equal(scan(line, needs), undefined, `${line} with ${needs.join()}`);
  }
}

test('white space of every kind around every token', () => {
  const ws = ' \t\n\r';
  for (const v of [`{${ws}}`, `[${ws}]`, `{${ws}"k"${ws}:${ws}1${ws},${ws}"l"${ws}:${ws}[${ws}2${ws},${ws}{${ws}}${ws}]${ws}}`, `[${ws}1${ws},${ws}[${ws}]${ws}]`]) checkValid(v);
  for (const c of [' ', '\t', '\n', '\r']) {
    checkValid(`{${c}"k"${c}:${c}1${c},${c}"l"${c}:${c}[${c}2${c},${c}3${c}]${c}}`);
    checkValid(`[${c}{${c}}${c},${c}[${c}]${c}]`);
    assert.deepStrictEqual(scan(`${c}{${c}"a"${c}:${c}[${c}1${c},${c}2${c}]${c}}${c}`, ['a.b']), [{ a: [1, 2] }], JSON.stringify(c));
    assert.deepStrictEqual(scan(`${c}[${c}{"a":1}${c},${c}2${c}]${c}`, ['a']), [{ a: 1 }, null], JSON.stringify(c));
    assert.deepStrictEqual(scan(`${c}[${c}]${c}`, ['a']), [], JSON.stringify(c));
    assert.deepStrictEqual(scan(`${c}7${c}`, ['a']), [null], JSON.stringify(c));
  }
  // Form feed, vertical tab, no-break space are not JSON white space.
  for (const c of ['\f', '\v', '\u00a0']) {
    checkInvalid(`[${c}1]`);
    checkInvalid(`[1${c}]`);
    checkInvalid(`{${c}"k":1}`);
    checkInvalid(`{"k"${c}:1}`);
    checkInvalid(`{"k":1${c}}`);
    checkInvalid(`{"k":1,${c}"l":2}`);
    checkInvalid(`{"k":1,"l"${c}:2}`);
    assert.equal(scan(`${c}{"a":1}`, ['a']), undefined);
    assert.equal(scan(`{"a":1}${c}`, ['a']), undefined);
    assert.equal(scan(`[{"a":1}${c}]`, ['a']), undefined);
    assert.equal(scan(`{"a":[1${c}]}`, ['a.b']), undefined);
  }
});

test('strings: every escape, \\u with hex digits of both cases, control characters, plain bytes', () => {
  for (const v of ['""', '" "', '"a b"', '"\\""', '"\\\\"', '"\\/"', '"\\b"', '"\\f"', '"\\n"', '"\\r"', '"\\t"', '"x\\ny"', '"\\u0041"', '"\\u09af"', '"\\uAFaf"', '"\\uFFFF"', '"\\u0000"', '"\\ud83d\\ude00"', '"\u007f"', '"é😀"', '"~}{]["', '"\\"\\\\\\/\\b\\f\\n\\r\\t"']) checkValid(v);
  // Each of the four hex digits rejected at each boundary of the ranges 0-9, a-f, A-F.
  for (const bad of ['/', ':', '`', 'g', '@', 'G', ' ', '"']) {
    for (let at = 0; at < 4; at++) {
      const hex = ['0', '0', '4', '1'];
      hex[at] = bad;
      const v = `"\\u${hex.join('')}${bad === '"' ? '' : '"'}`;
      if (bad === '"') checkInvalid(`${v}"`);
      else checkInvalid(v);
    }
  }
  for (const ok of ['0', '9', 'a', 'f', 'A', 'F']) for (let at = 0; at < 4; at++) checkValid(`"\\u${'0000'.slice(0, at)}${ok}${'0000'.slice(at + 1)}"`);
  for (const v of ['"\\a"', '"\\x41"', '"\\\'"', '"\\U0041"', '"\\0"', '"\\ "', '"\\u"', '"\\u41"', '"\\u041"', '"\\"', '"abc', '"\\u00"', '"a\\']) checkInvalid(v);
  // Control characters (and a control character where an escape letter would follow a backslash).
  for (const c of ['\u0000', '\u0001', '\u0009', '\u000a', '\u000d', '\u001f']) {
    checkInvalid(`"${c}"`);
    checkInvalid(`"${c}n"`);
    checkInvalid(`"ab${c}n"`);
    checkInvalid(`"abcdefgh${c}nijklmnop"`);
    checkInvalid(`"abcdefghijklmnopq\\n${c}n"`);
  }
});

test('long strings: every stop byte at every position of a 4-byte word, before and after the word test', () => {
  const plain = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let len = 0; len < 11; len++) {
    const s = plain.slice(0, len);
    checkValid(`"${s}"`);
    for (let at = 0; at <= len; at++) {
      checkValid(`"${s.slice(0, at)}\\n${s.slice(at)}"`);
      checkValid(`"${s.slice(0, at)}\\u00e9${s.slice(at)}"`);
      checkValid(`"${s.slice(0, at)}é${s.slice(at)}"`);
      checkInvalid(`"${s.slice(0, at)}\u0001${s.slice(at)}"`);
      checkInvalid(`"${s.slice(0, at)}\u001fn${s.slice(at)}"`);
      checkInvalid(`"${s.slice(0, at)}\\x${s.slice(at)}"`);
    }
  }
  // Words of bytes below 0x60 only (capitals), so that no byte of them looks like a possible stop byte.
  const capitals = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let len = 4; len < 13; len++) {
    const s = capitals.slice(0, len);
    for (let at = 0; at <= len; at++) {
      checkValid(`"${s.slice(0, at)}\\t${s.slice(at)}"`);
      checkInvalid(`"${s.slice(0, at)}\u0001${s.slice(at)}"`);
      checkInvalid(`"${s.slice(0, at)}\u001f${s.slice(at)}"`);
    }
  }
  // A run of plain words, then the closing quote, then more content: the word loop must stop at the quote.
  for (let len = 8; len < 24; len++) {
    const s = plain.slice(0, len);
    assert.deepStrictEqual(scan(`{"z":"${s}","c":"${s}"}`, ['c']), [{ c: s }]);
    assert.deepStrictEqual(scan(`{"z":["${s}","${s}"],"c":1}`, ['c']), [{ c: 1 }]);
    assert.deepStrictEqual(scan(`{"z":"${s}\\"${s}","c":1}`, ['c']), [{ c: 1 }]);
    assert.equal(scan(`{"z":"${s}`, ['c']), undefined);
    assert.equal(scan(`{"z":["${s}`, ['c']), undefined);
  }
});

test('one scanner over lines of different buffers re-reads each buffer', () => {
  const long = 'abcdefghijklmnopqrstuvwxyz';
  const lines = [`{"z":"${long}","c":1}`, `{"z":"${long.slice(0, 9)}\u0001${long}","c":1}`, `{"z":"${long.slice(0, 5)}","c":"${long}"}`, `{"z":"x\\q${long}","c":1}`];
  const want = [[{ c: 1 }], undefined, [{ c: long }], undefined];
  for (let round = 0; round < 3; round++) {
    for (let k = 0; k < lines.length; k++) {
      for (let base = 0; base < 4; base++) assert.deepStrictEqual(scanPlaced(lines[k]!, ['c'], base, 'ab'.repeat(k + round), ''), want[k], `${k} ${base}`);
    }
  }
  // A shared memory (the pooled buffers of Buffer.from) holding two lines, scanned one after the other.
  const shared = Buffer.from(`${lines[0]}\n${lines[1]}\n${lines[2]}`);
  const out: unknown[] = [];
  const a = lines[0]!.length;
  const b = a + 1 + Buffer.byteLength(lines[1]!);
  assert.equal(scanner.scanLine(shared, 0, a, tree.compileNeeds(['c']), out), true);
  assert.equal(scanner.scanLine(shared, a + 1, b, tree.compileNeeds(['c']), out), false);
  assert.equal(scanner.scanLine(shared.subarray(b + 1), 0, shared.length - b - 1, tree.compileNeeds(['c']), out), true);
  assert.deepStrictEqual(out, [{ c: 1 }, { c: long }]);
});

test('number syntax: signs, leading zeros, fractions, exponents, what may follow', () => {
  for (const v of ['0', '-0', '1', '9', '-9', '10', '19', '90', '99', '109', '0.0', '0.9', '-0.5', '1.09', '9.90', '0e0', '0E9', '0e+1', '0e-1', '1e5', '1E5', '9e09', '1e+19', '1e-9', '1.5e3', '-2.5E-3', '123456789', '1.0e1', '5e90']) checkValid(v);
  for (const v of ['-', '--1', '+1', '01', '-01', '00', '0x1', '.5', '-.5', '1.', '-1.', '1.e5', '1e', '1E', '1e+', '1e-', '1e+-1', '0.e1', '1/', '1:', '1.5/', '1.5:', '1e5/', '1e5:', '1./', '1e/', '1e:', '-/', '-:', '0/', '0:', '1ee5', '1.5.5', '1e5.5', '1e5e5', 'NaN', 'Infinity', '-Infinity', '1_000']) checkInvalid(v);
  // A number that ends the line, with digits and exponent letters after the line's end.
  for (const v of ['0', '7', '12', '1.5', '1.25', '1e5', '1e+5', '1E-55', '-3']) assert.deepStrictEqual(scan(v, ['a']), [null], v);
  for (const v of ['-', '1.', '1e', '1e+', '1e-', '-0.']) assert.equal(scan(v, ['a']), undefined, v);
});

test('number values equal JSON.parse: the fast path and its limits (15/16/17 digits, 22 decimals, exponents, -0)', () => {
  const numbers = [
    '0', '-0', '-0.0', '0.000', '-0e5', '1', '-1', '7.5', '-7.25', '0.1', '0.3', '123.456', '1.50', '100', '2.5e-3', '1e5', '1.5e1', '1E+2', '-1e-2', '1e22', '1e23', '12e1',
    '123456789012345', '-123456789012345', '1234567890.12345', '0.123456789012345', '0.000000000000001', '0.00000000000000123456789012345',
    '1234567890123456', '12345678901234567', '9007199254740993', '9.748853116639161', '-9.748853116639161', '196.55078760729982', '724.606423245184711',
    '925705774904707.73', '0.09748853116639161', '0.0000000000000000000001', '0.0000000000000000000007', '1.0000000000000000000001', '0.00000000000000000000001',
    '0.000000000000000000000123', `0.${'0'.repeat(30)}5`, '999999999999999', '999999999999999.9', '1e400', '-1e400', '1e-400', '4.9e-324', '1.7976931348623157e308',
    '0.1234567890123456', '9.99999999999999', '1.000000000000001', '100000000000000000000000',
  ];
  for (const n of numbers) {
    const want = JSON.parse(n) as number;
    const [doc] = scan(`{"a":${n}}`, ['a']) as [{ a: number }];
    assert.ok(Object.is(doc.a, want), `${n}: ${doc.a} !== ${want}`);
    const [arr] = scan(`{"a":[${n},${n}]}`, ['a.b']) as [{ a: number[] }];
    assert.ok(Object.is(arr.a[0], want) && Object.is(arr.a[1], want), n);
  }
});

test('literals: true, false, null, each truncated or altered at each byte', () => {
  for (const v of ['true', 'false', 'null', '[true,false,null]', '{"t":true,"f":false,"n":null}']) checkValid(v);
  for (const word of ['true', 'false', 'null']) {
    for (let k = 1; k < word.length; k++) {
      checkInvalid(word.slice(0, k));
      checkInvalid(`${word.slice(0, k)}X${word.slice(k + 1)}`);
      checkInvalid(`${word.slice(0, k)}${word.slice(k + 1)}`);
    }
    checkInvalid(`${word}x`);
    checkInvalid(`${word}1`);
    checkInvalid(word.toUpperCase());
    assert.equal(scan(word.slice(0, -1), ['a']), undefined);
    assert.deepStrictEqual(scan(word, ['a']), [null]);
  }
  for (const v of ['t', 'f', 'n', 'nil', 'True', 'undefined', 'x', '+', '.', "'a'", ')', '}', ']', ',', ':']) checkInvalid(v);
});

test('containers skipped: empty, nested, separators, brackets that do not match', () => {
  for (const v of ['{}', '[]', '[{}]', '[[]]', '{"k":{}}', '{"k":[]}', '[1,[2,[3,{"k":[4]}]],5]', '{"k":{"l":{"m":1}},"n":[{"o":2},{"p":[]}]}', '[[1],2]', '[{"k":1},{"l":2}]', '{"":0,"\\u0041":1,"k\\n":2}', '{"k":1,"k":2}', '[0,-1,1.5,"s",true,false,null,{},[]]']) checkValid(v);
  for (const v of [
    '{', '[', '{"k"', '{"k":', '{"k":1', '{"k":1,', '[1', '[1,', '{"k":{}', '[[]',
    '{,}', '{1:2}', '{k:1}', '{"k" 1}', '{"k",1}', '{"k"}', '{"k":1,}', '{"k":1,2}', '{"k":1,"l"}', '{"k":1,"l" 2}', '{"k":1,"l",2}', '{"k":1 "l":2}', '{"k":1;"l":2}',
    '[,1]', '[1,]', '[1 2]', '[1;2]', '[1:2]', '[}', '{]', '[1}', '{"k":1]', '[{"k":1]]', '{"k":[1}}', '[[1}]', '{"k":{"l":1]}', '[[]}', '{"k":{}]',
    '[1]]', '{}}', '[1],', '{"k":1};', '{"k":"a"b}', '{"k":"a""b"}', '[1;]', '{"k":1;}', '{"k":1x}', '{\'k\':1}', '{"k":1,,"l":2}', '[1,,2]',
  ]) checkInvalid(v);
});

test('nesting beyond the skipper stack falls back to JSON.parse, at the exact bound', () => {
  const STACK = 4096;
  for (const depth of [STACK - 1, STACK, STACK + 1, STACK + 2]) {
    const arrays = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const objects = `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const mixed = `${'[{"k":'.repeat(depth / 2)}1${'}]'.repeat(depth / 2)}`;
    for (const v of [arrays, objects, mixed]) {
      assert.deepStrictEqual(scanPlaced(`{"z":${v},"c":2}`, ['c'], 0, '', ''), [{ c: 2 }], `${depth}`);
      assert.deepStrictEqual(scanPlaced(`{"z":${v},"c":2}`, ['c'], 1, 'x', ']}'), [{ c: 2 }], `${depth}`);
      assert.deepStrictEqual(scanPlaced(`[${v},{"c":2}]`, ['c'], 0, '', ''), [v === objects ? {} : null, { c: 2 }], `${depth}`);
      assert.deepStrictEqual(scanPlaced(v, ['c'], 0, '', ''), v === arrays ? [null] : [{}], `${depth}`);
    }
    // Malformed deep lines are invalid whether the skipper or JSON.parse rejects them.
    for (const bad of [`{"z":${'['.repeat(depth)}1${']'.repeat(depth - 1)}}`, `{"z":${'['.repeat(depth)}1${']'.repeat(depth - 1)}},"c":2}`, `{"z":${'['.repeat(depth)}1${']'.repeat(depth)}},"c":2}`]) {
      assert.equal(scanPlaced(bad, ['c'], 0, '', ''), undefined, `${depth}`);
    }
  }
});
