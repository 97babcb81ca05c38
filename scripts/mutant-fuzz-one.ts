// One mutant of the JSON scanner against the original, on a seeded corpus (run by scripts/mutant-fuzz.mjs, one
// process per mutant so that a mutant that loops is stopped by a timeout). Usage:
//   node --import tsx scripts/mutant-fuzz-one.ts <mutated json-scanner.ts> <inputs> <seed>
// Prints `differs <json of the input>` for the first input whose result differs (accepted or not, the documents and
// their values compared with util.inspect, which tells -0 from 0 and keeps key order), or `same <n>` after n inputs.
import { inspect } from 'node:util';
import { pathToFileURL } from 'node:url';
import { jsonScannerModule } from '../src/sources/files/scan/json-scanner.js';
import { projectionTreeModule } from '../src/sources/files/scan/projection-tree.js';

const [mutantPath, countText, seedText] = process.argv.slice(2);
const mutant = (await import(pathToFileURL(mutantPath!).href)) as { jsonScannerModule: typeof jsonScannerModule };
const tree = projectionTreeModule();
const original = jsonScannerModule(tree);
const mutated = mutant.jsonScannerModule(tree);

let state = Number(seedText ?? 1) >>> 0 || 1;
function rnd(n: number): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
}
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

const KEYS = ['a', 'b', 'c', 'z', 'ab', 'type', '\\u0061', 'a\\"', '\\/', 'é', '__proto__', ''];
const STRINGS = ['', 'x', 'abcd', 'abcdefgh', 'a\\"b', '\\\\', '\\n\\t\\r\\b\\f\\/', '\\u00e9', '\\ud83d\\ude00', '\\uD800', 'é€😀', 'long string with words 0123456789', '\\u0000'];
const NUMBERS = ['0', '-0', '1', '-1', '12', '0.5', '-0.25', '1e5', '1E+2', '2e-3', '123456789012345', '1234567890123456789', '0.1', '3.14159', '1.7976931348623157e308', '5e-324', '9007199254740993', '0.30000000000000004', '100', '1.000'];
const WS = ['', '', '', ' ', '\t', '\r\n', '  \n '];

function value(depth: number): string {
  const k = rnd(depth > 3 ? 4 : 7);
  const w = (): string => pick(WS);
  switch (k) {
    case 0:
      return `"${pick(STRINGS)}"`;
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick(['true', 'false', 'null']);
    case 3:
      return pick(['{}', '[]', '[ ]', '{ }']);
    case 4:
    case 5: {
      const n = rnd(4);
      const parts: string[] = [];
      for (let j = 0; j < n; j++) parts.push(`${w()}"${pick(KEYS)}"${w()}:${w()}${value(depth + 1)}${w()}`);
      return `{${parts.join(',')}}`;
    }
    default: {
      const n = rnd(4);
      const parts: string[] = [];
      for (let j = 0; j < n; j++) parts.push(`${w()}${value(depth + 1)}${w()}`);
      return `[${parts.join(',')}]`;
    }
  }
}

function document(): string {
  const r = rnd(10);
  if (r === 0) return value(1);
  if (r === 1) return `[${value(1)},${value(1)}]`;
  const n = 1 + rnd(4);
  const parts: string[] = [];
  for (let j = 0; j < n; j++) parts.push(`"${pick(KEYS)}":${value(1)}`);
  return `${pick(WS)}{${parts.join(',')}}${pick(WS)}`;
}

const NOISE = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '1', '-', '.', 'e', 'E', '+', 't', 'f', 'n', 'u', 'l', 'x', '\u0001', '\n', 'é'];
function damage(text: string): string {
  const r = rnd(6);
  if (text.length === 0) return text;
  const at = rnd(text.length + 1);
  if (r === 0) return text.slice(0, at);
  if (r === 1) return text.slice(0, at) + pick(NOISE) + text.slice(at + 1);
  if (r === 2) return text.slice(0, at) + pick(NOISE) + text.slice(at);
  if (r === 3) return text.slice(0, at) + text.slice(at + 1);
  return text;
}

const NEEDS = [[], ['a'], ['a.b'], ['b', 'z'], ['a', 'c.d'], ['type'], ['a.0', 'b.1.c'], ['']];
const AFTER = ['', '\n', ' \t\r\n', '"]}', '0', 'e5', '"}', 'rue', 'u0041"', 'e}', 'ull]', ']', '}', ',"b":1}', ' 1}'];
const compiled = NEEDS.map((n) => tree.compileNeeds(n));

function run(scanner: typeof original, buf: Buffer, s: number, e: number, needs: number): string {
  const out: unknown[] = [];
  try {
    return `${scanner.scanLine(buf, s, e, compiled[needs]!, out)} ${inspect(out, { depth: null, breakLength: Infinity })}`;
  } catch (error) {
    return `threw ${String(error)}`;
  }
}

const count = Number(countText ?? 20000);
for (let n = 0; n < count; n++) {
  const text = rnd(3) === 0 ? document() : damage(document());
  const base = rnd(4);
  const prefix = pick(['', 'x', 'x"\\', '{"q":']);
  const after = pick(AFTER);
  const body = Buffer.from(text, 'utf8');
  const length = prefix.length + body.length + after.length;
  const view = new Uint8Array(new ArrayBuffer(base + length + 3), base, length);
  view.set(Buffer.from(prefix, 'latin1'), 0);
  view.set(body, prefix.length);
  view.set(Buffer.from(after, 'latin1'), prefix.length + body.length);
  const buf = Buffer.from(view.buffer, view.byteOffset, view.length);
  const needs = rnd(NEEDS.length);
  const a = run(original, buf, prefix.length, prefix.length + body.length, needs);
  const b = run(mutated, buf, prefix.length, prefix.length + body.length, needs);
  if (a !== b) {
    console.log(`differs ${JSON.stringify({ text, base, prefix, after, needs: NEEDS[needs], original: a.slice(0, 200), mutant: b.slice(0, 200) })}`);
    process.exit(0);
  }
}
console.log(`same ${count}`);
