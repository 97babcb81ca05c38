/**
 * Seeded random pipelines mixing a query, event-shaping sequence steps and a final sequence or analytics step, for
 * the conformance suites: every source must give the independent reference's answer on each. The generator is a
 * seeded Mulberry32, so a failing pipeline reproduces by its name (`random #<n>`), which the test prints whole.
 */

const RAW = { field: 'kind', op: 'eq', value: 'raw' };
const CLICK = { all: [{ field: 'type', op: 'eq', value: 'click' }, RAW] };
const type = (value: string): Record<string, unknown> => ({ field: 'type', op: 'eq', value });

type Pick = <T>(items: readonly T[]) => T;
type Maker = (pick: Pick) => Record<string, unknown>;

const QUERIES: readonly Record<string, unknown>[] = [
  {},
  { where: RAW },
  { time: { from: '2024-03-06' } },
  { where: { field: 'type', op: 'in', value: ['click', 'focus', 'blur', 'mouseover', 'input', 'change'] } },
  { where: { field: 'kind', op: 'ne', value: 'interval' }, time: { from: 'now-6d/d', to: 'now-1d' } },
];

const PARTITIONS: readonly unknown[] = ['session', 'user', ['user', 'session']];
const LABELS = ['target', 'page', 'type', '{type}:{target}', 'path'];
const SELF_LOOPS = ['keep', 'drop', 'collapse'];

/** Steps that take events and give events. */
const EVENT_STEPS: readonly Maker[] = [
  (pick) => ({ op: 'filter', where: pick([RAW, { field: 'user', op: 'exists' }, { not: type('mouseover') }]) }),
  () => ({ op: 'stitch-users' }),
  (pick) => ({ op: 'sessionize', by: pick(['both', 'gap', 'field']), gap: pick(['1m', '5m', '30m']), ...pick([{}, { per: 'domain' }]) }),
  (pick) => ({ op: 'collapse-repeats', fields: pick([['type', 'target'], 'page', 'type']), ...pick([{}, { within: '3s' }]), partitionBy: pick(['session', 'user']) }),
  (pick) => ({ op: 'drop-dangling', start: type('focus'), end: type('blur'), match: pick([[], 'target']), action: pick(['drop', 'report']) }),
  (pick) => ({ op: 'neighbours', where: CLICK, neighbour: type(pick(['mousedown', 'mouseup', 'focus'])), direction: pick(['before', 'after', 'either']), ...pick([{ within: '1s' }, { count: 2 }, { within: 800, count: 4 }]), keep: pick(['present', 'absent']) }),
  () => ({ op: 'rewrite', rules: [{ op: 'url' }, { op: 'regex', field: 'route', pattern: '/(?<section>[a-z]+)' }] }),
  (pick) => ({ op: 'sample', ...pick([{ n: 5 }, { fraction: 0.5 }]), ...pick([{}, { every: '30m' }]), seed: pick([1, 2, 3]) }),
];

/** Steps that end a pipeline: sequence tables and every analytics operator. */
const FINAL_STEPS: readonly Maker[] = [
  (pick) => ({ op: 'count-by', by: pick(['type', ['user', 'type'], 'session']) }),
  (pick) => ({ op: 'intervals', from: pick(['pairs', 'both']), start: type('mousedown'), end: type('mouseup'), match: pick([[], 'target']) }),
  (pick) => ({ op: 'sandwich', start: type('focus'), end: type(pick(['blur', 'change'])), countBy: pick(['type', 'target']) }),
  (pick) => ({ op: 'resample', every: pick(['15m', '1h']), fill: pick([true, false]), aggregates: [{ name: 'targets', op: 'distinct', field: 'target' }] }),
  (pick) => ({
    op: 'segment',
    segments: [
      pick([
        { mode: 'fixed', size: '10m', align: 'clock' },
        { mode: 'idle', limit: '1m' },
        { mode: 'anchored', where: CLICK, after: '20s', overlap: 'merge' },
        { mode: 'collapsing', where: type('mouseover') },
      ]),
    ],
    closed: pick(['left', 'both']),
  }),
  (pick) => ({ op: 'stats', partition: pick(PARTITIONS), measure: pick(['events', 'duration', 'gap']), level: pick(['partition', 'value', 'between']), of: pick(['mean', 'median', 'max']) }),
  (pick) => ({ op: 'path-probabilities', partition: pick(PARTITIONS), label: pick(LABELS), perPartition: pick([true, false]) }),
  (pick) => ({ op: 'transition-graph', partition: pick(PARTITIONS), label: pick(LABELS), selfLoops: pick(SELF_LOOPS), startEnd: pick([true, false]), metrics: ['degree'], ...pick([{}, { topK: 15 }, { minCount: 2 }]) }),
  (pick) => ({ op: 'transition-matrix', partition: pick(PARTITIONS), label: pick(LABELS), selfLoops: pick(SELF_LOOPS), startEnd: pick([true, false]) }),
  (pick) => ({ op: 'sankey', partition: pick(PARTITIONS), label: pick(LABELS), steps: pick([3, 6]), end: pick([true, false]) }),
  (pick) => ({ op: 'funnel', partition: pick(PARTITIONS), mode: pick(['strict', 'ordered', 'any-order']), steps: [{ where: type('focus') }, { where: type(pick(['input', 'blur'])) }, { where: CLICK }], ...pick([{}, { windowMs: 60_000 }]) }),
  (pick) => ({ op: 'variants', partition: pick(PARTITIONS), label: pick(LABELS), top: pick([2, 10]) }),
  (pick) => ({ op: 'features', partition: pick(PARTITIONS), types: ['click', 'focus'] }),
  (pick) => ({ op: 'compare', partition: 'user', label: pick(LABELS) }),
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` pipelines drawn with `seed`, named `random #<n>`. */
export function randomPipelines(count: number, seed = 16): Record<string, Record<string, unknown>> {
  const rand = mulberry32(seed);
  const pick: Pick = (items) => items[Math.floor(rand() * items.length)]!;
  const out: Record<string, Record<string, unknown>> = {};
  for (let n = 1; n <= count; n++) {
    const steps: Record<string, unknown>[] = [];
    const shaping = Math.floor(rand() * 3);
    for (let i = 0; i < shaping; i++) steps.push(pick(EVENT_STEPS)(pick));
    // Every final step in turn (with random parameters); every fifth pipeline ends with events.
    if (n % 5 !== 0) steps.push(FINAL_STEPS[(n - 1 - Math.floor(n / 5)) % FINAL_STEPS.length]!(pick));
    out[`random #${n}`] = { query: pick(QUERIES), steps };
  }
  return out;
}
