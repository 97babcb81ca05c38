import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeOutput } from '../../../src/core/output/write-output.js';
import { csvCell } from '../../../src/core/output/csv-cell.js';
import { startPipeline } from '../../../src/core/pipeline/run-pipeline.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import type { EventSource } from '../../../src/core/source.js';
import { ev, batches } from '../../helpers/events.js';
import { DistillError } from '../../../src/core/errors.js';
import { graphFromResult } from '../../../src/core/frame-kinds.js';
import { writeDot } from '../../../src/core/graph/write-dot.js';
import { writeGraphml } from '../../../src/core/graph/write-graphml.js';
import type { OutputFormat } from '../../../src/core/pipeline/pipeline-schema.js';

type GraphResult = Parameters<typeof graphFromResult>[0] & { nodes: unknown[]; edges: unknown[] };

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

const chunks = async (it: AsyncIterable<string>): Promise<string[]> => {
  const out: string[] = [];
  for await (const c of it) out.push(c);
  return out;
};
const MULTI = { outputs: { types: [{ op: 'count-by', by: 'type', sort: 'key' }], first: [{ op: 'limit', n: 1 }] } };

test('several outputs as json: one envelope with results in the listed order', async () => {
  const raw = await text(writeOutput(run(MULTI), 'json'));
  const out = JSON.parse(raw) as { results: Record<string, { kind: string; count: number; rows?: unknown[]; events?: unknown[] }> };
  assert.deepEqual(Object.keys(out), ['distill', 'request', 'source', 'results', 'stats', 'warnings']);
  assert.deepEqual(Object.keys(out.results), ['types', 'first']);
  assert.deepEqual(out.results.types!.rows, [{ type: 'click', count: 1 }, { type: 'say "hi"', count: 1 }]);
  assert.equal(out.results.types!.kind, 'table');
  assert.equal(out.results.first!.kind, 'events');
  assert.deepEqual(out.results.first!.events, [JSON.parse(JSON.stringify(events[0]))]);
  assert.ok(raw.endsWith('}\n'));
});

test('several outputs: a record format needs an output name (invalid_argument, output_required); with one, that output alone', async () => {
  assert.throws(() => writeOutput(run(MULTI), 'ndjson'), (e: unknown) => {
    assert.ok(e instanceof DistillError);
    assert.equal(e.code, 'invalid_argument');
    assert.deepEqual(e.issues, [{ code: 'output_required', path: ['output'], message: 'One of types, first.' }]);
    assert.equal(e.message, 'This pipeline has several outputs (types, first): ndjson writes one of them — name it (--output / ?output=), or use json.');
    return true;
  });
  assert.equal(await text(writeOutput(run(MULTI), 'csv', 'types')), 'type,count\nclick,1\n"say ""hi""",1\n');
  assert.equal(await text(writeOutput(run(MULTI), 'ndjson', 'first')), `${JSON.stringify(events[0])}\n`);
});

test('an unknown output name, and a kind asked for a format it has not, are invalid_argument naming the choices', () => {
  assert.throws(() => writeOutput(run({}), 'json', 'nope'), (e: unknown) => {
    assert.ok(e instanceof DistillError);
    assert.equal(e.code, 'invalid_argument');
    assert.deepEqual(e.issues, [{ code: 'unknown_output', path: ['output'], message: 'One of result.' }]);
    assert.equal(e.message, 'No output named "nope". Outputs: result.');
    return true;
  });
  assert.throws(() => writeOutput(run(MULTI), 'json', 'nope'), (e: unknown) => e instanceof DistillError && e.issues[0]!.message === 'One of types, first.' && e.message === 'No output named "nope". Outputs: types, first.');
  for (const format of ['gexf', 'graphml', 'dot'] as const) {
    assert.throws(() => writeOutput(run({ steps: [{ op: 'count-by', by: 'type' }] }), format), (e: unknown) => {
      assert.ok(e instanceof DistillError);
      assert.equal(e.code, 'invalid_argument');
      assert.deepEqual(e.issues, [{ code: 'invalid_value', path: ['format'], message: 'One of json, ndjson, csv.' }]);
      assert.equal(e.message, `A table result cannot be written as ${format}; use json, ndjson, csv.`);
      return true;
    });
  }
  assert.throws(() => writeOutput(run({}), 'dot'), (e: unknown) => e instanceof DistillError && e.message === 'An events result cannot be written as dot; use json, ndjson, csv.');
});

test('graph files: the graph result written with the writer for its format', async () => {
  const pipeline = { steps: [{ op: 'transition-graph', label: 'type' }] };
  const result = (JSON.parse(await text(writeOutput(run(pipeline), 'json'))) as { result: GraphResult }).result;
  const graph = graphFromResult(result);
  assert.equal(graph.order, 2);
  assert.equal(await text(writeOutput(run(pipeline), 'dot')), [...writeDot(graph)].join(''));
  assert.equal(await text(writeOutput(run(pipeline), 'graphml')), [...writeGraphml(graph)].join(''));
  const nodes = (await text(writeOutput(run({ ...pipeline, output: { format: 'ndjson', records: 'nodes' } }), 'ndjson'))).trim().split('\n');
  assert.deepEqual(nodes.map((l) => JSON.parse(l)), result.nodes);
  const edges = (await text(writeOutput(run(pipeline), 'ndjson'))).trim().split('\n');
  assert.deepEqual(edges.map((l) => JSON.parse(l)), result.edges);
});

