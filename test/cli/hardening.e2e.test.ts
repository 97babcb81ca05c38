/**
 * Issue 14's CLI reproducers, each in a real `distill` process over the bundled sample copied to a file `S`
 * (2,529 events): no silent loss from broken lines, named errors for damaged gzip and unreadable files, symlinks
 * read once, date math and limits as bad input (exit 2), over-long documents skipped with file and line.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runDistill, type CliResult } from '../helpers/run-distill.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../dist-config/sample/userale-sample.ndjson');
let dir = '';
let lines: string[] = [];

interface Envelope {
  result: { rows: { count: number }[] };
  stats: { scanned: number; matched: number; skipped: number };
  warnings: { code: string; file?: string; lines?: number[]; count: number; message: string }[];
}

function distill(args: string[]): Promise<CliResult> {
  return runDistill(args, { cwd: dir, env: { DISTILL_HOME: path.join(dir, '.distill-home') } });
}

async function countBy(source: string, extra: string[] = []): Promise<{ r: CliResult; env: Envelope; total: number }> {
  const r = await distill(['count-by', '--by', 'type', '--source', source, '--format', 'json', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  const env = JSON.parse(r.stdout) as Envelope;
  return { r, env, total: env.result.rows.reduce((n, row) => n + row.count, 0) };
}

const problems = (env: Envelope) => env.warnings.filter((w) => w.code !== 'missing_time').map((w) => [w.code, w.file, w.lines ?? null]);

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-harden-'));
  const text = await readFile(SAMPLE, 'utf8');
  lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2529);
  await writeFile(path.join(dir, 'S'), text);
});
after(() => rm(dir, { recursive: true, force: true }));

test('a first line cut in half loses that line only: 2,528 events and one malformed_json at line 1 (was 0 events)', async () => {
  await writeFile(path.join(dir, 'cut-first.ndjson'), `${lines[0]!.slice(0, 150)}\n${lines.slice(1).join('\n')}\n`);
  const { env, total } = await countBy('cut-first.ndjson');
  assert.equal(total, 2528);
  assert.deepEqual(problems(env), [['malformed_json', 'cut-first.ndjson', [1]]]);
  assert.equal(env.stats.skipped, 1);
});

test('a first line cut inside a string loses that line only', async () => {
  const cut = lines[0]!.indexOf('Oak & Pine') + 3;
  await writeFile(path.join(dir, 'cut-string.ndjson'), `${lines[0]!.slice(0, cut)}\n${lines.slice(1).join('\n')}\n`);
  const { env, total } = await countBy('cut-string.ndjson');
  assert.equal(total, 2528);
  assert.deepEqual(problems(env), [['malformed_json', 'cut-string.ndjson', [1]]]);
});

test('a lone "{" line after line 500 is one bad line: all 2,529 events kept (was 499)', async () => {
  await writeFile(path.join(dir, 'brace.ndjson'), `${[...lines.slice(0, 500), '{', ...lines.slice(500)].join('\n')}\n`);
  const { env, total } = await countBy('brace.ndjson');
  assert.equal(total, 2529);
  assert.deepEqual(problems(env), [['malformed_json', 'brace.ndjson', [501]]]);
});

test('a truncated .gz keeps every complete line, names the file and warns; --strict exits 5', async () => {
  const gz = gzipSync(`${lines.join('\n')}\n`);
  await writeFile(path.join(dir, 'cut.ndjson.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  const { env, total } = await countBy('cut.ndjson.gz');
  const read = env.stats.scanned - env.stats.skipped;
  assert.equal(total, read);
  assert.ok(read > 1000 && read < 2529, `${read} complete lines before the cut`);
  const expected: unknown[][] = [['damaged_gzip', 'cut.ndjson.gz', null]];
  // The line the cut fell in is reported as well (unless the cut fell exactly at a line break).
  if (env.stats.skipped === 1) expected.push(['malformed_json', 'cut.ndjson.gz', [read + 1]]);
  assert.deepEqual(problems(env), expected);
  const strict = await distill(['count-by', '--by', 'type', '--source', 'cut.ndjson.gz', '--strict']);
  assert.equal(strict.code, 5);
  assert.match(strict.stderr, /malformed_input.*cut\.ndjson\.gz/);
  // Corrupt (not cut): flipped bytes in the middle of the deflate data.
  const corrupt = Buffer.from(gz);
  for (let i = 2000; i < 2100; i++) corrupt[i] = corrupt[i]! ^ 0xff;
  await writeFile(path.join(dir, 'corrupt.ndjson.gz'), corrupt);
  const bad = await countBy('corrupt.ndjson.gz');
  assert.equal(bad.env.warnings.filter((w) => w.code === 'damaged_gzip').length, 1);
});

test('an unreadable file is source_unavailable (exit 4) naming the file, not exit 1 internal', async () => {
  const socketPath = path.join(dir, 'sock.ndjson');
  const server = net.createServer().listen(socketPath);
  await new Promise((r) => server.once('listening', r));
  try {
    const r = await distill(['count-by', '--by', 'type', '--source', 'sock.ndjson']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /source_unavailable.*sock\.ndjson/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    server.close();
  }
});

test('symlinks: a directory reads linked files once, a ** glob through a loop reads each real file once; both report what they skipped', async () => {
  const tree = path.join(dir, 'tree');
  await mkdir(path.join(tree, 'a', 'b'), { recursive: true });
  await writeFile(path.join(tree, 'a', 'x.ndjson'), `${lines.slice(0, 100).join('\n')}\n`);
  await writeFile(path.join(dir, 'outside.ndjson'), `${lines.slice(100, 130).join('\n')}\n`);
  await symlink('../x.ndjson', path.join(tree, 'a', 'b', 'link.ndjson'));
  await symlink('..', path.join(tree, 'a', 'b', 'loop'));
  await symlink(path.join(dir, 'outside.ndjson'), path.join(tree, 'out.ndjson'));
  await symlink(path.join(dir, 'nothing-here.ndjson'), path.join(tree, 'broken.ndjson'));
  const viaDir = await countBy('tree');
  assert.equal(viaDir.total, 130, 'x.ndjson once (not via its link) and the linked outside file');
  assert.deepEqual(
    viaDir.env.warnings.filter((w) => w.code === 'path_skipped').map((w) => w.file).sort(),
    ['tree/a/b/link.ndjson', 'tree/a/b/loop', 'tree/broken.ndjson'],
  );
  const viaGlob = await countBy('tree/**/*.ndjson');
  assert.equal(viaGlob.total, 130, 'each real file once (it was read three times)');
  assert.ok(viaGlob.env.warnings.some((w) => w.code === 'path_skipped' && /read once/.test(w.message)));
});

