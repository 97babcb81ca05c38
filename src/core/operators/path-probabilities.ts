import { z } from 'zod';
import { labelFields } from '../analytics/label.js';
import { pathProbabilitiesAccumulator } from '../analytics/path-probabilities.js';
import type { Column } from '../frame.js';
import { defineOperator } from '../pipeline/operator.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { ConditionSchema } from '../query/query-schema.js';
import { accumulatedTable, DEFAULT_ACTION, eventCondition, eventLabel, LabelParam, partitionFields, PartitionParam, stepFields } from './analytics-params.js';

const Params = z.strictObject({
  partition: PartitionParam,
  label: LabelParam('target'),
  action: ConditionSchema.default(DEFAULT_ACTION).describe('Which events are actions; default: clicks that are not interval summaries (`type` click, `kind` not interval).'),
  perPartition: z.boolean().default(false).describe('Also emit one row per partition and label.'),
});

const COLUMNS: Column[] = [
  { name: 'partition', type: 'string', description: 'Partition id (key values joined by |); null on overall rows.' },
  { name: 'label', type: 'string' },
  { name: 'count', type: 'integer' },
  { name: 'denominator', type: 'integer', description: 'All actions in scope (overall or in the partition).' },
  { name: 'probability', type: 'number', description: 'count / denominator.' },
  { name: 'partitions', type: 'integer', description: 'Partitions acting on the label at least once (overall rows).' },
  { name: 'partition_share', type: 'number', description: 'partitions / partitions with any action.' },
];

/** `path-probabilities`: probability of an action on each target / page / path, overall and per partition. */
export const pathProbabilitiesOperator = defineOperator({
  name: 'path-probabilities',
  summary: 'Probability of an action (a click by default) on each target, page or path, with counts and denominators.',
  description:
    'Counts actions (`action`, default: clicks that are not UserALE interval summaries) per `label` and divides by ' +
    'all actions: overall rows first (partition null, descending count), then, with `perPartition`, one row per ' +
    'partition and label with the partition’s own denominator. `partitions`/`partition_share` tell how many ' +
    'partitions act on the label at least once. Labels of `path` join its elements innermost first with ` < `. ' +
    'Cost: O(events); memory O(labels), O(labels × partitions) with perPartition.',
  params: Params,
  accepts: ['events'],
  produces: () => 'table',
  partition: (params) => ({ by: partitionFields(params.partition) }),
  fields: (params) => stepFields(params.partition, labelFields(params.label), conditionFields(params.action)),
  examples: [
    {
      description: 'Click probability per target (4 clicks; every session clicks button#buy)',
      params: {},
      output: [
        { partition: null, label: 'button#buy', count: 3, denominator: 4, probability: 0.75, partitions: 3, partition_share: 1 },
        { partition: null, label: 'a#nav', count: 1, denominator: 4, probability: 0.25, partitions: 1, partition_share: 1 / 3 },
      ],
    },
    {
      description: 'Click probability per target, per user',
      params: { partition: 'user', perPartition: true },
      output: [
        { partition: null, label: 'button#buy', count: 3, denominator: 4, probability: 0.75, partitions: 3, partition_share: 1 },
        { partition: null, label: 'a#nav', count: 1, denominator: 4, probability: 0.25, partitions: 1, partition_share: 1 / 3 },
        { partition: 'alice', label: 'button#buy', count: 1, denominator: 1, probability: 1, partitions: 1, partition_share: 1 },
        { partition: 'bob', label: 'a#nav', count: 1, denominator: 2, probability: 0.5, partitions: 1, partition_share: 1 },
        { partition: 'bob', label: 'button#buy', count: 1, denominator: 2, probability: 0.5, partitions: 1, partition_share: 1 },
        { partition: 'carol', label: 'button#buy', count: 1, denominator: 1, probability: 1, partitions: 1, partition_share: 1 },
      ],
    },
  ],
  run(input, params, context) {
    return accumulatedTable(input, params.partition, COLUMNS, () => pathProbabilitiesAccumulator({ label: eventLabel(params.label), isAction: eventCondition(params.action, context.now, ['action']), perPartition: params.perPartition }));
  },
});
