/**
 * File fuzzer: damaged inputs of every kind the files source meets in the wild — an NDJSON file truncated at every
 * byte, random garbage and cut lines, a pretty-printed array truncated at every byte, gzip cut at (almost) every
 * byte and corrupted, random symbolic-link trees with loops — read by the real files source. For each, the events
 * kept plus the documents reported as skipped must equal an independent count made by a standard-library Python
 * script (`scripts/reference-count.py`), so nothing is lost silently and nothing is counted twice.
 *
 * Every case is also read with the projection-aware scanner (the run says which fields it needs), on this thread
 * (every case) and on 3 worker threads over pieces of a few hundred bytes, lenient and strict (every 4th random
 * file, every 20th truncation: DISTILL_FUZZ_SCAN_EVERY): events (all but the projected `doc`), ids, order,
 * warnings (code, file, lines, count), stats and the strict error must equal the reference read.
 *
 * Seeded (DISTILL_FUZZ_SEED, default 14); the number of random files scales with DISTILL_FUZZ_FILES (default 300).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { resolveMapping } from '../../src/core/schema/resolve-mapping.js';
import type { ReadContext } from '../../src/core/source.js';
import { WarningCollector } from '../../src/core/warnings.js';
import { createFileSource } from '../../src/sources/files/file-source.js';
import { seededRandom } from './seeded-random.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = Number(process.env.DISTILL_FUZZ_SEED ?? 14);
const FILES = Number(process.env.DISTILL_FUZZ_FILES ?? 300);
/**
 * Every case is read whole and scanned on this thread; every SCAN_EVERY-th random file (every 5 × SCAN_EVERY-th
 * truncation) also on 3 workers and strict — a worker pool costs a start-up per read.
 */
const SCAN_EVERY = Number(process.env.DISTILL_FUZZ_SCAN_EVERY ?? 4);
const SKIP_CODES = new Set(['malformed_json', 'truncated_json', 'not_an_object', 'document_too_large']);

let dir = '';
let sample: string[] = [];
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-file-fuzz-'));
  sample = (await readFile(path.join(ROOT, 'dist-config/sample/userale-sample.ndjson'), 'utf8')).trimEnd().split('\n');
});
after(() => rm(dir, { recursive: true, force: true }));

interface Counted {
  readonly events: number;
  readonly reported: number;
  readonly codes: ReadonlySet<string>;
}

type Case = { kind: 'lines'; path: string } | { kind: 'array'; original: string; cut: number } | { kind: 'tree'; path: string };

type ReadMode = 'whole' | 'scan-1' | 'scan-3';
const NEEDS = ['type', 'details.clicks'];

