import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeOutput } from '../../../src/core/output/write-output.js';
import { csvCell } from '../../../src/core/output/csv-cell.js';
import { startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import type { EventSource } from '../../../src/core/source.js';
import { ev, batches } from '../../helpers/events.js';

const events = [
  ev('a#1', 1.5, { user: 'u1', type: 'click', target: 'button#x.btn primary', path: ['button', 'body'] }, { details: { clicks: 1 }, note: 'has, comma' }),
  ev('a#2', 2, { type: 'say "hi"' }, { details: null, note: 'line\nbreak' }),
];
const source: EventSource = {
  id: 'mem',
  kind: 'memory',
  capabilities: { filter: false, sort: false, aggregate: false },
  describe: () => ({ id: 'mem', kind: 'memory', schema: 'x', capabilities: source.capabilities, details: {} }),
  read: (_r, context) => {
    context.warnings.add({ code: 'plugin_warning', message: 'A demo warning.', file: 'f', line: 3 });
    return { sorted: false, limited: false, batches: batches(events) };
  },
  fields: async () => [],
};
const run = (pipeline: Record<string, unknown>) =>
  startPipeline(pipeline, { registry: createRegistry(), defaultSource: 'mem', now: 0, resolveSource: () => source });
const text = async (it: AsyncIterable<string>) => {
  let s = '';
  for await (const c of it) s += c;
  return s;
};

test('csv cells: quoting per RFC 4180, JSON for arrays and objects, empty for null', () => {
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('x\ny'), '"x\ny"');
  assert.equal(csvCell(1.5), '1.5');
  assert.equal(csvCell(false), 'false');
  assert.equal(csvCell(['a', 'b']), '"[""a"",""b""]"');
  assert.equal(csvCell(Number.NaN), '');
});

test('json: the whole envelope, parseable, with result then stats and warnings', async () => {
  const out = JSON.parse(await text(writeOutput(run({}), 'json'))) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['distill', 'request', 'source', 'result', 'stats', 'warnings']);
  const result = out.result as { kind: string; events: unknown[]; count: number };
  assert.equal(result.kind, 'events');
  assert.equal(result.count, 2);
  assert.deepEqual(result.events, JSON.parse(JSON.stringify(events)));
  assert.deepEqual(out.warnings, [{ code: 'plugin_warning', message: 'A demo warning.', count: 1, file: 'f', lines: [3] }]);
});

test('json of an empty result is still valid', async () => {
  const out = JSON.parse(await text(writeOutput(run({ query: { limit: 0 } }), 'json'))) as { result: { events: unknown[]; count: number } };
  assert.deepEqual(out.result.events, []);
  assert.equal(out.result.count, 0);
});

test('ndjson: one record per line, nothing else', async () => {
  const lines = (await text(writeOutput(run({ steps: [{ op: 'count-by', by: 'type', sort: 'key' }] }), 'ndjson'))).split('\n');
  assert.deepEqual(lines, ['{"type":"click","count":1}', '{"type":"say \\"hi\\"","count":1}', '']);
});

test('csv of events: every role then projected document fields; arrays as JSON', async () => {
  const csv = await text(writeOutput(run({ query: { fields: ['note', 'details.clicks'] } }), 'csv'));
  assert.equal(
    csv,
    'id,time,end,user,session,type,target,path,page,kind,note,details.clicks\n' +
      'a#1,1.5,,u1,,click,button#x.btn primary,"[""button"",""body""]",,,"has, comma",1\n' +
      'a#2,2,,,,"say ""hi""",,,,,"line\nbreak",\n',
  );
});

test('csv of a table: its columns in order', async () => {
  const csv = await text(writeOutput(run({ steps: [{ op: 'count-by', by: 'user', share: true }] }), 'csv'));
  assert.equal(csv, 'user,count,share\nu1,1,0.5\n,1,0.5\n');
});
