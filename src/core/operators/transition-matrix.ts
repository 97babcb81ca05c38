import { markovRows, transitionGraph } from '../analytics/transition-graph.js';
import type { Column } from '../frame.js';
import { defineOperator } from '../pipeline/operator.js';
import { fromArray } from '../stream.js';
import { labelledSequences } from './analytics-params.js';
import { directlyFollowsOf, TransitionGraphParams } from './transition-graph.js';

const Params = TransitionGraphParams.omit({ metrics: true });

const COLUMNS: Column[] = [
  { name: 'from', type: 'string', description: 'Source label.' },
  { name: 'to', type: 'string', description: 'Next label.' },
  { name: 'count', type: 'integer', description: 'Times `to` directly followed `from`.' },
  { name: 'probability', type: 'number', description: 'count / transitions leaving `from` (row-normalised).' },
];

/**
 * `transition-matrix`: the Markov transition matrix of `transition-graph` as a table (long form), for modelling.
 */
export const transitionMatrixOperator = defineOperator({
  name: 'transition-matrix',
  summary: 'Markov transition matrix (row-normalised directly-follows probabilities) as a table.',
  description:
    'The same counting as `transition-graph` (same parameters except metrics), returned as rows `from`, `to`, ' +
    '`count`, `probability` sorted by from then to (code-point order): the long form of ' +
    '`pd.crosstab(from, to, normalize="index")` without zero cells. Every `from` row sums to 1 before pruning. ' +
    'Cost: O(events); memory O(labels + edges).',
  params: Params,
  ...labelledSequences,
  produces: () => 'table',
  examples: [
    {
      description: 'Page-to-page transition probabilities within sessions (repeats collapsed)',
      params: { label: 'page', selfLoops: 'collapse' },
      output: [
        { from: 'https://shop.example/home', to: 'https://shop.example/search', count: 1, probability: 1 },
        { from: 'https://shop.example/product', to: 'https://shop.example/cart', count: 1, probability: 1 },
      ],
    },
    {
      // types: s1 click focus change; s2 click scroll focus click; s3 change click submit
      description: 'Event types with start and end states (an absorbing Markov chain)',
      params: { label: 'type', startEnd: true },
      output: [
        { from: '[start]', to: 'change', count: 1, probability: 1 / 3 },
        { from: '[start]', to: 'click', count: 2, probability: 2 / 3 },
        { from: 'change', to: '[end]', count: 1, probability: 0.5 },
        { from: 'change', to: 'click', count: 1, probability: 0.5 },
        { from: 'click', to: '[end]', count: 1, probability: 0.25 },
        { from: 'click', to: 'focus', count: 1, probability: 0.25 },
        { from: 'click', to: 'scroll', count: 1, probability: 0.25 },
        { from: 'click', to: 'submit', count: 1, probability: 0.25 },
        { from: 'focus', to: 'change', count: 1, probability: 0.5 },
        { from: 'focus', to: 'click', count: 1, probability: 0.5 },
        { from: 'scroll', to: 'focus', count: 1, probability: 1 },
        { from: 'submit', to: '[end]', count: 1, probability: 1 },
      ],
    },
  ],
  run(input, params) {
    if (input.kind !== 'events') throw new Error('unreachable: transition-matrix accepts events');
    return {
      kind: 'table',
      columns: COLUMNS,
      batches: (async function* () {
        const graph = transitionGraph(await directlyFollowsOf(input.batches, params), { minCount: params.minCount, topK: params.topK });
        yield* fromArray(markovRows(graph) as unknown as Record<string, unknown>[]);
      })(),
    };
  },
});
