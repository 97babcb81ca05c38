import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { jsonScannerModule, type JsonScannerModule } from '../../../../src/sources/files/scan/json-scanner.js';
import { projectionTreeModule, type ProjectionNode } from '../../../../src/sources/files/scan/projection-tree.js';
import { SCAN_KERNEL_WASM } from '../../../../src/sources/files/scan/scan-kernel-wasm.js';
import { wasmScannerModule } from '../../../../src/sources/files/scan/wasm-scanner.js';

const tree = projectionTreeModule();

/** A JavaScript scanner that records the lines it was asked to read (the kernel's give-ups and invalid lines). */
function recording(): { js: JsonScannerModule; asked: string[] } {
  const inner = jsonScannerModule(tree);
  const asked: string[] = [];
  return {
    asked,
    js: {
      scanLine(buf, start, end, node, out) {
        asked.push(Buffer.from(buf.subarray(start, end)).toString('utf8'));
        return inner.scanLine(buf, start, end, node, out);
      },
    },
  };
}

function fresh(): { wasm: ReturnType<typeof wasmScannerModule>; asked: string[] } {
  const { js, asked } = recording();
  return { wasm: wasmScannerModule(tree, js, SCAN_KERNEL_WASM), asked };
}

/** Scan `text` with `scanner` from an ordinary buffer; false when invalid. */
function scanWith(scanner: JsonScannerModule, text: string, node: ProjectionNode): false | unknown[] {
  const buf = Buffer.from(text, 'utf8');
  const out: unknown[] = [];
  return scanner.scanLine(buf, 0, buf.length, node, out) ? out : false;
}

/** Scan `text` placed at `offset` of the kernel's own read buffer (in place, no copy). */
function scanInPlace(wasm: ReturnType<typeof wasmScannerModule>, text: string, node: ProjectionNode, offset: number, size: number): false | unknown[] {
  const bytes = Buffer.from(text, 'utf8');
  const buf = wasm.readBuffer(size)!;
  buf.fill(0x20);
  bytes.copy(buf, offset);
  const out: unknown[] = [];
  return wasm.scanLine(buf, offset, offset + bytes.length, node, out) ? out : false;
}

test('the kernel reads an object line itself: each value kind as the JavaScript scanner builds it', () => {
  const { wasm, asked } = fresh();
  assert.equal(wasm.active, true);
  const node = tree.compileNeeds(['s', 'e', 'n', 'x', 't', 'f', 'z', 'o', 'a', 'p.q', 'big', 'neg', 'm']);
  const line =
    '{"s":"plain é","e":"a\\"b\\u00e9\\n","n":12.5,"x":1e3,"t":true,"f":false,"z":null,"o":{"k":[1,{"j":2}]},"a":[1,"b",null],' +
    '"p":{"q":[7],"r":1},"big":12345678901234567,"neg":-0,"m":0.1234567890123456,"skip":{"deep":[[[["x"]]]]}}';
  const got = scanWith(wasm, line, node);
  assert.deepEqual(got, [
    { s: 'plain é', e: 'a"bé\n', n: 12.5, x: 1000, t: true, f: false, z: null, o: { k: [1, { j: 2 }] }, a: [1, 'b', null], p: { q: [7] }, big: 12345678901234567, neg: -0, m: 0.1234567890123456 },
  ]);
  assert.ok(Object.is((got as unknown as [{ neg: number }])[0].neg, -0));
  assert.deepEqual(asked, [], 'no line went to the JavaScript scanner');
});

test('a plain string equal to the same key\'s last one is reused; a line left to the JavaScript scanner forgets them all', () => {
  const { wasm, asked } = fresh();
  const node = tree.compileNeeds(['u', 'v']);
  const read = (line: string): unknown[] | false => scanWith(wasm, line, node);
  const a = read('{"u":"same","v":"x"}') as [{ u: string; v: string }];
  const b = read('{"v":"y","u":"same"}') as [{ u: string; v: string }];
  assert.deepEqual(b, [{ v: 'y', u: 'same' }]);
  assert.equal(b[0].u, a[0].u);
  // Same bytes under another key, or escaped, or a different length: not the saved value.
  assert.deepEqual(read('{"u":"y","v":"same"}'), [{ u: 'y', v: 'same' }]);
  assert.deepEqual(read('{"u":"y","v":"sam\\u0065"}'), [{ u: 'y', v: 'same' }]);
  assert.deepEqual(read('{"u":"yy","v":"same"}'), [{ u: 'yy', v: 'same' }]);
  assert.deepEqual(read('{"u":"yz","v":"same"}'), [{ u: 'yz', v: 'same' }]);
  // Saved bytes up to 128 (the quotes count), longer values decoded every time.
  const v126 = 'w'.repeat(126);
  const v127 = 'w'.repeat(127);
  for (const v of [v126, v126, v127, v127, v126]) assert.deepEqual(read(`{"u":"${v}"}`), [{ u: v }]);
  // The kernel saves "gone" from this line, then gives up at the escaped key: the next "gone" must not be reused
  // from a string this side never made.
  assert.deepEqual(read('{"u":"gone","\\u0076":"z"}'), [{ u: 'gone', v: 'z' }]);
  assert.deepEqual(read('{"u":"gone"}'), [{ u: 'gone' }]);
  assert.deepEqual(read('{"u":"yz","v":1}'), [{ u: 'yz', v: 1 }]);
  // Another projection starts afresh.
  assert.deepEqual(scanWith(wasm, '{"u":"yz","w":"q"}', tree.compileNeeds(['w', 'u'])), [{ u: 'yz', w: 'q' }]);
  assert.deepEqual(read('{"u":"yz"}'), [{ u: 'yz' }]);
  assert.equal(asked.length, 1);
});

