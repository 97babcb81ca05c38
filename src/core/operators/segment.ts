import { z } from 'zod';
import type { Column, Row } from '../frame.js';
import { InvalidPipelineError } from '../errors.js';
import { EXAMPLE_START } from './example-data.js';
import { conditionFields } from '../pipeline/required-fields.js';
import { defineOperator } from '../pipeline/operator.js';
import { compileCondition, timeValue } from '../query/compile-predicate.js';
import { ConditionSchema, TimeBound } from '../query/query-schema.js';
import { segmentPartition, type SegmentDefinition, type SegmentPlan } from '../sequence/segment-partition.js';
import { Closed, Duration, PositiveDuration, partitionBy } from './sequence-params.js';
import { eventPartitions, keyColumns, keyRow, tableOf } from './sequence-frames.js';

/** Segment names are `<label><n>`; a label not ending in a digit keeps every name unique. */
const Label = z.string().regex(/^(?:[A-Za-z0-9_.:-]*[A-Za-z_.:-])?$/, 'Letters, digits and _ . : - only, not ending in a digit (names are <label><n>).');

const Explicit = z.strictObject({
  mode: z.literal('explicit'),
  label: Label.default('window'),
  windows: z
    .array(z.strictObject({ name: z.string().min(1).optional(), start: TimeBound, end: TimeBound }))
    .min(1)
    .describe('Windows as epoch ms, ISO 8601 or date math; unnamed windows are `<label><n>`.'),
});
const Anchored = z.strictObject({
  mode: z.literal('anchored'),
  label: Label.default('anchor'),
  where: ConditionSchema.describe('Events anchoring a window (query language: exact operators, no substring surprises).'),
  before: Duration.default(0).describe('Window start: this long before the anchor.'),
  after: Duration.default(0).describe('Window end: this long after the anchor.'),
  overlap: z.enum(['clip', 'merge', 'keep']).default('clip').describe('`clip` (Flagon): an anchor inside the previous window opens none and windows never overlap; `merge`: overlapping windows join; `keep`: every anchor its own window.'),
});
const Fixed = z.strictObject({
  mode: z.literal('fixed'),
  label: Label.default('fixed'),
  size: PositiveDuration.describe('Window width.'),
  align: z.enum(['first', 'clock']).default('first').describe('Start at the first event, or at multiples of `size` since the epoch (UTC).'),
  trim: z.boolean().default(false).describe('Keep only complete windows (inside [first, last event time]).'),
  keepEmpty: z.boolean().default(true).describe('List windows without events between non-empty ones.'),
  maxWindows: z.number().int().positive().default(1_000_000),
});
const Idle = z.strictObject({
  mode: z.literal('idle'),
  label: Label.default('idle'),
  limit: Duration.describe('A gap between consecutive events strictly longer than this is idle ("deadspace").'),
  before: Duration.default(0),
  after: Duration.default(0),
});
const Collapsing = z.strictObject({
  mode: z.literal('collapsing'),
  label: Label.default('run'),
  where: ConditionSchema.describe('Runs of consecutive events matching this become one segment each.'),
});

export const SegmentParams = z.strictObject({
  segments: z.array(z.discriminatedUnion('mode', [Explicit, Anchored, Fixed, Idle, Collapsing])).min(1).describe('How to cut each partition; several definitions add up.'),
  closed: Closed,
  combine: z
    .array(
      z.strictObject({
        op: z.enum(['union', 'intersection', 'difference']),
        name: z.string().min(1),
        left: z.string().min(1).describe('A segment name, or a definition label (all its segments, united).'),
        right: z.string().min(1),
      }),
    )
    .default([])
    .describe('Set operations on segments, in order (each may use earlier results).'),
  keepOperands: z.boolean().default(true).describe('With `combine`: also list the segments the operations read.'),
  minCount: z.number().int().nonnegative().optional(),
  maxCount: z.number().int().nonnegative().optional(),
  from: TimeBound.optional().describe('Keep segments starting at or after this time.'),
  to: TimeBound.optional().describe('Keep segments ending at or before this time.'),
  kinds: z.array(z.enum(['explicit', 'anchored', 'fixed', 'idle', 'collapsing', 'union', 'intersection', 'difference'])).optional(),
  partitionBy: partitionBy(['session']),
});
export type SegmentParams = z.output<typeof SegmentParams>;

/** The columns of a segment table. */
export function segmentColumns(by: readonly string[]): Column[] {
  return [
    ...keyColumns(by),
    { name: 'name', type: 'string', description: 'Unique within the partition: `<label><n>` or the set operation’s name.' },
    { name: 'kind', type: 'string' },
    { name: 'start', type: 'time' },
    { name: 'end', type: 'time' },
    { name: 'duration', type: 'number', description: 'end − start in ms.' },
    { name: 'count', type: 'integer' },
    { name: 'eventIds', type: 'json', description: 'Ids of the events in the segment, in time order.' },
  ];
}

