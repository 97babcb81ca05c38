// Edge cases of the JSON scanner found by differential fuzzing of its undetected mutants (scripts/mutant-fuzz.mjs):
// each input below made a mutant answer differently from the scanner, and each expected answer is written out by
// hand (JSON.parse of the same text agrees on every valid line). Every line is also scanned with bytes after its end
// that would complete or extend it, at the four byte alignments of its memory: a scanner that reads past a line's
// end must not change its answer.
import assert from 'node:assert/strict';
import type { JsonScannerModule } from '../../../../src/sources/files/scan/json-scanner.js';
import { eachScanner, scannersUnderTest } from '../../../helpers/scanners.js';

const { tree } = scannersUnderTest();
let scanner: JsonScannerModule;
/** Every test runs on the JavaScript scanner and on the WebAssembly kernel in front of it. */
const test = eachScanner((s) => (scanner = s));

/** What the reader's chunk may hold after a line: nothing, its newline, or bytes that would extend the line. */
const TAILS = ['', '\n', '\r\n', ' \t\r\n', '0', '12', 'e5', 'e}', 'ull]', 'rue', 'e', '"}', ']', '}', '}}', ']]', ',"b":1}', '2]'];

/** Scan `text` in a fresh memory at byte `base` with `tail` after it: `false`, or the documents pushed. */
function placed(text: string, needs: readonly string[], base: number, tail: string): false | unknown[] {
  const body = Buffer.from(text, 'utf8');
  const memory = new ArrayBuffer(base + body.length + tail.length + 4);
  const buf = Buffer.from(memory, base, body.length + tail.length);
  body.copy(buf, 0);
  buf.write(tail, body.length, 'latin1');
  const out: unknown[] = [];
  const ok = scanner.scanLine(buf, 0, body.length, tree.compileNeeds(needs), out);
  if (!ok) assert.deepEqual(out, [], 'a rejected line pushes nothing');
  return ok ? out : false;
}

/** The answer for `text`, the same in every placement and with every tail. */
function scan(text: string, needs: readonly string[]): false | unknown[] {
  const first = placed(text, needs, 0, '');
  TAILS.forEach((tail, k) => assert.deepStrictEqual(placed(text, needs, k % 4, tail), first, `${JSON.stringify(text)} at ${k % 4} then ${JSON.stringify(tail)}`));
  return first;
}

function valid(text: string, needs: readonly string[], want: unknown[]): void {
  JSON.parse(text);
  assert.deepStrictEqual(scan(text, needs), want, text);
}

function invalid(text: string, needs: readonly string[]): void {
  assert.throws(() => JSON.parse(text), SyntaxError, text);
  assert.equal(scan(text, needs), false, text);
}

test('upper-case hex digits A to F in \\u escapes: needed, skipped, in keys', () => {
  valid('{"a":"\\u00A9\\u00FF\\uABCD\\uFEDC"}', ['a'], [{ a: '\u00a9\u00ff\uabcd\ufedc' }]);
  valid('{"z":"\\uAAAA\\uFFFF","c":1}', ['c'], [{ c: 1 }]);
  valid('{"z":["\\uA0A0",{"\\uF0F0":"\\uAFAF"}],"c":1}', ['c'], [{ c: 1 }]);
  valid('{"\\u0041":1,"A":2}', ['A'], [{ A: 2 }]);
  invalid('{"a":"\\u00G0"}', ['a']);
  invalid('{"z":"\\u00g0","c":1}', ['c']);
  invalid('{"c":"\\u}0000"}', ['a', 'c.d']);
});

test('every one-character escape, alone, in a needed value, a skipped value, a skipped container and a key', () => {
  const escapes: [string, string][] = [['\\"', '"'], ['\\\\', '\\'], ['\\/', '/'], ['\\b', '\b'], ['\\f', '\f'], ['\\n', '\n'], ['\\r', '\r'], ['\\t', '\t']];
  for (const [text, char] of escapes) {
    valid(`{"a":"x${text}y"}`, ['a'], [{ a: `x${char}y` }]);
    valid(`{"z":"x${text}y","c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":["x${text}y",{"k${text}":"${text}"}],"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"a${text}":1,"c":2}`, ['c', `a${char}`], [{ [`a${char}`]: 1, c: 2 }]);
  }
  for (const bad of ['\\[', '\\a', '\\x41', '\\U0041', '\\0', "\\'"]) {
    invalid(`{"a":"${bad}"}`, ['a']);
    invalid(`{"z":"${bad}","c":1}`, ['c']);
    invalid(`{"z":["${bad}"],"c":1}`, ['c']);
  }
});