test('duplicate keys: the last value wins at the first key position; __proto__ stays an own property', () => {
  const { wasm, asked } = fresh();
  const node = tree.compileNeeds(['a', 'b', '__proto__']);
  const [doc] = scanWith(wasm, '{"a":1,"b":2,"a":{"x":1},"__proto__":{"y":2},"a":"last"}', node) as [Record<string, unknown>];
  assert.deepEqual(Object.keys(doc), ['a', 'b', '__proto__']);
  assert.equal(doc.a, 'last');
  assert.ok(Object.hasOwn(doc, '__proto__'));
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.deepEqual(asked, []);
});

test('lines the kernel leaves to the JavaScript scanner, with the same answer', () => {
  const { wasm, asked } = fresh();
  const js = jsonScannerModule(tree);
  const node = tree.compileNeeds(['type']);
  const cases = [
    '{"\\u0074ype":"escaped key"}', // a key with an escape
    '[{"type":"a"},{"type":"b"},3]', // not an object: an array of documents
    '"just a string"',
    `{"type":"deep","d":${'['.repeat(5000)}${']'.repeat(5000)}}`, // deeper than the kernel's stack
    `{${Array.from({ length: 2100 }, (_, i) => `"type":"t${i}"`).join(',')}}`, // more matched keys than its records
    '{"type":"ok",}', // invalid: the JavaScript scanner decides
    '{"type":"tab\there"}',
  ];
  for (const line of cases) assert.deepEqual(scanWith(wasm, line, node), scanWith(js, line, node), line.slice(0, 40));
  assert.deepEqual(asked, cases);
});

test('reads needing whole documents or decoded keys, and key tables too big for the kernel, go to the JavaScript scanner', () => {
  const { wasm, asked } = fresh();
  const line = '{"type":"a","\ufffd":1}';
  assert.deepEqual(scanWith(wasm, line, tree.compileNeeds([''])), [{ type: 'a', '\ufffd': 1 }]);
  assert.deepEqual(scanWith(wasm, line, tree.compileNeeds(['\ufffd'])), [{ '\ufffd': 1 }]);
  const many = Array.from({ length: 257 }, (_, i) => `k${i}`);
  assert.deepEqual(scanWith(wasm, '{"k3":3}', tree.compileNeeds(many)), [{ k3: 3 }]);
  const long = ['x'.repeat(6145)];
  assert.deepEqual(scanWith(wasm, `{"${long[0]}":1}`, tree.compileNeeds(long)), [{ [long[0]!]: 1 }]);
  assert.equal(asked.length, 4);
  // At the limits the kernel still reads the line itself.
  const fits = Array.from({ length: 256 }, (_, i) => `k${i}`);
  assert.deepEqual(scanWith(wasm, '{"k255":1,"k0":2}', tree.compileNeeds(fits)), [{ k255: 1, k0: 2 }]);
  const longest = ['y'.repeat(6144)];
  assert.deepEqual(scanWith(wasm, `{"${longest[0]}":1}`, tree.compileNeeds(longest)), [{ [longest[0]!]: 1 }]);
  assert.equal(asked.length, 4);
});

test('a line in the kernel memory is read in place, right up to the end of the read buffer', () => {
  const { wasm, asked } = fresh();
  const node = tree.compileNeeds(['type', 'n']);
  const line = '{"type":"click","n":5,"path":["a","b"]}';
  const size = 4096;
  for (const offset of [0, 1, 15, 16, size - line.length - 1, size - line.length]) {
    assert.deepEqual(scanInPlace(wasm, line, node, offset, size), [{ type: 'click', n: 5 }], String(offset));
  }
  // A cut line at the very end is invalid, whatever follows in memory.
  assert.equal(scanInPlace(wasm, '{"type":"cli', node, size - 12, size), false);
  assert.deepEqual(asked, ['{"type":"cli']);
});

