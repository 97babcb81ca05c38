import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPipelineOn } from '../../../src/library.js';
import { runDistill } from '../../helpers/run-distill.js';
import { startTestServer, type TestServer } from '../../server/helpers/test-server.js';

// The realistic pipeline on generated UserALE data, from the library, the CLI and the REST server; totals checked
// against an independent plain-Python implementation of the documented semantics (scripts/flagon/pipeline_reference.py).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STEPS = [
  { op: 'rewrite', rules: [{ op: 'url' }] },
  { op: 'stitch-users' },
  { op: 'sessionize' },
  { op: 'collapse-repeats' },
  { op: 'segment', segments: [{ mode: 'idle', limit: '1m' }] },
];

interface Totals { events: number; sessions: number; collapsed: number; segments: number; segmentEvents: number; stitch: Record<string, number> }
type SegmentRow = { session: string; name: string; count: number; eventIds: string[] };

let dir: string;
let file: string;
let reference: Totals;
let server: TestServer;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-seq-'));
  file = path.join(dir, 'generated.ndjson');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/generate-sample.ts'), '--seed', '7', '--events', '20000', '--out', file], { cwd: root, stdio: 'ignore' });
  reference = JSON.parse(execFileSync('python3', [path.join(root, 'scripts/flagon/pipeline_reference.py'), file], { encoding: 'utf8' })) as Totals;
  server = await startTestServer({ config: () => ({ sources: { generated: { kind: 'files', paths: file, schema: 'userale' } } }) });
});
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const totalsOf = (rows: SegmentRow[]) => ({ segments: rows.length, segmentEvents: rows.reduce((s, r) => s + r.count, 0) });

test('library: each stage’s totals equal the independent reference', async () => {
  assert.deepEqual(reference, {
    events: 20052,
    stitch: { stitched: 40, single: 112, anonymous: 38, conflict: 0, 'no-session': 0 },
    sessions: 203,
    collapsed: 14877,
    segments: 67,
    segmentEvents: 67,
  });
  const sessions = await runPipelineOn(file, { steps: [...STEPS.slice(0, 3), { op: 'count-by', by: 'session' }] });
  const sessionRows = (sessions.result as unknown as { rows: { count: number }[] }).rows;
  assert.equal(sessionRows.length, reference.sessions);
  assert.equal(sessionRows.reduce((s, r) => s + r.count, 0), reference.events);
  const collapsed = await runPipelineOn(file, { steps: [...STEPS.slice(0, 4), { op: 'count-by', by: 'kind' }] });
  assert.equal((collapsed.result as unknown as { rows: { count: number }[] }).rows.reduce((s, r) => s + r.count, 0), reference.collapsed);
  const stitched = await runPipelineOn(file, { steps: [STEPS[1]!, { op: 'count-by', by: 'doc.userId', missing: 'include' }] });
  assert.ok((stitched.result as unknown as { rows: unknown[] }).rows.length > 0);
  const full = await runPipelineOn(file, { steps: STEPS });
  const rows = (full.result as unknown as { rows: SegmentRow[] }).rows;
  assert.deepEqual(totalsOf(rows), { segments: reference.segments, segmentEvents: reference.segmentEvents });
});

test('CLI: the same pipeline as NDJSON gives the same segments', async () => {
  const lib = ((await runPipelineOn(file, { steps: STEPS })).result as unknown as { rows: SegmentRow[] }).rows;
  const r = await runDistill(['run', JSON.stringify({ steps: STEPS }), '--source', file, '--format', 'ndjson'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as SegmentRow);
  assert.deepEqual(totalsOf(rows), { segments: reference.segments, segmentEvents: reference.segmentEvents });
  // Event ids name the file as the face saw it (relative to the CLI's working directory, absolute in the library).
  const line = (rs: SegmentRow[]) => rs.map((x) => ({ ...x, eventIds: x.eventIds.map((id) => id.slice(id.lastIndexOf('#'))) }));
  assert.deepEqual(line(rows), line(JSON.parse(JSON.stringify(lib)) as SegmentRow[]));
});

test('REST: the same pipeline over HTTPS gives the same segments', async () => {
  const reply = await server.request('/v1/pipelines/run', { body: { source: 'generated', steps: STEPS } });
  assert.equal(reply.status, 200, reply.text);
  const rows = (reply.json().result as { rows: SegmentRow[] }).rows;
  assert.deepEqual(totalsOf(rows), { segments: reference.segments, segmentEvents: reference.segmentEvents });
  const csv = await server.request('/v1/pipelines/run?format=csv', { body: { source: 'generated', steps: STEPS } });
  assert.equal(csv.text.split('\n')[0], 'session,name,kind,start,end,duration,count,eventIds');
  assert.equal(csv.text.trim().split('\n').length, reference.segments + 1);
});
