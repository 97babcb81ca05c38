import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { runPipeline, runPipelineOutputs } from '../../../../src/core/pipeline/run-pipeline.js';
import { createRegistry } from '../../../../src/core/operators/builtin.js';
import { resolveMapping } from '../../../../src/core/schema/resolve-mapping.js';
import { createFileSource } from '../../../../src/sources/files/file-source.js';
import type { EventSource } from '../../../../src/core/source.js';
import { USERALE_MAPPING } from '../../../../src/core/schema/presets/userale.js';

/**
 * Whole pipelines give byte-identical envelopes (modulo `tookMs`) whether the file source parses whole documents,
 * scans only the needed fields on this thread, or scans them with worker threads over pieces cut finely enough
 * that every piece boundary lands somewhere interesting — for every named pipeline of the shipped configuration
 * and for seeded random pipelines, over the bundled sample with bad lines, untimed and non-object documents,
 * line arrays, CRLF and a pretty-printed tail mixed in.
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
let dir = '';
const mapping = resolveMapping('userale');

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-scan-'));
  const sample = (await readFile(path.join(ROOT, 'dist-config/sample/userale-sample.ndjson'), 'utf8')).split('\n');
  const lines: string[] = [];
  sample.forEach((line, i) => {
    lines.push(i % 7 === 3 ? `${line}\r` : line);
    if (i % 211 === 17) lines.push('{"type":"click","oops"');
    if (i % 307 === 40) lines.push('{"type":"custom-note","logType":"custom","details":{"clicks":3}}');
    if (i % 401 === 9) lines.push('[{"type":"in-array","clientTime":1709545000000,"details":{"clicks":1}}, 5, {"type":"in-array-2"}]');
    if (i % 503 === 2) lines.push('"a string"', '', '   ');
  });
  await writeFile(path.join(dir, 'mixed.ndjson'), `\ufeff${lines.join('\n')}`);
  await writeFile(path.join(dir, 'mixed.ndjson.gz'), gzipSync(`\ufeff${lines.join('\n')}`));
  const docs = sample.slice(0, 400).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  await writeFile(path.join(dir, 'array.json'), `${JSON.stringify(docs, null, 2).slice(0, -40)}`);
  await mkdir(path.join(dir, 'many'));
  for (let f = 0; f < 7; f++) {
    const part = lines.slice(f * 300, f * 300 + 300 + f * 7).join('\n');
    const name = path.join(dir, 'many', `part-${f}.ndjson${f === 2 ? '.gz' : ''}`);
    await writeFile(name, f === 2 ? gzipSync(part) : f === 4 ? `${part}\n{\n"type": "pretty-in-part"\n}\n` : part);
  }
  await writeFile(path.join(dir, 'many', 'part-3b.json'), JSON.stringify(sample.slice(50, 80).filter((l) => l !== '').map((l) => JSON.parse(l) as unknown)));
  await writeFile(path.join(dir, 'tail.ndjson'), `${sample.slice(0, 300).join('\n')}\n[\n  {"type": "pretty", "clientTime": 1709545000001},\n  {"type": "pretty2"}\n]\n`);
});
after(() => rm(dir, { recursive: true, force: true }));

type Mode = 'whole' | 'scan-1' | 'scan-3';

/** Reads that went through the scanner (the runner asked for fields, not whole documents, or pushed a count-by). */
let scanned = 0;
/** Count-bys counted while reading (the file source's pushdown). */
let pushed = 0;

function source(file: string, mode: Mode, useMapping = mapping): EventSource {
  const files = createFileSource({
    id: 'files',
    paths: [file],
    baseDir: dir,
    mapping: useMapping,
    threads: mode === 'scan-3' ? 3 : 1,
    parallel: { minBytes: 0, pieceBytes: 20_000 },
  });
  // The runner computes `needs` from the plan (core/pipeline/required-fields.ts); whole = the same read without it,
  // and without the count-by pushdown (events read and counted in memory).
  const { pushdown: _pushdown, ...rest } = files;
  if (mode === 'whole') return { ...rest, read: ({ needs: _n, ...request }, context) => files.read(request, context) };
  return {
    ...rest,
    read: (request, context) => {
      if (request.needs !== undefined) scanned++;
      return files.read(request, context);
    },
    pushdown: (request, context) => {
      const frame = files.pushdown?.(request, context);
      if (frame !== undefined) {
        scanned++;
        pushed++;
      }
      return frame;
    },
  };
}