test('the read buffer grows on demand and the kernel reads lines in the new one', () => {
  const { wasm } = fresh();
  const small = wasm.readBuffer(1024)!;
  const big = wasm.readBuffer(8 << 20)!;
  assert.equal(big.length, 8 << 20);
  assert.equal(small.length, 0, 'the memory grew: the earlier buffer is detached');
  assert.deepEqual(scanInPlace(wasm, '{"type":"x"}', tree.compileNeeds(['type']), (8 << 20) - 12, 8 << 20), [{ type: 'x' }]);
  assert.equal(wasm.readBuffer(16)!.length, 16);
});

test('lines longer than the copy area go to the JavaScript scanner; the longest copied line does not', () => {
  const { wasm, asked } = fresh();
  const node = tree.compileNeeds(['type']);
  const copyMax = (1 << 20) + 64;
  const fill = (n: number): string => `{"type":"t","pad":"${'p'.repeat(n - 21)}"}`;
  assert.equal(fill(copyMax).length, copyMax);
  assert.deepEqual(scanWith(wasm, fill(copyMax), node), [{ type: 't' }]);
  assert.deepEqual(asked, []);
  assert.deepEqual(scanWith(wasm, fill(copyMax + 1), node), [{ type: 't' }]);
  assert.equal(asked.length, 1);
});

test('the copy area and the read buffer do not overlap: a longest copied line leaves the read buffer\'s bytes alone', () => {
  const { wasm, asked } = fresh();
  const node = tree.compileNeeds(['type']);
  const line = '{"type":"in place"}';
  const buf = wasm.readBuffer(4096)!;
  buf.fill(0x20);
  Buffer.from(line).copy(buf, 0);
  const head = '{"type":"copied","pad":"';
  const longest = `${head}${'p'.repeat((1 << 20) + 64 - head.length - 2)}"}`;
  assert.equal(longest.length, (1 << 20) + 64);
  assert.deepEqual(scanWith(wasm, longest, node), [{ type: 'copied' }]);
  const out: unknown[] = [];
  assert.equal(wasm.scanLine(buf, 0, line.length, node, out), true);
  assert.deepEqual(out, [{ type: 'in place' }]);
  assert.deepEqual(asked, []);
});

test('lines in the read buffer are read in place whatever their length; copied lines are measured from their start', () => {
  const { wasm, asked } = fresh();
  const node = tree.compileNeeds(['type']);
  // Longer than the copy area: still the kernel's, in place.
  const long = `{"type":"long","pad":"${'p'.repeat(2 << 20)}"}`;
  assert.deepEqual(scanInPlace(wasm, long, node, 5, long.length + 16), [{ type: 'long' }]);
  // A short line far into an ordinary buffer is copied (only its own length counts).
  const text = Buffer.alloc((1 << 20) + 100, 0x20);
  Buffer.from('{"type":"far"}').copy(text, 1 << 20);
  const out: unknown[] = [];
  assert.equal(wasm.scanLine(text, 1 << 20, (1 << 20) + 14, node, out), true);
  assert.deepEqual(out, [{ type: 'far' }]);
  assert.deepEqual(asked, []);
});

test('up to 2,048 matched keys per line are the kernel\'s', () => {
  const { wasm, asked } = fresh();
  const line = `{${Array.from({ length: 2047 }, (_, i) => `"type":"t${i}"`).join(',')},"n":1}`;
  assert.deepEqual(scanWith(wasm, line, tree.compileNeeds(['type', 'n'])), [{ type: 't2046', n: 1 }]);
  const numbers = `{${Array.from({ length: 2047 }, (_, i) => `"n":${i}.5`).join(',')},"type":"last"}`;
  assert.deepEqual(scanWith(wasm, numbers, tree.compileNeeds(['type', 'n'])), [{ n: 2046.5, type: 'last' }]);
  assert.deepEqual(asked, []);
});

test('the read buffer keeps 64 readable bytes after its end, and asking again for no more memory keeps it', () => {
  const { wasm, asked } = fresh();
  const node = tree.compileNeeds(['type']);
  // The read buffer starts at byte 98,304 + 1 MiB + 64 + 64 = 1,147,008 of the memory, which starts with 18 pages
  // (1,179,648 bytes): 32,576 bytes fit with the 64 after them.
  const first = wasm.readBuffer(16)!;
  const fits = wasm.readBuffer(32_576)!;
  assert.equal(first.length, 16, 'no growth, so the earlier buffer is still attached');
  const line = '{"type":"at the end"}';
  fits.fill(0x20);
  Buffer.from(line).copy(fits, fits.length - line.length);
  const out: unknown[] = [];
  assert.equal(wasm.scanLine(fits, fits.length - line.length, fits.length, node, out), true);
  assert.deepEqual(out, [{ type: 'at the end' }]);
  // One more byte needs a page more: the memory grows, the old buffers are detached.
  const grown = wasm.readBuffer(32_577)!;
  assert.equal(fits.length, 0);
  Buffer.from(line).copy(grown, grown.length - line.length);
  const again: unknown[] = [];
  assert.equal(wasm.scanLine(grown, grown.length - line.length, grown.length, node, again), true);
  assert.deepEqual(again, [{ type: 'at the end' }]);
  assert.deepEqual(asked, []);
});

