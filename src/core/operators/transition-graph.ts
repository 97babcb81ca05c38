import { z } from 'zod';
import { addPartition, type DirectlyFollows } from '../analytics/directly-follows.js';
import { affordableMetrics, assignGraphMetrics, NODE_METRICS, PATH_METRICS_MAX_NODES } from '../analytics/graph-metrics.js';
import { transitionGraph } from '../analytics/transition-graph.js';
import { partitions } from '../partition.js';
import { defineOperator } from '../pipeline/operator.js';
import { eventLabel, labelledSequences, LabelParam, partitionFields, PartitionParam, SelfLoopsParam } from './analytics-params.js';

export const TransitionGraphParams = z.strictObject({
  partition: PartitionParam,
  label: LabelParam('target'),
  selfLoops: SelfLoopsParam('keep'),
  startEnd: z.boolean().default(false).describe('Add `[start]` and `[end]` nodes: edges into each sequence’s first step and out of its last.'),
  minCount: z.number().int().min(1).optional().describe('Keep only edges seen at least this many times (probabilities stay those of the full data).'),
  topK: z.number().int().min(1).optional().describe('Keep only the k most frequent edges (ties by source, then target).'),
  metrics: z.array(z.enum(NODE_METRICS)).default([...NODE_METRICS]).describe('Node metrics to compute (all by default; `[]` for none).'),
  pathMetricsMaxNodes: z
    .number()
    .int()
    .min(0)
    .default(PATH_METRICS_MAX_NODES)
    .describe(
      `Betweenness and closeness cost O(nodes × edges) (one search per node): on a graph with more nodes than this (after pruning) they are skipped — null, with a \`metrics_skipped\` warning — so a run never waits minutes. Default ${PATH_METRICS_MAX_NODES} (~3 s); raise it to compute them anyway (10,000 nodes: minutes).`,
    ),
});
export type TransitionGraphParams = z.output<typeof TransitionGraphParams>;

/** Build the directly-follows relation of a partitioned event stream. Shared by transition-graph and transition-matrix. */
export async function directlyFollowsOf(
  batches: Parameters<typeof partitions>[0],
  params: Pick<TransitionGraphParams, 'partition' | 'label' | 'selfLoops' | 'startEnd'>,
): Promise<DirectlyFollows> {
  const dfg: DirectlyFollows = { nodes: new Map(), edges: new Map(), partitions: 0 };
  const options = { label: eventLabel(params.label), selfLoops: params.selfLoops, startEnd: params.startEnd };
  for await (const p of partitions(batches, partitionFields(params.partition))) addPartition(dfg, p, options);
  return dfg;
}

/**
 * `transition-graph`: the directly-follows graph of labelled steps within partitions (sessions by default), with
 * counts, distinct partitions, Markov probabilities, time between steps and node metrics, as the graph kind.
 */
