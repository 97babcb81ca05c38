/**
 * End to end: the real `distill` CLI in child processes over generated UserALE files — NDJSON, gzip, a JSON array,
 * a directory, a glob, malformed lines — with exact counts checked against an independent count of the generated
 * documents made here in the test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { generateUserale } from '../../scripts/sample/generate-userale.js';
import { runDistill, type CliResult } from '../helpers/run-distill.js';
import { useraleEvent } from '../sources/conformance/reference/naive.js';
import { matches } from '../sources/conformance/reference/conditions.js';

/** A CSV cell by RFC 4180, written here independently: empty for missing, JSON for arrays, quoted when needed. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

let dir = '';
let docs: Record<string, unknown>[] = [];

function distill(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return runDistill(args, { cwd: options.cwd ?? dir, env: { DISTILL_HOME: path.join(dir, '.distill-home'), ...options.env } });
}

/** The independent oracle: which generated documents the UserALE preset can time, by the spec's rules. */
function hasTime(doc: Record<string, unknown>): boolean {
  return typeof doc.clientTime === 'number' || typeof doc.startTime === 'number';
}

const parts = { a: 0, b: 0, c: 0 };

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-cli-'));
  docs = [...generateUserale({ seed: 11, events: 1200 })] as Record<string, unknown>[];
  const third = Math.floor(docs.length / 3);
  const [a, b, c] = [docs.slice(0, third), docs.slice(third, 2 * third), docs.slice(2 * third)];
  parts.a = a.length;
  parts.b = b.length;
  parts.c = c.length;
  await mkdir(path.join(dir, 'logs', 'older'), { recursive: true });
  // NDJSON with two malformed lines (lines 3 and 10)
  const lines = a.map((d) => JSON.stringify(d));
  lines.splice(2, 0, '{"clientTime": 17, "type": "click"');
  lines.splice(9, 0, 'garbage');
  await writeFile(path.join(dir, 'logs', 'a.ndjson'), `${lines.join('\n')}\n`);
  await writeFile(path.join(dir, 'logs', 'b.ndjson.gz'), gzipSync(b.map((d) => JSON.stringify(d)).join('\n')));
  await writeFile(path.join(dir, 'logs', 'older', 'c.json'), `[\n${c.map((d) => JSON.stringify(d, null, 2)).join(',\n')}\n]\n`);
});
after(() => rm(dir, { recursive: true, force: true }));

test('count-by type over a directory (NDJSON + gzip + JSON array, malformed lines): exact counts and warnings', async () => {
  const r = await distill(['count-by', '--by', 'type', '--source', 'logs', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const env = JSON.parse(r.stdout) as { result: { rows: { type: string | null; count: number }[] }; stats: Record<string, number>; warnings: { code: string; file: string; lines: number[]; count: number }[] };
  const expected = new Map<string | null, number>();
  for (const d of docs) expected.set((d.type as string) ?? null, (expected.get((d.type as string) ?? null) ?? 0) + 1);
  assert.deepEqual(new Map(env.result.rows.map((row) => [row.type, row.count])), expected);
  const untimed = docs.filter((d) => !hasTime(d)).length;
  assert.ok(untimed > 0, 'the generator makes custom logs without time');
  assert.equal(env.stats.scanned, docs.length + 2);
  assert.equal(env.stats.skipped, 2, 'only the malformed lines are skipped; untimed logs are kept');
  assert.equal(env.stats.matched, docs.length);
  const malformed = env.warnings.filter((w) => w.code === 'malformed_json');
  assert.deepEqual(malformed.map((w) => [w.file, w.lines, w.count]), [['logs/a.ndjson', [3, 10], 2]]);
  assert.equal(env.warnings.filter((w) => w.code === 'missing_time').reduce((s, w) => s + w.count, 0), untimed);
  assert.match(r.stderr, /warning \[malformed_json\].*logs\/a\.ndjson, lines 3, 10/);
});

test('a time range excludes events without a time; sorting by time puts them last', async () => {
  const from = Math.min(...docs.filter(hasTime).map((d) => (d.clientTime ?? d.startTime) as number));
  const r = await distill(['query', '--source', 'logs', '--from', String(from), '--format', 'ndjson', '--quiet', '--fields', 'logType']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trimEnd().split('\n').length, docs.filter(hasTime).length);
  const sorted = await distill(['query', '--source', 'logs', '--sort', 'time', '--format', 'ndjson', '--quiet', '--fields', 'logType']);
  const times = sorted.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { time?: number }).time);
  const firstMissing = times.indexOf(undefined);
  assert.equal(firstMissing, docs.filter(hasTime).length);
  assert.ok(times.slice(firstMissing).every((t) => t === undefined));
});