test('date math beyond the Date range is invalid input (exit 2), not an empty match', async () => {
  for (const from of ['now+300000y', '2020-01-01||+300000y', 'now-300000y']) {
    const r = await distill(['count-by', '--by', 'type', '--source', 'S', '--from', from]);
    assert.equal(r.code, 2, `${from}: ${r.stderr}`);
    assert.match(r.stderr, /query\.time\.from/);
  }
});

test('limits are bad input with exit 2 naming the limit; inherited members are not fields', async () => {
  const by = Array.from({ length: 4000 }, (_, i) => `f${i}`);
  await writeFile(path.join(dir, 'wide.json'), JSON.stringify({ steps: [{ op: 'count-by', by }] }));
  const wide = await distill(['run', 'wide.json', '--source', 'S']);
  assert.equal(wide.code, 2);
  assert.match(wide.stderr, /limit_exceeded.*maxFieldsPerStep/);
  let where: unknown = { field: 'type', op: 'exists' };
  for (let i = 0; i < 2160; i++) where = { not: where };
  await writeFile(path.join(dir, 'deep.json'), JSON.stringify({ query: { where }, steps: [] }));
  const deep = await distill(['run', 'deep.json', '--source', 'S']);
  assert.equal(deep.code, 2);
  assert.match(deep.stderr, /maxNestingDepth/);
  const ctor = await countBy('S', []);
  assert.equal(ctor.total, 2529);
  const byCtor = await distill(['count-by', '--by', 'constructor', '--source', 'S', '--format', 'json']);
  assert.deepEqual((JSON.parse(byCtor.stdout) as { result: { rows: unknown[] } }).result.rows, [{ constructor: null, count: 2529 }]);
  await writeFile(path.join(dir, 'ctor.json'), JSON.stringify({ query: { where: { field: 'constructor', op: 'exists' } }, steps: [] }));
  const exists = await distill(['run', 'ctor.json', '--source', 'S', '--format', 'json']);
  assert.equal((JSON.parse(exists.stdout) as Envelope).stats.matched, 0, 'no document has a field named constructor');
});

test('a document longer than maxDocumentLength is skipped with a document_too_large warning at its line; the rest is read', async () => {
  const big = JSON.stringify({ ...(JSON.parse(lines[0]!) as object), pad: 'x'.repeat(5000) });
  await writeFile(path.join(dir, 'big.ndjson'), `${[lines[0], big, lines[1]].join('\n')}\n`);
  await writeFile(
    path.join(dir, 'limits.config.json'),
    JSON.stringify({ defaultSource: 'big', sources: { big: { kind: 'files', paths: 'big.ndjson', maxDocumentLength: 2048 } } }),
  );
  const r = await distill(['count-by', '--by', 'type', '--config', 'limits.config.json', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const env = JSON.parse(r.stdout) as Envelope;
  assert.equal(env.result.rows.reduce((n, row) => n + row.count, 0), 2);
  assert.deepEqual(problems(env), [['document_too_large', 'big.ndjson', [2]]]);
});