test('without a usable kernel the module is the JavaScript scanner', () => {
  const { js, asked } = recording();
  const broken = wasmScannerModule(tree, js, Buffer.from('not a wasm module').toString('base64'));
  assert.equal(broken.active, false);
  assert.equal(broken.readBuffer(100), undefined);
  assert.deepEqual(scanWith(broken, '{"type":"a"}', tree.compileNeeds(['type'])), [{ type: 'a' }]);
  assert.equal(asked.length, 1);
});

/** JSON text of an arbitrary object, with white space, escapes and odd numbers mixed in. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }).map((s) => JSON.stringify(s)),
    fc.string({ unit: 'binary-ascii' }).map((s) => JSON.stringify(s).replace(/[a-z]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)),
    fc.constantFrom('0', '-0', '1.5', '1e5', '-2E-3', '123456789012345', '1234567890123456', '0.1', '9007199254740993', '1.0000000000000002', '-0.0'),
    fc.constantFrom('true', 'false', 'null'),
    tie('object'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  ),
  object: fc
    .array(fc.tuple(fc.constantFrom('type', 'n', 'path', 'd', 'x', 'ü', 'a.b'), tie('value')), { maxLength: 6 })
    .map((pairs) => `{ ${pairs.map(([k, v]) => `${JSON.stringify(k)} :\t${v as string}`).join(',')} }`),
}));

test('fuzzed object lines, valid and broken: the kernel and the JavaScript scanner give the same documents and verdicts', () => {
  const { wasm, asked } = fresh();
  const js = jsonScannerModule(tree);
  const needsSets = [['type'], ['type', 'n', 'd.x'], ['path.1', 'x'], ['ü', 'a.b'], []];
  let valid = 0;
  fc.assert(
    fc.property(jsonValue.object, fc.nat(3), fc.nat(needsSets.length - 1), fc.nat(), (text, cut, which, at) => {
      // Sometimes broken: a byte dropped or a control character put in.
      let line = text;
      if (cut === 1 && line.length > 2) line = line.slice(0, at % line.length) + line.slice((at % line.length) + 1);
      if (cut === 2 && line.length > 2) line = `${line.slice(0, at % line.length)}\u0001${line.slice((at % line.length) + 1)}`;
      const node = tree.compileNeeds(needsSets[which]!);
      const want = scanWith(js, line, node);
      if (want !== false) valid++;
      assert.deepEqual(scanWith(wasm, line, node), want);
      assert.deepEqual(scanInPlace(wasm, line, node, at % 64, Buffer.byteLength(line) + 64), want);
    }),
    { numRuns: 3000 },
  );
  // Most lines are valid and most of those the kernel read itself (each was scanned twice).
  assert.ok(valid > 1500, `valid lines: ${valid}`);
  assert.ok(asked.length < 2 * (3000 - valid) + 600, `lines left to the JavaScript scanner: ${asked.length}`);
});

test('under node --jitless (no WebAssembly) the scanner is the JavaScript one and reads the same', () => {
  const here = import.meta.dirname;
  const script = [
    `const { projectionTreeModule } = await import(${JSON.stringify(path.join(here, '../../../../src/sources/files/scan/projection-tree.ts'))});`,
    `const { jsonScannerModule } = await import(${JSON.stringify(path.join(here, '../../../../src/sources/files/scan/json-scanner.ts'))});`,
    `const { wasmScannerModule } = await import(${JSON.stringify(path.join(here, '../../../../src/sources/files/scan/wasm-scanner.ts'))});`,
    `const { SCAN_KERNEL_WASM } = await import(${JSON.stringify(path.join(here, '../../../../src/sources/files/scan/scan-kernel-wasm.ts'))});`,
    'const tree = projectionTreeModule();',
    'const w = wasmScannerModule(tree, jsonScannerModule(tree), SCAN_KERNEL_WASM);',
    'const b = Buffer.from(\'{"type":"click","n":1}\'); const out = [];',
    "const ok = w.scanLine(b, 0, b.length, tree.compileNeeds(['type']), out);",
    'console.log(JSON.stringify({ webassembly: typeof WebAssembly, active: w.active, ok, out }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { webassembly: 'undefined', active: false, ok: true, out: [{ type: 'click' }] });
});