test('query with conditions, a glob and CSV output: one line per matching event', async () => {
  const r = await distill(['query', '--source', 'logs/*.ndjson*', '--where', 'type=click', '--where', 'details.clicks>=1', '--fields', 'details.clicks', '--format', 'csv', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  // The whole body, from the independent reference: a.ndjson then b.ndjson.gz (sorted paths), ids by position.
  const ids = [...docs.slice(0, parts.a).map((_, i) => `logs/a.ndjson#${i + 1}`), ...docs.slice(parts.a, parts.a + parts.b).map((_, i) => `logs/b.ndjson.gz#${i + 1}`)];
  const where = { all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'details.clicks', op: 'gte', value: 1 }] };
  const kept = docs.slice(0, parts.a + parts.b).map((d, i) => useraleEvent(d, ids[i]!)).filter((e) => matches(where, e, Date.now()));
  assert.ok(kept.length > 10);
  const body = kept.map((e) => [e.id, e.time, e.end, e.user, e.session, e.type, e.target, e.path, e.page, e.kind, (e.doc.details as { clicks?: unknown }).clicks].map(cell).join(','));
  assert.equal(r.stdout, ['id,time,end,user,session,type,target,path,page,kind,details.clicks', ...body].map((l) => `${l}\n`).join(''));
  assert.equal(r.stderr, '', '--quiet keeps stderr empty');
});

test('strict mode fails on the first malformed line with exit code 5 and file:line', async () => {
  const r = await distill(['count-by', '--by', 'type', '--source', 'logs/a.ndjson', '--strict']);
  assert.equal(r.code, 5);
  assert.match(r.stderr, /error \[malformed_input\]: logs\/a\.ndjson:3: /);
  assert.equal(r.stdout, '', 'no partial JSON on stdout');
  const out = await distill(['count-by', '--by', 'type', '--source', 'logs/a.ndjson', '--strict', '--out', 'strict/out.json']);
  assert.equal(out.code, 5);
  assert.deepEqual(await readdir(path.join(dir, 'strict')), [], 'a failed run leaves no result file behind');
});