/**
 * `segment`: Flagon Distill's segmentation toolkit on ordered partitions — one table row per segment.
 * Cost: O(n) per partition plus O(log n + k) per window; memory: one partition and its segments.
 */
export const segmentOperator = defineOperator({
  name: 'segment',
  summary: 'Cut each partition into named segments: explicit, anchored, fixed, idle-gap and collapsing windows, with set logic and filters.',
  description:
    'Per partition (`partitionBy`, default the session) in time order, builds segments — name, kind, start, end, duration, event count ' +
    'and the events’ ids — from one or more definitions: `explicit` windows; `anchored` windows [t − before, t + after) around events ' +
    'matching a query condition, with an overlap policy (`clip` as Flagon, `merge`, `keep`); `fixed` windows of one size anchored at ' +
    'the first event or aligned to the clock, optionally trimmed to complete windows; `idle` gaps (deadspace) strictly longer than a ' +
    'limit, [last event before − before, first event after + after); `collapsing` runs of consecutive matching events (the run defines ' +
    'membership; start/end are its first and last times). Windows are half-open [start, end) by default (`closed: both` for Flagon’s ' +
    'inclusive windows), so fixed windows partition the events; untimed events are in no segment. `combine` applies union (events of ' +
    'either, span min start–max end), intersection (events of both, the true overlap span, null when none) and difference (A’s events ' +
    'not in B, A’s span) in order. Filters by count, time and kind apply last. Export as JSON, NDJSON or CSV (event ids as a JSON ' +
    'column). Cost: O(n) per partition plus O(log n + k) per window; memory: one partition.',
  params: SegmentParams,
  accepts: ['events'],
  produces: () => 'table',
  examples: [
    {
      description: '10-second windows from each click, Flagon-style clipping (a click inside a window opens none)',
      params: { segments: [{ mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, after: '10s' }] },
      output: [
        { session: 's1', name: 'anchor0', kind: 'anchored', start: EXAMPLE_START, end: EXAMPLE_START + 10_000, duration: 10_000, count: 3, eventIds: ['ex#1', 'ex#2', 'ex#3'] },
        { session: 's2', name: 'anchor0', kind: 'anchored', start: EXAMPLE_START + 3000, end: EXAMPLE_START + 13_000, duration: 10_000, count: 4, eventIds: ['ex#4', 'ex#5', 'ex#6', 'ex#7'] },
        { session: 's3', name: 'anchor0', kind: 'anchored', start: EXAMPLE_START + 8000, end: EXAMPLE_START + 18_000, duration: 10_000, count: 2, eventIds: ['ex#9', 'ex#10'] },
      ],
    },
    {
      description: 'One-minute windows aligned to the clock, keeping windows with 4+ events',
      params: { segments: [{ mode: 'fixed', size: '1m', align: 'clock' }], minCount: 4 },
      output: [{ session: 's2', name: 'fixed0', kind: 'fixed', start: EXAMPLE_START, end: EXAMPLE_START + 60_000, duration: 60_000, count: 4, eventIds: ['ex#4', 'ex#5', 'ex#6', 'ex#7'] }],
    },
    { description: 'Idle gaps (deadspace) longer than 5 minutes within each session: none here', params: { segments: [{ mode: 'idle', limit: '5m' }] }, output: [] },
    {
      description: 'Click windows without their scroll runs (set difference)',
      params: {
        segments: [
          { mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, after: '10s', label: 'click' },
          { mode: 'collapsing', where: { field: 'type', op: 'in', value: ['scroll', 'wheel'] }, label: 'scroll' },
        ],
        combine: [{ op: 'difference', name: 'calm', left: 'click', right: 'scroll' }],
        keepOperands: false,
      },
      output: [
        { session: 's1', name: 'calm', kind: 'difference', start: EXAMPLE_START, end: EXAMPLE_START + 10_000, duration: 10_000, count: 3, eventIds: ['ex#1', 'ex#2', 'ex#3'] },
        { session: 's2', name: 'calm', kind: 'difference', start: EXAMPLE_START + 3000, end: EXAMPLE_START + 13_000, duration: 10_000, count: 3, eventIds: ['ex#4', 'ex#6', 'ex#7'] },
        { session: 's3', name: 'calm', kind: 'difference', start: EXAMPLE_START + 8000, end: EXAMPLE_START + 18_000, duration: 10_000, count: 2, eventIds: ['ex#9', 'ex#10'] },
      ],
    },
  ],
  fields: (params) => params.segments.flatMap((d) => (d.mode === 'anchored' || d.mode === 'collapsing' ? conditionFields(d.where) : [])),
  partition: (params) => ({ by: params.partitionBy }),
  run(input, params, context) {
    const by = params.partitionBy;
    const columns = segmentColumns(by);
    const plan = segmentPlan(params, context.now);
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    return tableOf(
      columns,
      (async function* () {
        for await (const p of eventPartitions(upstream, by)) {
          const key = keyRow(by, p.key);
          const rows = segmentPartition(p.events, plan).map(
            (s): Row => ({ ...key, name: s.name, kind: s.kind, start: s.start, end: s.end, duration: s.start === null || s.end === null ? null : s.end - s.start, count: s.count, eventIds: s.eventIds }),
          );
          if (rows.length > 0) yield rows;
        }
      })(),
    );
  },
});