async function envelope(pipeline: Record<string, unknown>, file: string, mode: Mode, useMapping = mapping): Promise<string> {
  const options = { registry: createRegistry(), defaultSource: 'files', now: Date.UTC(2024, 3, 1), resolveSource: () => source(file, mode, useMapping) };
  const input = { ...pipeline, source: 'files' };
  const env = pipeline.outputs === undefined ? await runPipeline(input, options) : await runPipelineOutputs(input, options);
  return JSON.stringify({ ...env, stats: { ...env.stats, tookMs: 0 } });
}

async function sameEverywhere(pipeline: Record<string, unknown>, file: string, expectScan = true, useMapping = mapping): Promise<string> {
  const before = scanned;
  const whole = await envelope(pipeline, file, 'whole', useMapping);
  assert.equal(await envelope(pipeline, file, 'scan-1', useMapping), whole, `scan, 1 thread: ${JSON.stringify(pipeline)}`);
  assert.equal(await envelope(pipeline, file, 'scan-3', useMapping), whole, `scan, 3 threads: ${JSON.stringify(pipeline)}`);
  if (expectScan) assert.equal(scanned - before, 2, `the runner asked for fields: ${JSON.stringify(pipeline)}`);
  return whole;
}

test('every named pipeline of the shipped configuration, over NDJSON, gzip and a truncated JSON array: identical envelopes, whole / scan / scan on 3 threads', async () => {
  const config = JSON.parse(await readFile(path.join(ROOT, 'dist-config/distill.config.json'), 'utf8')) as { pipelines: Record<string, Record<string, unknown>> };
  const names = Object.keys(config.pipelines);
  assert.ok(names.length >= 6);
  for (const name of names) {
    const { description: _d, ...pipeline } = config.pipelines[name]!;
    const out = JSON.parse(await sameEverywhere(pipeline, 'mixed.ndjson')) as { warnings: { code: string }[]; stats: { skipped: number } };
    const codes = out.warnings.map((w) => w.code);
    for (const code of ['malformed_json', 'missing_time', 'not_an_object']) assert.ok(codes.includes(code), `${name}: ${code}`);
    await sameEverywhere(pipeline, 'mixed.ndjson.gz');
    const truncated = JSON.parse(await sameEverywhere(pipeline, 'array.json')) as { warnings: { code: string }[] };
    assert.ok(truncated.warnings.some((w) => w.code === 'truncated_json'), name);
  }
});

test('a directory of many files (plain, gzip, a JSON array, one turning pretty-printed) read by one worker pool: identical envelopes', async () => {
  const pushedBefore = pushed;
  for (const pipeline of [{ steps: [{ op: 'count-by', by: ['type', 'kind'], sort: 'key' }] }, { query: { fields: ['type', 'doc.details.clicks'], limit: 2500 } }]) {
    const out = await sameEverywhere(pipeline, 'many');
    assert.match(out, /many\/part-6\.ndjson|"count"/);
  }
  // The count-by by type and kind was counted while reading (1 and 3 threads).
  assert.equal(pushed - pushedBefore, 2);
  const ids = JSON.parse(await sameEverywhere({ query: { fields: ['type'] } }, 'many')) as { result: { events: { id: string }[] } };
  assert.deepEqual([...new Set(ids.result.events.map((e) => e.id.split('#')[0]))], [
    'many/part-0.ndjson',
    'many/part-1.ndjson',
    'many/part-2.ndjson.gz',
    'many/part-3.ndjson',
    'many/part-3b.json',
    'many/part-4.ndjson',
    'many/part-5.ndjson',
    'many/part-6.ndjson',
  ]);
});