/** Everything a read shows: events without their `doc`, warnings, stats, or the strict error. */
async function observe(target: string, mode: ReadMode, strict: boolean): Promise<{ events: unknown[]; warnings: unknown[]; stats: unknown; error?: string }> {
  const source = createFileSource({
    id: 'f',
    paths: [target],
    baseDir: dir,
    mapping: resolveMapping('userale'),
    threads: mode === 'scan-3' ? 3 : 1,
    parallel: { minBytes: 0, pieceBytes: 300 },
  });
  const context: ReadContext = { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict, now: 0 };
  const events: unknown[] = [];
  let error: string | undefined;
  try {
    for await (const batch of source.read(mode === 'whole' ? { query: {} } : { query: {}, needs: NEEDS }, context).batches) {
      for (const { doc: _doc, ...event } of batch) events.push(event);
    }
  } catch (e) {
    error = `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return { events, warnings: context.warnings.toArray(), stats: context.stats, ...(error === undefined ? {} : { error }) };
}

/** Read `target` (file or directory) with the real files source; events kept and documents reported skipped. */
async function distillCount(target: string, all = true): Promise<Counted> {
  const whole = await observe(target, 'whole', false);
  assert.deepEqual(await observe(target, 'scan-1', false), whole, `scan-1: ${target}`);
  if (all) {
    assert.deepEqual(await observe(target, 'scan-3', false), whole, `scan-3: ${target}`);
    const strict = await observe(target, 'whole', true);
    for (const mode of ['scan-1', 'scan-3'] as const) {
      assert.deepEqual(await observe(target, mode, true), strict, `${mode}, strict: ${target}`);
    }
  }
  const context = { stats: whole.stats as ReadContext['stats'] };
  const events = whole.events.length;
  const warnings = whole.warnings as ReturnType<WarningCollector['toArray']>;
  const reported = warnings.filter((w) => SKIP_CODES.has(w.code)).reduce((n, w) => n + w.count, 0);
  assert.equal(context.stats.matched, events);
  assert.equal(context.stats.skipped, reported, 'every skipped document is reported in a warning');
  return { events, reported, codes: new Set(warnings.map((w) => w.code)) };
}

function pythonCounts(cases: readonly Case[]): { events: number; reported: number }[] {
  const manifest = path.join(dir, `manifest-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(manifest, JSON.stringify(cases));
  const out = execFileSync('python3', [path.join(ROOT, 'scripts/reference-count.py'), manifest], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as { events: number; reported: number }[];
}

async function compare(cases: readonly (Case & { target: string })[], label: string, every = SCAN_EVERY): Promise<{ events: number; reported: number }> {
  const expected = pythonCounts(cases);
  let events = 0;
  let reported = 0;
  for (let i = 0; i < cases.length; i++) {
    const got = await distillCount(cases[i]!.target, i % every === 0);
    assert.deepEqual({ events: got.events, reported: got.reported }, expected[i], `${label}: case ${i} (${cases[i]!.target})`);
    events += got.events;
    reported += got.reported;
  }
  return { events, reported };
}

test('an NDJSON file truncated at every byte: complete lines kept, the cut line reported', async () => {
  const text = `${sample.slice(0, 6).join('\n')}\n`;
  const sub = path.join(dir, 'truncated');
  await mkdir(sub);
  const cases: (Case & { target: string })[] = [];
  for (let cut = 0; cut <= text.length; cut++) {
    const file = path.join(sub, `t${cut}.ndjson`);
    await writeFile(file, text.slice(0, cut));
    cases.push({ kind: 'lines', path: file, target: file });
  }
  const total = await compare(cases, 'truncation', 5 * SCAN_EVERY);
  assert.equal(cases.length, text.length + 1);
  console.log(`# file fuzz: ${cases.length} truncations, ${total.events} events, ${total.reported} reported`);
});

test('random garbage lines, cut lines, lone "{" and "[" lines and junk bytes among good lines', async () => {
  const random = seededRandom(SEED);
  const sub = path.join(dir, 'garbage');
  await mkdir(sub);
  const junkText = (): string => {
    const letters = 'abcdefghijklmnopqrstuvwxyz ABCDEFXYZ0123456789:;.-_=+*&^%$#@!?/\\|~<>\t';
    let s = letters[random.int(26)]!;
    for (let i = random.int(60); i > 0; i--) s += letters[random.int(letters.length)]!;
    return s;
  };
  const garbage: (() => string | Buffer)[] = [
    junkText,
    () => {
      const line = sample[random.int(sample.length)]!;
      return line.slice(0, 1 + random.int(line.length - 1)); // a cut line
    },
    () => '{',
    () => '[',
    () => Buffer.from([0xc3, ...Array.from({ length: 1 + random.int(30) }, () => 0x80 + random.int(0x80))]), // invalid UTF-8
    () => '   ',
    () => '{}',
    () => 'null',
  ];
  const cases: (Case & { target: string })[] = [];
  for (let f = 0; f < FILES; f++) {
    const start = random.int(sample.length - 40);
    const good: (string | Buffer)[] = sample.slice(start, start + 3 + random.int(30));
    for (let g = random.int(7); g > 0; g--) good.splice(random.int(good.length + 1), 0, garbage[random.int(garbage.length)]!());
    if (random.int(4) === 0) good[0] = (good[0] as string).slice(0, 40); // defect 1: the first line cut
    const parts: Buffer[] = [];
    good.forEach((line, i) => {
      parts.push(typeof line === 'string' ? Buffer.from(line) : line);
      if (i < good.length - 1 || random.int(2) === 0) parts.push(Buffer.from(random.int(5) === 0 ? '\r\n' : '\n'));
    });
    const file = path.join(sub, `g${f}.ndjson`);
    await writeFile(file, Buffer.concat(parts));
    cases.push({ kind: 'lines', path: file, target: file });
  }
  const total = await compare(cases, 'garbage');
  console.log(`# file fuzz: ${cases.length} garbage files, ${total.events} events, ${total.reported} reported`);
});

test('a pretty-printed JSON array truncated at every byte: complete elements kept, one truncated_json when cut inside', async () => {
  const docs = sample.slice(40, 44).map((l) => JSON.parse(l) as unknown);
  const text = `${JSON.stringify(docs, null, 2)}\n`;
  assert.equal(Buffer.byteLength(text), text.length, 'ASCII, so characters are bytes');
  const sub = path.join(dir, 'array');
  await mkdir(sub);
  const original = path.join(sub, 'original.json');
  await writeFile(original, text);
  const cases: (Case & { target: string })[] = [];
  for (let cut = 0; cut <= text.length; cut += 1) {
    const file = path.join(sub, `a${cut}.json`);
    await writeFile(file, text.slice(0, cut));
    cases.push({ kind: 'array', original, cut, target: file });
  }
  const total = await compare(cases, 'array truncation', 5 * SCAN_EVERY);
  console.log(`# file fuzz: ${cases.length} array truncations, ${total.events} events, ${total.reported} reported`);
});

test('gzip cut at every 3rd byte keeps what was inflated (damaged_gzip); corrupted gzip never loses more than the reference', async () => {
  const text = `${sample.slice(100, 140).join('\n')}\n`;
  const gz = gzipSync(text);
  const sub = path.join(dir, 'gzip');
  await mkdir(sub);
  const cases: (Case & { target: string })[] = [];
  for (let cut = 10; cut < gz.length; cut += 3) {
    const file = path.join(sub, `c${cut}.ndjson.gz`);
    await writeFile(file, gz.subarray(0, cut));
    cases.push({ kind: 'lines', path: file, target: file });
  }
  const total = await compare(cases, 'gzip cut');
  for (const c of cases) assert.ok((await distillCount(c.target, false)).codes.has('damaged_gzip'), c.target);
  // Corruption: zlib reports it somewhere after the damaged byte; what was inflated before it is kept. Node's
  // gunzip delivers output per chunk, so the kept part may be shorter than Python's byte-by-byte inflate — never
  // longer, and never without the warning.
  const random = seededRandom(SEED + 1);
  const corrupt: (Case & { target: string })[] = [];
  for (let i = 0; i < 20; i++) {
    const bad = Buffer.from(gz);
    const at = 20 + random.int(gz.length - 40);
    bad[at] = bad[at]! ^ (1 + random.int(255));
    const file = path.join(sub, `x${i}.ndjson.gz`);
    await writeFile(file, bad);
    corrupt.push({ kind: 'lines', path: file, target: file });
  }
  const reference = pythonCounts(corrupt);
  for (let i = 0; i < corrupt.length; i++) {
    const got = await distillCount(corrupt[i]!.target);
    assert.ok(got.events <= reference[i]!.events, `corrupt ${i}: ${got.events} > ${reference[i]!.events}`);
    if (got.events + got.reported !== reference[i]!.events + reference[i]!.reported) assert.ok(got.codes.has('damaged_gzip'), `corrupt ${i}`);
  }
  console.log(`# file fuzz: ${cases.length} gzip cuts (${total.events} events, ${total.reported} reported), ${corrupt.length} corrupted`);
});

test('random symbolic-link trees (links to files, to directories, loops, broken links, outside files): each real file once', async () => {
  const random = seededRandom(SEED + 2);
  const trees = Math.max(10, Math.round(FILES / 10));
  const cases: (Case & { target: string })[] = [];
  const outside = path.join(dir, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'o.ndjson'), `${sample.slice(0, 3).join('\n')}\n`);
  for (let t = 0; t < trees; t++) {
    const root = path.join(dir, 'trees', `t${t}`);
    const dirs = [root];
    await mkdir(root, { recursive: true });
    for (let d = random.int(5); d > 0; d--) {
      const parent = dirs[random.int(dirs.length)]!;
      const child = path.join(parent, `d${dirs.length}`);
      await mkdir(child);
      dirs.push(child);
    }
    const files: string[] = [];
    for (let f = 1 + random.int(6); f > 0; f--) {
      const file = path.join(dirs[random.int(dirs.length)]!, `f${files.length}.${['ndjson', 'json', 'jsonl', 'txt'][random.int(4)]}`);
      const start = random.int(sample.length - 10);
      await writeFile(file, `${sample.slice(start, start + 1 + random.int(8)).join('\n')}\n${random.int(3) === 0 ? '{broken\n' : ''}`);
      files.push(file);
    }
    for (let l = random.int(6); l > 0; l--) {
      const at = path.join(dirs[random.int(dirs.length)]!, `l${l}${random.int(2) === 0 ? '.ndjson' : ''}`);
      const kind = random.int(4);
      const target =
        kind === 0 ? files[random.int(files.length)]! : kind === 1 ? dirs[random.int(dirs.length)]! : kind === 2 ? path.join(outside, 'o.ndjson') : path.join(root, 'missing.ndjson');
      await symlink(random.int(2) === 0 ? path.relative(path.dirname(at), target) || '.' : target, at);
    }
    cases.push({ kind: 'tree', path: root, target: root });
  }
  const total = await compare(cases, 'symlink tree');
  console.log(`# file fuzz: ${cases.length} symlink trees, ${total.events} events, ${total.reported} reported`);
});