test('a number ending the line is not extended by digits, a dot or an exponent after the line', () => {
  // Top-level scalars are documents that are not objects: one `null` each.
  for (const n of ['0', '7', '12', '-3', '1.5', '0.30000000000000004', '1e5', '1E+2', '2e-3', '-0']) valid(n, ['a'], [null]);
  for (const n of ['0', '7', '12', '1.5', '1e5']) valid(` ${n} `, [], [null]);
});

test('malformed numbers in every context', () => {
  for (const n of ['0.', '1.e5', '1e', '1e+', '10E', '-', '01', '1.5e', '.5', '+1', '1..2']) {
    invalid(`{"a":${n}}`, ['a']);
    invalid(`{"a":${n},"b":1}`, ['b']);
    invalid(`{"z":[${n}],"b":1}`, ['b']);
    invalid(`[${n}]`, ['a']);
    invalid(n, []);
  }
});

test('a literal with any one byte altered is rejected, in every context; a cut literal too', () => {
  for (const word of ['true', 'false', 'null']) {
    for (let k = 1; k < word.length; k++) {
      const bad = `${word.slice(0, k)}x${word.slice(k + 1)}`;
      invalid(`[${bad}]`, ['a']);
      invalid(`[{},${bad}]`, ['type']);
      invalid(`[${bad},[]]`, ['a']);
      invalid(`{"a":${bad}}`, ['a']);
      invalid(`{"z":${bad},"c":1}`, ['c']);
      invalid(`{"z":[${bad}],"c":1}`, ['c']);
      invalid(bad, []);
    }
    for (let k = 1; k < word.length; k++) {
      invalid(word.slice(0, k), []);
      invalid(`{"a":${word.slice(0, k)}`, ['a']);
      invalid(`[${word.slice(0, k)}`, ['a']);
    }
    valid(word, [''], [null]);
    valid(`[${word}]`, ['a'], [null]);
    valid(`{"z":[${word}],"a":${word}}`, ['a'], [{ a: JSON.parse(word) }]);
  }
});

test('closing brackets must match their containers, in skipped values and in the line array', () => {
  for (const bad of ['{"z":[1}}', '{"z":[1}],"c":1}', '{"z":{"a":1]}', '{"z":{"a":1]},"c":1}', '{"z":[[]}]}', '{"z":[{}]]}', '{"z":[1 2]}', '{"z":[1,]}', '{"z":{"a":1,}}']) {
    invalid(bad, ['c']);
    invalid(bad, ['a']);
  }
  for (const bad of ['[1}', '[{"a":1}}', '[{}}', '[{} {}]', '[1,]', '[,1]', '[[1}]']) invalid(bad, ['a']);
  valid('[]', ['b', 'z'], []);
  valid('[ ]', ['a'], []);
  valid('[{},{"a":1}]', ['a'], [{}, { a: 1 }]);
});

test('white space around every token of skipped objects and arrays', () => {
  const ws = [' ', '\t', '\r\n', '  \n '];
  for (const w of ws) {
    valid(`{"z":{"a"${w}:1},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{"a":${w}1},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{${w}"a":1},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{"a":1${w},"b":2},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{"a":1,${w}"b":2},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{"a":1,"b"${w}:2},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{"a":1,"b":${w}2},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{"a":1${w}},"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":[${w}1${w},${w}2${w}],"c":1}`, ['c'], [{ c: 1 }]);
    valid(`{"z":{${w}},"c":[${w}]}`, ['c'], [{ c: [] }]);
    valid(`${w}{"":{},"__proto__":2e-3}${w}`, ['type'], [{}]);
    valid(`{"a":{${w}"b":[]${w}}}`, ['a.b'], [{ a: { b: [] } }]);
    valid(`{"a":1${w},"b":2${w}}`, ['b'], [{ b: 2 }]);
    valid(`{"z":""${w}}`, ['z'], [{ z: '' }]);
    valid(`{"y":""${w},"z":1}`, ['z'], [{ z: 1 }]);
    valid(`[${w}{"a":1}${w},${w}2${w}]`, ['a'], [{ a: 1 }, null]);
  }
  invalid('{"z":{"a" 1},"c":2}', ['c']);
  invalid('{"z":{"a"u[]}}', ['a.0', 'b.1.c']);
  invalid('{"__proto__":{}E', []);
  invalid('{"c":[{},{}[,"a":true}', ['a', 'c.d']);
});