test('a file whose NDJSON turns into a pretty-printed array: identical envelopes', async () => {
  const out = await sameEverywhere({ query: { fields: ['type', 'doc.clientTime'] } }, 'tail.ndjson');
  assert.match(out, /"pretty2"/);
});

const FIELDS = ['type', 'user', 'session', 'target', 'page', 'kind', 'doc.details.clicks', 'doc.pageTitle', 'doc.browser.browser', 'doc.location.x', 'doc.details.value', 'doc.path.0', 'doc.nope'];
const pipelineArb = fc.record({
  where: fc.option(
    fc.oneof(
      fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constant('exists') }),
      fc.record({ field: fc.constantFrom('type', 'kind'), op: fc.constant('eq'), value: fc.constantFrom('click', 'raw', 'custom-note', 'in-array', 'focus') }),
      fc.record({ field: fc.constant('doc.details.clicks'), op: fc.constant('gte'), value: fc.integer({ min: 0, max: 3 }) }),
    ),
    { nil: undefined },
  ),
  shape: fc.constantFrom('count-by', 'count-by-2', 'events', 'project', 'sorted-events'),
  by: fc.constantFrom(...FIELDS),
  by2: fc.constantFrom(...FIELDS),
  limit: fc.integer({ min: 1, max: 40 }),
});

test('seeded random pipelines: identical envelopes, whole / scan / scan on 3 threads', async () => {
  await fc.assert(
    fc.asyncProperty(pipelineArb, async ({ where, shape, by, by2, limit }) => {
      const query: Record<string, unknown> = where === undefined ? {} : { where };
      let pipeline: Record<string, unknown>;
      if (shape === 'count-by') pipeline = { query, steps: [{ op: 'count-by', by, sort: 'key' }] };
      else if (shape === 'count-by-2') pipeline = { query, steps: [{ op: 'count-by', by: [by, by2], limit }] };
      else if (shape === 'events') pipeline = { query: { ...query, fields: [by, by2], limit } };
      else if (shape === 'project') pipeline = { query: { ...query, fields: [by] }, steps: [{ op: 'project', fields: [by, by2] }, { op: 'limit', n: limit }] };
      else pipeline = { query: { ...query, fields: [by2], sort: [`-${by}`, 'time'], limit } };
      await sameEverywhere(pipeline, 'mixed.ndjson');
    }),
    { numRuns: 12, seed: 31 },
  );
});

test('count-by counted while reading (the pushdown): identical envelopes for every string role, several roles, missing skip, share, limit, requireTime and times held as text', async () => {
  // Times as text (ISO, numeric, blank) and missing, mixed into the sample: workers hand those documents over.
  const sample = (await readFile(path.join(dir, 'mixed.ndjson'), 'utf8')).split('\n');
  const texts = ['"2024-03-04T10:00:00Z"', '"1709545000000"', '"  "', '"not a time"', 'null', 'true'];
  const lines = sample.map((line, i) => (i % 5 === 1 ? line.replace(/"clientTime":[0-9.]+/, `"clientTime":${texts[i % texts.length]!}`) : line));
  await writeFile(path.join(dir, 'text-times.ndjson'), lines.join('\n'));
  const strictTime = resolveMapping({ ...USERALE_MAPPING, requireTime: true });
  const before = pushed;
  const pipelines = [
    { steps: [{ op: 'count-by', by: 'user', missing: 'skip' }] },
    { steps: [{ op: 'count-by', by: ['session', 'page'], share: true, limit: 5 }] },
    { steps: [{ op: 'count-by', by: 'kind', sort: 'key' }, { op: 'limit', n: 2 }] },
    { steps: [{ op: 'count-by', by: ['type', 'target', 'user'], missing: 'skip', sort: 'key' }] },
  ];
  for (const pipeline of pipelines) {
    for (const file of ['mixed.ndjson', 'text-times.ndjson']) {
      const out = JSON.parse(await sameEverywhere(pipeline, file)) as { warnings: { code: string; count: number }[]; stats: { skipped: number } };
      assert.ok(out.warnings.some((w) => w.code === 'missing_time'));
      const strict = JSON.parse(await sameEverywhere(pipeline, file, true, strictTime)) as { stats: { skipped: number } };
      assert.ok(strict.stats.skipped > out.stats.skipped, 'requireTime skips the untimed documents');
    }
  }
  assert.equal(pushed - before, pipelines.length * 2 * 2 * 2);
  // Not pushed: a query condition, a document field, explode, a strict run — read as events (and still identical).
  for (const pipeline of [
    { query: { where: { field: 'type', op: 'eq', value: 'click' } }, steps: [{ op: 'count-by', by: 'user' }] },
    { steps: [{ op: 'count-by', by: 'doc.pageTitle' }] },
    { steps: [{ op: 'count-by', by: 'path', explode: true }] },
  ]) {
    const at = pushed;
    await sameEverywhere(pipeline, 'text-times.ndjson');
    assert.equal(pushed, at, JSON.stringify(pipeline));
  }
});