test('a pipeline file with --out writes NDJSON to the file; the source directory is untouched', async () => {
  const before = (await readdir(path.join(dir, 'logs'), { recursive: true })).sort();
  await writeFile(
    path.join(dir, 'users.json'),
    JSON.stringify({ source: 'logs', query: { where: { field: 'user', op: 'exists' } }, steps: [{ op: 'count-by', by: 'user', sort: 'key' }], output: { format: 'ndjson' } }),
  );
  const r = await distill(['run', 'users.json', '--out', 'out/users.ndjson', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.deepEqual(await readdir(path.join(dir, 'out')), ['users.ndjson'], 'parent created, no temporary file left');
  const lines = (await readFile(path.join(dir, 'out', 'users.ndjson'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { user: string; count: number });
  const expected = new Map<string, number>();
  for (const d of docs.filter((x) => typeof x.userId === 'string' && x.userId !== '')) expected.set(d.userId as string, (expected.get(d.userId as string) ?? 0) + 1);
  assert.deepEqual(new Map(lines.map((l) => [l.user, l.count])), expected);
  assert.deepEqual(lines.map((l) => l.user), [...expected.keys()].sort());
  assert.deepEqual((await readdir(path.join(dir, 'logs'), { recursive: true })).sort(), before);
});

test('bad input: invalid query with its path (exit 2), unknown command, unknown source (exit 3)', async () => {
  const q = await distill(['query', '--source', 'logs', '--query', '{"where":{"field":"type","op":"eqq","value":"x"}}']);
  assert.equal(q.code, 2);
  assert.match(q.stderr, /error \[invalid_pipeline\]/);
  assert.match(q.stderr, /query\.where\.op: Expected one of "eq"/);
  assert.doesNotMatch(q.stderr, /\n\s+at /, 'no stack trace');
  const c = await distill(['frobnicate']);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /unknown command "frobnicate"/);
  const s = await distill(['query', '--source', 'nowhere']);
  assert.equal(s.code, 3);
  assert.match(s.stderr, /error \[source_not_found\]/);
  const f = await distill(['count-by', '--by', 'type', '--source', 'logs', '--limt', '3']);
  assert.equal(f.code, 2);
  assert.match(f.stderr, /Did you mean --limit\?/);
});

test('the bundled sample runs with no config: named pipeline, sources, fields, validate, version', async () => {
  const run = await distill(['run', 'event-types', '--format', 'csv', '--quiet'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^type,count,share\n/);
  const sources = JSON.parse((await distill(['sources'])).stdout) as { defaultSource: string; sources: { id: string; kind: string }[] };
  assert.equal(sources.defaultSource, 'sample');
  assert.deepEqual(sources.sources.map((s) => [s.id, s.kind]), [['sample', 'files']]);
  const fields = JSON.parse((await distill(['fields', '--sample', '200'])).stdout) as { fields: { field: string; roles: string[] }[] };
  assert.deepEqual(fields.fields.find((f) => f.field === 'clientTime')?.roles, ['time']);
  const valid = await distill(['validate']);
  assert.equal(valid.code, 0, valid.stderr);
  assert.equal((JSON.parse(valid.stdout) as { valid: boolean }).valid, true);
  const version = await distill(['version']);
  assert.equal(version.stdout, 'distill 0.2.0\n');
});

test('a second schema by config alone: generic ISO-timestamped events', async () => {
  await writeFile(path.join(dir, 'generic.jsonl'), ['{"ts":"2024-05-01T10:00:00Z","actor":"u1","action":"open","object":"r1"}', '{"ts":"2024-05-01T10:00:05Z","actor":"u1","action":"close","object":"r1"}', '{"ts":"2024-05-01T11:00:00+01:00","actor":"u2","action":"open","object":"r2"}'].join('\n'));
  await writeFile(
    path.join(dir, 'generic.config.json'),
    JSON.stringify({
      sources: { audit: { kind: 'files', paths: 'generic.jsonl', schema: 'audit' } },
      schemas: { audit: { time: { field: 'ts', format: 'iso' }, user: 'actor', type: 'action', target: 'object' } },
    }),
  );
  const r = await distill(['query', '--config', 'generic.config.json', '--sort', 'time', '--fields', 'ts', '--format', 'ndjson']);
  assert.equal(r.code, 0, r.stderr);
  const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { time: number; user: string; type: string });
  assert.deepEqual(events.map((e) => [e.time, e.user, e.type]), [
    [Date.UTC(2024, 4, 1, 10), 'u1', 'open'],
    [Date.UTC(2024, 4, 1, 10), 'u2', 'open'],
    [Date.UTC(2024, 4, 1, 10, 0, 5), 'u1', 'close'],
  ]);
});

test('a plugin from the user directory becomes a command, a pipeline step and an entry in `ops`', async () => {
  const home = path.join(dir, 'plugin-home');
  await mkdir(path.join(home, 'plugins'), { recursive: true });
  await writeFile(
    path.join(home, 'plugins', 'only-type.mjs'),
    `export default ({ z, defineOperator, helpers }) => defineOperator({
      name: 'only-type', summary: 'Keep one event type.', description: 'Keeps events of the given type.',
      params: z.strictObject({ type: z.string() }), accepts: ['events'], produces: () => 'events',
      run: (input, params) => ({ kind: 'events', batches: helpers.filterBatches(input.batches, (e) => e.type === params.type) }),
    });`,
  );
  const env = { DISTILL_HOME: home };
  const ops = await distill(['ops'], { env });
  assert.match(ops.stdout, new RegExp(`only-type\\s+Keep one event type\\.\\s+\\[${path.join(home, 'plugins', 'only-type.mjs').replaceAll('/', '\\/')}\\]`));
  const run = await distill(['only-type', '--type', 'click', '--source', 'logs', '--format', 'ndjson', '--quiet'], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.trimEnd().split('\n').length, docs.filter((d) => d.type === 'click').length);
  const bad = await distill(['only-type', '--source', 'logs'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /steps\[0\]\.type: Required/);
});