test('values skipped at a projected level start with any number or string byte', () => {
  valid('{"z":2e-3,"c":1}', ['c'], [{ c: 1 }]);
  valid('{"z":0.1,"c":1}', ['c'], [{ c: 1 }]);
  valid('{"z":9,"y":-1,"x":"s","c":1}', ['c'], [{ c: 1 }]);
  valid('{"z":-0,"c":{"z":1e5,"b":true}}', ['c.b'], [{ c: { b: true } }]);
});

const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

/** The depth of `[[…[]…]]` (each level one array holding the next, the innermost empty); -1 for anything else. */
function nesting(value: unknown): number {
  let depth = 0;
  let level = value;
  while (Array.isArray(level)) {
    depth++;
    if (level.length === 0) return depth;
    if (level.length !== 1) return -1;
    level = level[0];
  }
  return -1;
}

test('nesting deeper than the scanner stack: JSON.parse decides, object documents stay objects', () => {
  // The 4,096-level stack overflows; JSON.parse of the line gives the answer.
  invalid('['.repeat(5000), ['a']);
  invalid(`{"z":${'['.repeat(5000)}}`, []);
  valid(deep(5000), ['a'], [null]);
  // Nothing needed: an object document is still the empty object, as below the limit (it used to become null, which
  // the reader then dropped as not an object).
  valid(`{"z":${deep(5000)}}`, [], [{}]);
  valid(`{"z":${deep(100)}}`, [], [{}]);
  valid(`{"z":${deep(5000)},"c":1}`, ['c'], [{ c: 1 }]);
  // A line array: elements that are not objects are null, objects projected.
  valid(`[5,"s",true,null,[],{"a":1,"z":${deep(5000)}}]`, ['a'], [null, null, null, null, null, { a: 1 }]);
  valid(`[5,{"a":1},${deep(5000)}]`, ['a'], [null, { a: 1 }, null]);
  // null elements stay null also when nothing is needed (an object would be {}).
  valid(`[null,{},${deep(5000)}]`, [], [null, {}, null]);
});

test('a projection too deep to recurse keeps the whole document instead of losing it', () => {
  // Projecting `a.b` through 100,000 nested arrays overflows the call stack: the document is kept whole.
  const text = `{"a":${deep(100000)},"c":1}`;
  const got = placed(text, ['a.b'], 0, '');
  assert.ok(got !== false);
  assert.equal(got.length, 1);
  const doc = got[0] as { a: unknown; c: number };
  assert.deepEqual(Object.keys(doc), ['a', 'c']);
  assert.equal(doc.c, 1);
  assert.equal(nesting(doc.a), 100000);
});

test('the need "" (the whole document) keeps object documents whole, above and below the stack limit', () => {
  valid('{"a":{"b":[1,{"c":null}]},"__proto__":2,"a":3}', [''], [JSON.parse('{"a":{"b":[1,{"c":null}]},"__proto__":2,"a":3}')]);
  valid('[{"x":1},2,{"y":[true]}]', ['', 'x'], [{ x: 1 }, null, { y: [true] }]);
  // Too deep for deepStrictEqual's (and JSON.stringify's) recursion: walked down by hand.
  for (let k = 0; k < TAILS.length; k++) {
    const got = placed(`{"z":${deep(5000)}}`, [''], k % 4, TAILS[k]!);
    assert.ok(got !== false && got.length === 1);
    assert.deepEqual(Object.keys(got[0] as object), ['z']);
    assert.equal(nesting((got[0] as { z: unknown }).z), 5000);
  }
});

test('an unterminated string ending a line inside a word, with plain bytes after it to the end of its memory: rejected', () => {
  // The four-bytes-at-a-time skipper must stop at the line's last word: past it there is no quote, no backslash and
  // no control byte until the memory ends (a skipper that ran on would read words that are not there).
  for (let pad = 0; pad < 8; pad++) {
    for (let base = 0; base < 4; base++) {
      const text = `{"z":"${'a'.repeat(pad)}`;
      const length = (Math.ceil((base + text.length + 1) / 4) + 1) * 4 - base;
      const buf = Buffer.from(new ArrayBuffer(base + length), base, length);
      buf.fill('x');
      buf.write(text, 0, 'latin1');
      assert.equal(scanner.scanLine(buf, 0, text.length, tree.compileNeeds(['c']), []), false, `${pad} ${base}`);
      assert.equal(scanner.scanLine(buf, 0, text.length, tree.compileNeeds(['z']), []), false, `${pad} ${base}`);
    }
  }
});