test('conditions the workers apply (eq and in on string roles, in all lists): identical envelopes — ids, statistics and warnings of the documents they drop included — with text and missing times and requireTime', async () => {
  const sample = (await readFile(path.join(dir, 'mixed.ndjson'), 'utf8')).split('\n');
  const texts = ['"2024-03-04T10:00:00Z"', '"1709545000000"', 'null', 'true'];
  // Every 5th line's time as text or no time, every 9th line's session in the older `sessionID`.
  const lines = sample.map((line, i) => {
    let out = i % 5 === 1 ? line.replace(/"clientTime":[0-9.]+/, `"clientTime":${texts[i % texts.length]!}`) : line;
    if (i % 9 === 4) out = out.replace('"sessionId"', '"sessionID"');
    return out;
  });
  await writeFile(path.join(dir, 'drop.ndjson'), lines.join('\n'));
  const strictTime = resolveMapping({ ...USERALE_MAPPING, requireTime: true });
  const dfg = {
    query: { where: { field: 'kind', op: 'eq', value: 'raw' } },
    outputs: {
      edges: [{ op: 'transition-graph', partition: 'session', label: 'target', metrics: [] }],
      clicks: [{ op: 'filter', where: { field: 'type', op: 'eq', value: 'click' } }, { op: 'count-by', by: 'user', missing: 'skip' }],
    },
  };
  const pipelines = [
    dfg,
    { query: { where: { field: 'type', op: 'in', value: ['click', 'focus', 'nope'] }, fields: ['type', 'session', 'doc.clientTime'] } },
    { query: { where: { all: [{ field: 'kind', op: 'in', value: ['raw', 'custom'] }, { field: 'type', op: 'ne', value: 'click' }] }, fields: ['type', 'kind'], limit: 300 } },
    { query: { where: { all: [{ field: 'kind', op: 'eq', value: 'raw' }, { any: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'doc.details.clicks', op: 'gte', value: 1 }] }] } }, steps: [{ op: 'sessionize', gap: '5m' }, { op: 'count-by', by: 'session', limit: 20 }] },
    { query: { where: { field: 'session', op: 'in', value: [] } }, steps: [{ op: 'count-by', by: 'type' }] },
  ];
  for (const pipeline of pipelines) {
    for (const file of ['mixed.ndjson', 'drop.ndjson']) {
      const out = JSON.parse(await sameEverywhere(pipeline, file)) as { warnings: { code: string }[]; stats: { scanned: number; matched: number } };
      assert.ok(out.warnings.some((w) => w.code === 'missing_time'), JSON.stringify(pipeline));
      assert.ok(out.stats.matched < out.stats.scanned, 'the condition rejects documents');
      await sameEverywhere(pipeline, file, true, strictTime);
    }
  }
  // The ids of the events kept count the dropped documents: the same ids as whole documents give.
  const ids = JSON.parse(await sameEverywhere({ query: { where: { field: 'type', op: 'eq', value: 'click' }, fields: ['type'] } }, 'drop.ndjson')) as { result: { events: { id: string }[] } };
  assert.ok(ids.result.events.length > 10);
});