/** Normalise params into a plan: conditions compiled, times resolved, labels checked unique. */
export function segmentPlan(params: SegmentParams, now: number): SegmentPlan {
  const closed = params.closed;
  const labels = new Set<string>();
  const definitions = params.segments.map((d, i): SegmentDefinition => {
    if (labels.has(d.label)) {
      throw new InvalidPipelineError(`Two segment definitions share the label ${JSON.stringify(d.label)}: give each its own label.`, {
        issues: [{ code: 'duplicate_label', path: ['segments', i, 'label'], message: `Label ${JSON.stringify(d.label)} is used twice.` }],
      });
    }
    labels.add(d.label);
    const path = ['segments', i];
    switch (d.mode) {
      case 'explicit':
        return {
          mode: 'explicit',
          label: d.label,
          closed,
          windows: d.windows.map((w, k) => ({
            name: w.name ?? `${d.label}${k}`,
            start: timeValue(w.start, [...path, 'windows', k, 'start'], { now }),
            end: timeValue(w.end, [...path, 'windows', k, 'end'], { now }),
          })),
        };
      case 'anchored':
        if (closed === 'left' && d.before + d.after === 0) {
          throw new InvalidPipelineError('An anchored window of zero length holds nothing when windows are half-open: set `after` (or `before`), or `closed: both`.', {
            issues: [{ code: 'empty_window', path: [...path, 'after'], message: 'before + after is 0 with half-open windows.' }],
          });
        }
        return { mode: 'anchored', label: d.label, anchor: compileCondition(d.where, { now }, [...path, 'where']), before: d.before, after: d.after, overlap: d.overlap, closed };
      case 'fixed':
        return { mode: 'fixed', label: d.label, size: d.size, align: d.align, trim: d.trim, keepEmpty: d.keepEmpty, closed, maxWindows: d.maxWindows };
      case 'idle':
        return { mode: 'idle', label: d.label, limit: d.limit, before: d.before, after: d.after, closed };
      case 'collapsing':
        return { mode: 'collapsing', label: d.label, match: compileCondition(d.where, { now }, [...path, 'where']) };
    }
  });
  checkNames(params, labels);
  return {
    definitions,
    operations: params.combine,
    keepOperands: params.keepOperands,
    filter: {
      minCount: params.minCount,
      maxCount: params.maxCount,
      from: params.from === undefined ? undefined : timeValue(params.from, ['from'], { now }),
      to: params.to === undefined ? undefined : timeValue(params.to, ['to'], { now }),
      kinds: params.kinds,
    },
  };
}

/** Names given by hand (explicit windows, set operations) must be unique and never look like `<label><n>` of a definition. */
function checkNames(params: SegmentParams, labels: ReadonlySet<string>): void {
  const seen = new Set<string>();
  const given: { name: string; path: (string | number)[] }[] = [];
  params.segments.forEach((d, i) => {
    if (d.mode === 'explicit') d.windows.forEach((w, k) => w.name !== undefined && given.push({ name: w.name, path: ['segments', i, 'windows', k, 'name'] }));
  });
  params.combine.forEach((c, i) => given.push({ name: c.name, path: ['combine', i, 'name'] }));
  for (const { name, path } of given) {
    const generated = [...labels].some((l) => name.startsWith(l) && /^\d+$/.test(name.slice(l.length)));
    if (seen.has(name) || generated) {
      throw new InvalidPipelineError(`Segment name ${JSON.stringify(name)} is not unique: choose a name that is not used twice and is not <label><n>.`, {
        issues: [{ code: 'duplicate_segment_name', path, message: `${JSON.stringify(name)} clashes with another segment name.` }],
      });
    }
    seen.add(name);
  }
}
