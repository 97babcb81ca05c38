import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AbstractGraph } from 'graphology-types';
import { parsePipeline } from '../../../src/core/pipeline/parse-pipeline.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { transitionGraphOperator } from '../../../src/core/operators/transition-graph.js';
import { DistillError } from '../../../src/core/errors.js';
import { batches, ev, opContext } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf } from './run-op.js';

// Three sessions, targets by time (ms):
//   s1: a@0 b@1000 a@2000 b@4000   → a→b (1000 ms), b→a (1000 ms), a→b (2000 ms)
//   s2: a@10000 c@13000            → a→c (3000 ms)
//   s3: c@20000                    (one step, no transition)
// Nodes (first seen order): a count 3 in 2 sessions, b count 2 in 1, c count 2 in 2.
// Edges (first seen order): a→b count 2 (gaps 1000, 2000), b→a count 1, a→c count 1; a leaves 3 times, b once.
const events = [
  ev('1', 0, { session: 's1', target: 'a' }),
  ev('2', 1000, { session: 's1', target: 'b' }),
  ev('3', 2000, { session: 's1', target: 'a' }),
  ev('4', 4000, { session: 's1', target: 'b' }),
  ev('5', 10000, { session: 's2', target: 'a' }),
  ev('6', 13000, { session: 's2', target: 'c' }),
  ev('7', 20000, { session: 's3', target: 'c' }),
];

type Exported = { attributes: Record<string, unknown>; nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };

async function graphOf(params: Record<string, unknown>, context = opContext()): Promise<Exported> {
  const op = createRegistry().get('transition-graph');
  const frame = op.run({ kind: 'events', batches: batches(events) }, op.params.parse(params), context);
  const [graph] = (await rowsOf(frame)) as AbstractGraph[];
  const nodes: Record<string, unknown>[] = [];
  const edges: Record<string, unknown>[] = [];
  graph!.forEachNode((key, a) => nodes.push({ key, ...a }));
  graph!.forEachEdge((_k, a, source, target) => edges.push({ source, target, ...a }));
  return { attributes: { ...graph!.getAttributes() }, nodes, edges };
}

const times = (mean: number, median: number, p90: number) => ({ time_mean: mean, time_median: median, time_p90: p90 });
const AB = { source: 'a', target: 'b', count: 2, partitions: 1, probability: 2 / 3, ...times(1500, 1500, 1900) }; // p90: 1000 + 0.9 × 1000
const BA = { source: 'b', target: 'a', count: 1, partitions: 1, probability: 1, ...times(1000, 1000, 1000) };
const AC = { source: 'a', target: 'c', count: 1, partitions: 1, probability: 1 / 3, ...times(3000, 3000, 3000) };

test('whole graph: counts, partitions, probabilities, times and degrees weighted by count', async () => {
  assert.deepStrictEqual(await graphOf({ metrics: ['degree'] }), {
    // density: 3 edges / (3 × 2); c has no successor, so not strongly connected
    attributes: { partitions: 3, density: 0.5, strongly_connected: false },
    nodes: [
      { key: 'a', label: 'a', count: 3, partitions: 2, in_degree: 1, out_degree: 2, in_weight: 1, out_weight: 3 },
      { key: 'b', label: 'b', count: 2, partitions: 1, in_degree: 1, out_degree: 1, in_weight: 2, out_weight: 1 },
      { key: 'c', label: 'c', count: 2, partitions: 2, in_degree: 1, out_degree: 0, in_weight: 1, out_weight: 0 },
    ],
    edges: [AB, BA, AC],
  });
});

test('minCount prunes edges (and nodes left without edges); probabilities stay those of the full data', async () => {
  assert.deepStrictEqual(await graphOf({ metrics: ['degree'], minCount: 2 }), {
    attributes: { partitions: 3, density: 0.5, strongly_connected: false },
    nodes: [
      { key: 'a', label: 'a', count: 3, partitions: 2, in_degree: 0, out_degree: 1, in_weight: 0, out_weight: 2 },
      { key: 'b', label: 'b', count: 2, partitions: 1, in_degree: 1, out_degree: 0, in_weight: 2, out_weight: 0 },
    ],
    edges: [AB],
  });
});

test('topK keeps the most frequent edges, ties by source then target, in that order', async () => {
  // a→b (2) first; a→c and b→a tie at 1: source a before b
  assert.deepStrictEqual(await graphOf({ metrics: ['degree'], topK: 2 }), {
    attributes: { partitions: 3, density: 2 / 6, strongly_connected: false },
    nodes: [
      { key: 'a', label: 'a', count: 3, partitions: 2, in_degree: 0, out_degree: 2, in_weight: 0, out_weight: 3 },
      { key: 'b', label: 'b', count: 2, partitions: 1, in_degree: 1, out_degree: 0, in_weight: 2, out_weight: 0 },
      { key: 'c', label: 'c', count: 2, partitions: 2, in_degree: 1, out_degree: 0, in_weight: 1, out_weight: 0 },
    ],
    edges: [AB, AC],
  });
});

test('above pathMetricsMaxNodes: betweenness and closeness null, one metrics_skipped warning with the exact message', async () => {
  const context = opContext();
  const got = await graphOf({ metrics: ['betweenness', 'closeness'], pathMetricsMaxNodes: 2 }, context);
  assert.deepStrictEqual(got.nodes, [
    { key: 'a', label: 'a', count: 3, partitions: 2, betweenness: null, closeness: null },
    { key: 'b', label: 'b', count: 2, partitions: 1, betweenness: null, closeness: null },
    { key: 'c', label: 'c', count: 2, partitions: 2, betweenness: null, closeness: null },
  ]);
  assert.deepStrictEqual(context.warnings.toArray(), [
    {
      code: 'metrics_skipped',
      message:
        'The graph has 3 nodes, more than pathMetricsMaxNodes (2): betweenness and closeness (O(nodes × edges)) were not computed and are null. ' +
        'Prune with minCount or topK, or raise pathMetricsMaxNodes.',
      count: 1,
    },
  ]);
});

test('minCount and topK below 1 are invalid_pipeline naming the parameter; 1 is accepted', () => {
  const registry = createRegistry();
  for (const param of ['minCount', 'topK']) {
    assert.throws(
      () => parsePipeline({ steps: [{ op: 'transition-graph', [param]: 0 }] }, { registry, defaultSource: 'logs' }),
      (e: unknown) => {
        assert.ok(e instanceof DistillError);
        assert.equal(e.code, 'invalid_pipeline');
        assert.deepStrictEqual(e.issues.map((i) => [i.path.join('.'), i.message]), [[`steps.0.${param}`, 'Too small: expected number to be >=1']]);
        return true;
      },
    );
    assert.equal(parsePipeline({ steps: [{ op: 'transition-graph', [param]: 1 }] }, { registry, defaultSource: 'logs' }).steps.length, 1);
  }
});

test('run accepts only events (the runner checks accepts first): a table is a programming error', () => {
  const table = { kind: 'table' as const, columns: [], batches: batches([]) };
  assert.throws(() => transitionGraphOperator.run(table, transitionGraphOperator.params.parse({}), opContext()), {
    name: 'Error',
    message: 'unreachable: transition-graph accepts events',
  });
});

test('docs/operators.md documents transition-graph as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(transitionGraphOperator);
  assert.equal(rendered, committed);
});