test('a source that fails at once: no chunk is written, only the error, in every format', async () => {
  const failing: EventSource = {
    ...source,
    read: () => ({
      sorted: false,
      limited: false,
      batches: (async function* () {
        yield* [];
        throw new DistillError('source_unavailable', 'gone');
      })(),
    }),
  };
  const runFailing = (pipeline: Record<string, unknown>) => startPipeline(pipeline, { registry: createRegistry(), defaultSource: 'mem', now: 0, resolveSource: () => failing });
  const cases: [Record<string, unknown>, OutputFormat][] = [
    [{}, 'json'],
    [{}, 'ndjson'],
    [{}, 'csv'],
    [{ steps: [{ op: 'transition-graph', label: 'type' }] }, 'dot'],
    [{ steps: [{ op: 'transition-graph', label: 'type' }] }, 'gexf'],
  ];
  for (const [pipeline, format] of cases) {
    const written: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const c of writeOutput(runFailing(pipeline), format)) written.push(c);
      })(),
      (e: unknown) => e instanceof DistillError && e.code === 'source_unavailable',
    );
    assert.deepEqual(written, [], `${format}: nothing written`);
  }
});

test('empty batches write no empty chunks; csv writes the header first, then a chunk per non-empty batch', async () => {
  const gappy: EventSource = {
    ...source,
    read: () => ({
      sorted: false,
      limited: false,
      batches: (async function* () {
        yield [];
        yield [events[0]!];
        yield [];
        yield [events[1]!];
        yield [];
      })(),
    }),
  };
  const runGappy = (pipeline: Record<string, unknown>) => startPipeline(pipeline, { registry: createRegistry(), defaultSource: 'mem', now: 0, resolveSource: () => gappy });
  assert.deepEqual(await chunks(writeOutput(runGappy({}), 'ndjson')), [`${JSON.stringify(events[0])}\n`, `${JSON.stringify(events[1])}\n`]);
  const csv = await chunks(writeOutput(runGappy({ query: { fields: ['note'] } }), 'csv'));
  assert.deepEqual(csv, [
    'id,time,end,user,session,type,target,path,page,kind,note\n',
    'a#1,1.5,,u1,,click,button#x.btn primary,"[""button"",""body""]",,,"has, comma"\n',
    'a#2,2,,,,"say ""hi""",,,,,"line\nbreak"\n',
  ]);
});

test('an empty result: ndjson writes nothing, csv only its header', async () => {
  const empty: EventSource = { ...source, read: () => ({ sorted: false, limited: false, batches: batches([]) }) };
  const runEmpty = (pipeline: Record<string, unknown>) => startPipeline(pipeline, { registry: createRegistry(), defaultSource: 'mem', now: 0, resolveSource: () => empty });
  assert.equal(await text(writeOutput(runEmpty({}), 'ndjson')), '');
  assert.equal(await text(writeOutput(runEmpty({ steps: [{ op: 'count-by', by: 'type' }] }), 'csv')), 'type,count\n');
});

test('a consumer that stops after the first chunk (return() on the writer) closes the source in every format', async () => {
  const many = Array.from({ length: 30 }, (_, i) => ev(`m#${i}`, i, { user: 'u', type: 'click', session: 's' }));
  const cases: [Record<string, unknown>, OutputFormat][] = [
    [{}, 'json'],
    [{}, 'ndjson'],
    [{}, 'csv'],
    [{ steps: [{ op: 'count-by', by: 'type' }] }, 'json'],
    [{ steps: [{ op: 'transition-graph', label: 'type' }] }, 'dot'],
    [{ outputs: { a: [{ op: 'limit', n: 1 }], b: [] } }, 'json'],
  ];
  for (const [pipeline, format] of cases) {
    const log: string[] = [];
    const counting: EventSource = {
      ...source,
      read: () => ({
        sorted: false,
        limited: false,
        batches: (async function* () {
          try {
            for (let i = 0; i < many.length; i += 2) {
              log.push(`batch ${i / 2}`);
              yield many.slice(i, i + 2);
            }
          } finally {
            log.push('closed');
          }
        })(),
      }),
    };
    const handle = startPipeline(pipeline, { registry: createRegistry(), defaultSource: 'mem', now: 0, resolveSource: () => counting });
    const writer = writeOutput(handle, format);
    const first = await writer.next();
    assert.equal(first.done, false, `${format} ${JSON.stringify(pipeline)}`);
    await writer.return(undefined);
    assert.equal(log.at(-1), 'closed', `${format} ${JSON.stringify(pipeline)}: ${log.join(', ')}`);
  }
});

test('a source iterator is closed once: stopping ndjson or csv early, where both the stream and the writer close it', async () => {
  for (const format of ['ndjson', 'csv'] as const) {
    const real = run({});
    let nexts = 0;
    let returns = 0;
    const counting: AsyncIterable<readonly unknown[]> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => (nexts++ < 5 ? { done: false, value: [events[0]!] } : { done: true, value: undefined }),
        return: async () => {
          returns++;
          return { done: true, value: undefined };
        },
      }),
    };
    const frame = { ...real.result, batches: counting } as typeof real.result;
    const writer = writeOutput({ ...real, outputs: { result: frame }, result: frame, recordOptions: real.recordOptions.bind(real), finish: real.finish.bind(real) }, format);
    assert.equal((await writer.next()).done, false);
    assert.equal((await writer.next()).done, false);
    await writer.return(undefined);
    assert.equal(returns, 1, format);
  }
});