export const transitionGraphOperator = defineOperator({
  name: 'transition-graph',
  summary: 'Directly-follows (transition) graph of steps within sessions, with probabilities, times and centralities.',
  description:
    'Nodes are labels (`label`: a field such as target, page, type, a derived attribute, or a template like ' +
    '`{type}:{target}`) with `count` (steps) and `partitions` (distinct partitions). An edge a→b counts how often b ' +
    'directly followed a in the same partition (session by default) — pm4py `discover_dfg` and Flagon Distill ' +
    '`pairwiseSeq` + `createDiGraph` compute the same counts — with `partitions`, `probability` (count divided by all ' +
    'transitions leaving a: the row-normalised Markov matrix of the unpruned data) and `time_mean`, `time_median`, ' +
    '`time_p90` in ms (linear quantiles, as pandas). Self-loops: keep, drop or collapse repeats. `minCount`/`topK` ' +
    'prune edges (and nodes left without edges) after probabilities are computed. Node metrics follow networkx ' +
    'defaults: `in_degree`/`out_degree` (distinct edges), `in_weight`/`out_weight` (sum of counts), `betweenness` ' +
    '(unweighted hops, normalised 1/((n−1)(n−2))), `closeness` (incoming distances, Wasserman–Faust), `pagerank` ' +
    '(α 0.85, weighted by count), `eigenvector` (in-edges, weighted, L2-normalised; null unless the graph is strongly ' +
    'connected); graph attributes `density`, `strongly_connected`, `partitions`. Cost: O(events) to count, memory ' +
    'O(labels + edges); betweenness and closeness O(nodes × edges), so above `pathMetricsMaxNodes` nodes (default ' +
    `${PATH_METRICS_MAX_NODES}) they are null and a \`metrics_skipped\` warning says so — prune with \`minCount\`/\`topK\` or raise the cap.`,
  params: TransitionGraphParams,
  ...labelledSequences,
  produces: () => 'graph',
  examples: [
    {
      // s1: buy → q → q; s2: nav → window → q → buy; s3: select → buy → form (one event per second)
      description: 'Journeys between targets within sessions, with degrees',
      params: { label: 'target', metrics: ['degree'] },
      output: {
        nodes: [
          { key: 'button#buy', label: 'button#buy', count: 3, partitions: 3, in_degree: 2, out_degree: 2, in_weight: 2, out_weight: 2 },
          { key: 'input#q', label: 'input#q', count: 3, partitions: 2, in_degree: 3, out_degree: 2, in_weight: 3, out_weight: 2 },
          { key: 'a#nav', label: 'a#nav', count: 1, partitions: 1, in_degree: 0, out_degree: 1, in_weight: 0, out_weight: 1 },
          { key: 'window', label: 'window', count: 1, partitions: 1, in_degree: 1, out_degree: 1, in_weight: 1, out_weight: 1 },
          { key: 'select#size', label: 'select#size', count: 1, partitions: 1, in_degree: 0, out_degree: 1, in_weight: 0, out_weight: 1 },
          { key: 'form#checkout', label: 'form#checkout', count: 1, partitions: 1, in_degree: 1, out_degree: 0, in_weight: 1, out_weight: 0 },
        ],
        edges: [
          ['button#buy', 'input#q', 0.5],
          ['input#q', 'input#q', 0.5],
          ['a#nav', 'window', 1],
          ['window', 'input#q', 1],
          ['input#q', 'button#buy', 0.5],
          ['select#size', 'button#buy', 1],
          ['button#buy', 'form#checkout', 0.5],
        ].map(([source, target, probability]) => ({ source, target, count: 1, partitions: 1, probability, time_mean: 1000, time_median: 1000, time_p90: 1000 })),
      },
    },
    {
      // pages per user, repeats collapsed: alice [home]; bob [home, search]; carol [product, cart]
      description: 'Page flow per user with start and end nodes, counts only',
      params: { label: 'page', partition: 'user', startEnd: true, selfLoops: 'collapse', topK: 50, metrics: [] },
      output: {
        nodes: [
          { key: '[start]', label: '[start]', count: 3, partitions: 3 },
          { key: 'https://shop.example/home', label: 'https://shop.example/home', count: 2, partitions: 2 },
          { key: '[end]', label: '[end]', count: 3, partitions: 3 },
          { key: 'https://shop.example/search', label: 'https://shop.example/search', count: 1, partitions: 1 },
          { key: 'https://shop.example/product', label: 'https://shop.example/product', count: 1, partitions: 1 },
          { key: 'https://shop.example/cart', label: 'https://shop.example/cart', count: 1, partitions: 1 },
        ],
        edges: [
          { source: '[start]', target: 'https://shop.example/home', count: 2, partitions: 2, probability: 2 / 3, time_mean: null, time_median: null, time_p90: null },
          { source: 'https://shop.example/home', target: '[end]', count: 1, partitions: 1, probability: 0.5, time_mean: null, time_median: null, time_p90: null },
          // bob's last /home event is at 4 s, /search starts at 5 s
          { source: 'https://shop.example/home', target: 'https://shop.example/search', count: 1, partitions: 1, probability: 0.5, time_mean: 1000, time_median: 1000, time_p90: 1000 },
          { source: 'https://shop.example/search', target: '[end]', count: 1, partitions: 1, probability: 1, time_mean: null, time_median: null, time_p90: null },
          { source: '[start]', target: 'https://shop.example/product', count: 1, partitions: 1, probability: 1 / 3, time_mean: null, time_median: null, time_p90: null },
          { source: 'https://shop.example/product', target: 'https://shop.example/cart', count: 1, partitions: 1, probability: 1, time_mean: 1000, time_median: 1000, time_p90: 1000 },
          { source: 'https://shop.example/cart', target: '[end]', count: 1, partitions: 1, probability: 1, time_mean: null, time_median: null, time_p90: null },
        ],
      },
    },
  ],
  run(input, params, context) {
    if (input.kind !== 'events') throw new Error('unreachable: transition-graph accepts events');
    return {
      kind: 'graph',
      batches: (async function* () {
        const graph = transitionGraph(await directlyFollowsOf(input.batches, params), { minCount: params.minCount, topK: params.topK });
        const { run, skipped } = affordableMetrics(params.metrics, graph.order, params.pathMetricsMaxNodes);
        assignGraphMetrics(graph, 'count', run);
        if (skipped.length > 0) {
          graph.forEachNode((node) => graph.mergeNodeAttributes(node, Object.fromEntries(skipped.map((m) => [m, null]))));
          context.warnings.add({
            code: 'metrics_skipped',
            message:
              `The graph has ${graph.order} nodes, more than pathMetricsMaxNodes (${params.pathMetricsMaxNodes}): ${skipped.join(' and ')} ` +
              '(O(nodes × edges)) were not computed and are null. Prune with minCount or topK, or raise pathMetricsMaxNodes.',
          });
        }
        yield [graph];
      })(),
    };
  },
});
