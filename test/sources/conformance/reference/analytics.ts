/**
 * The reference's analytics operators (docs/analytics.md and each operator's description): stats,
 * path-probabilities, transition-graph (counts, probabilities, times, degrees, density), transition-matrix, sankey,
 * funnel, variants, features and compare. Plain loops over partitions of a sorted copy (order.ts); statistics by
 * their textbook definitions. Betweenness, closeness, PageRank and eigenvector centrality are held to networkx by
 * test/fixtures/analytics/reference.json instead. No import from src/ but types.
 */
import type { CanonicalEvent } from '../../../../src/core/event.js';
import { matches, type Node } from './conditions.js';
import { codePointOrder, fieldOf } from './naive.js';
import { keyColumns, partitionsOf, type RefPartition } from './order.js';

/** Labels, variants and ids order by code point (docs: "code-point order"), as UTF-8 bytes and Elasticsearch do. */
const textOrder = codePointOrder;
import { bucketStart, type RefFrame, type Row, type StepContext } from './steps.js';

type Params = Record<string, unknown>;

function eventsOf(input: RefFrame, op: string): readonly CanonicalEvent[] {
  if (input.kind !== 'events') throw new Error(`reference: ${op} takes events`);
  return input.events;
}

function partitionFieldsOf(params: Params): string[] {
  const p = params.partition ?? 'session';
  return typeof p === 'string' ? [p] : [...(p as string[])];
}

/** A partition's id: key values as text (missing empty), joined by `|`. */
function partitionIdOf(key: readonly unknown[]): string {
  return key.map((v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))).join('|');
}

// ── labels ─────────────────────────────────────────────────────────────────────────────────────────────────

function asText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? null : v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' < ');
  return JSON.stringify(v);
}

/** An event's label: a field's value as text, or a template with `{field}` placeholders; null when a field is missing. */
export function labelOf(e: CanonicalEvent, spec: string): string | null {
  if (!spec.includes('{')) return asText(fieldOf(e, spec));
  let out = '';
  let rest = spec;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      out += rest;
      break;
    }
    const close = rest.indexOf('}', open);
    out += rest.slice(0, open);
    const v = asText(fieldOf(e, rest.slice(open + 1, close).trim()));
    if (v === null) return null;
    out += v;
    rest = rest.slice(close + 1);
  }
  return out;
}

interface Step {
  label: string;
  time: number | undefined;
  /** The time of the last repeat folded into the step. */
  last: number | undefined;
}

/** The labelled steps of a partition: unlabelled events left out; `collapse` folds consecutive repeats. */
function stepsOf(p: RefPartition, spec: string, selfLoops: string): Step[] {
  const out: Step[] = [];
  for (const e of p.events) {
    const label = labelOf(e, spec);
    if (label === null) continue;
    const prev = out[out.length - 1];
    if (selfLoops === 'collapse' && prev !== undefined && prev.label === label) prev.last = e.time;
    else out.push({ label, time: e.time, last: e.time });
  }
  return out;
}

// ── statistics ─────────────────────────────────────────────────────────────────────────────────────────────

/** Linear-interpolation quantile of ascending numbers (pandas default). */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  if (lo + 1 >= sorted.length) return sorted[lo]!;
  return sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!);
}

function quantileName(q: number): string {
  return `p${String(Math.round(q * 100 * 1e6) / 1e6).replace('.', '_')}`;
}

function summary(values: readonly number[], quantiles: readonly number[]): Row {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const row: Row = { count: n };
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = n === 0 ? null : sum / n;
  let squares = 0;
  for (const v of sorted) squares += (v - mean!) * (v - mean!);
  const counts = new Map<number, number>();
  for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1);
  const most = Math.max(0, ...counts.values());
  Object.assign(row, {
    sum: n === 0 ? null : sum,
    mean,
    median: quantile(sorted, 0.5),
    modes: [...counts].filter(([, c]) => c === most).map(([v]) => v).sort((a, b) => a - b),
    min: n === 0 ? null : sorted[0],
    max: n === 0 ? null : sorted[n - 1],
    range: n === 0 ? null : sorted[n - 1]! - sorted[0]!,
    variance_sample: n < 2 ? null : squares / (n - 1),
    variance_population: n === 0 ? null : squares / n,
    std_sample: n < 2 ? null : Math.sqrt(squares / (n - 1)),
    std_population: n === 0 ? null : Math.sqrt(squares / n),
  });
  for (const q of quantiles) row[quantileName(q)] = quantile(sorted, q);
  return row;
}

/** Unit identity: objects and arrays by JSON, other values as they are (null and undefined one). */
function sameUnit(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (v !== null && typeof v === 'object' ? `\u0000${JSON.stringify(v)}` : (v ?? null));
  return norm(a) === norm(b);
}

/** A measure's values in one partition, per unit when a unit is given (units in first-seen order). */
function measureValues(events: readonly CanonicalEvent[], params: Params, now: number): number[] {
  const measure = (params.measure as string | undefined) ?? 'events';
  const units: { unit: unknown; events: CanonicalEvent[] }[] = [];
  if (params.unit === undefined) units.push({ unit: null, events: [] });
  for (const e of events) {
    const u = params.unit === undefined ? null : fieldOf(e, params.unit as string);
    let entry = units.find((x) => sameUnit(x.unit, u));
    if (entry === undefined) units.push((entry = { unit: u, events: [] }));
    if (params.where === undefined || matches(params.where as Node, e, now)) entry.events.push(e);
  }
  const out: number[] = [];
  for (const { events: list } of units) {
    const times = list.filter((e) => e.time !== undefined).map((e) => e.time!);
    if (measure === 'events') out.push(list.length);
    else if (measure === 'duration') {
      if (times.length > 0) out.push(times[times.length - 1]! - times[0]!);
    } else if (measure === 'gap') {
      for (let i = 1; i < times.length; i++) out.push(times[i]! - times[i - 1]!);
    } else if (measure === 'field') {
      for (const e of list) {
        const v = fieldOf(e, params.field as string);
        if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
      }
    } else {
      const seen: unknown[] = [];
      for (const e of list) {
        const v = fieldOf(e, params.field as string);
        if (v !== undefined && v !== null && !seen.some((s) => sameUnit(s, v))) seen.push(v);
      }
      out.push(seen.length);
    }
  }
  return out;
}

/** One value per partition: its only value, else reduced by `of` (count: how many; sum of none 0). */
function oneValue(values: readonly number[], of: string): number | null {
  if (values.length === 1) return values[0]!;
  if (of === 'count') return values.length;
  if (values.length === 0) return of === 'sum' ? 0 : null;
  return summary(values, [])[of] as number;
}

const stats = (input: RefFrame, params: Params, ctx: StepContext): RefFrame => {
  const by = partitionFieldsOf(params);
  const level = (params.level as string | undefined) ?? 'partition';
  const of = (params.of as string | undefined) ?? 'mean';
  const quantiles = (params.quantiles as number[] | undefined) ?? [0.25, 0.5, 0.75, 0.9];
  const interval = params.interval as string | undefined;
  // (partition, bucket) pieces in partition order, buckets ascending within a partition.
  const pieces: { key: readonly unknown[]; time?: number; events: readonly CanonicalEvent[] }[] = [];
  for (const p of partitionsOf(eventsOf(input, 'stats'), by)) {
    if (interval === undefined) {
      pieces.push({ key: p.key, events: p.events });
      continue;
    }
    const buckets = [...new Set(p.events.filter((e) => e.time !== undefined).map((e) => bucketStart(e.time!, interval)))].sort((a, b) => a - b);
    for (const time of buckets) pieces.push({ key: p.key, time, events: p.events.filter((e) => e.time !== undefined && bucketStart(e.time, interval) === time) });
  }
  const head = (x: (typeof pieces)[number]): Row => ({ ...keyColumns(by, x.key), ...(x.time === undefined ? {} : { time: x.time }) });
  if (level === 'partition') return { kind: 'table', rows: pieces.map((x) => ({ ...head(x), ...summary(measureValues(x.events, params, ctx.now), quantiles) })) };
  if (level === 'value') return { kind: 'table', rows: pieces.map((x) => ({ ...head(x), value: oneValue(measureValues(x.events, params, ctx.now), of) })) };
  const times = interval === undefined ? [undefined] : [...new Set(pieces.map((x) => x.time!))].sort((a, b) => a - b);
  return {
    kind: 'table',
    rows: times.map((time) => {
      const values = pieces
        .filter((x) => x.time === time)
        .map((x) => oneValue(measureValues(x.events, params, ctx.now), of))
        .filter((v): v is number => v !== null);
      return { ...(time === undefined ? {} : { time }), ...summary(values, quantiles) };
    }),
  };
};

// ── path-probabilities ─────────────────────────────────────────────────────────────────────────────────────

const DEFAULT_ACTION: Node = { all: [{ field: 'type', op: 'eq', value: 'click' }, { field: 'kind', op: 'ne', value: 'interval' }] };

const pathProbabilities = (input: RefFrame, params: Params, ctx: StepContext): RefFrame => {
  const spec = (params.label as string | undefined) ?? 'target';
  const action = (params.action as Node | undefined) ?? DEFAULT_ACTION;
  const perPartitions: { id: string; labels: string[] }[] = [];
  for (const p of partitionsOf(eventsOf(input, 'path-probabilities'), partitionFieldsOf(params))) {
    const labels: string[] = [];
    for (const e of p.events) {
      if (!matches(action, e, ctx.now)) continue;
      const l = labelOf(e, spec);
      if (l !== null) labels.push(l);
    }
    if (labels.length > 0) perPartitions.push({ id: partitionIdOf(p.key), labels });
  }
  const all = perPartitions.flatMap((x) => x.labels);
  const byCount = (a: Row, b: Row): number => (b.count as number) - (a.count as number) || textOrder(a.label as string, b.label as string);
  const overall: Row[] = [...new Set(all)].map((label) => {
    const count = all.filter((l) => l === label).length;
    const partitions = perPartitions.filter((x) => x.labels.includes(label)).length;
    return { partition: null, label, count, denominator: all.length, probability: count / all.length, partitions, partition_share: partitions / perPartitions.length };
  });
  const rows = overall.sort(byCount);
  if (params.perPartition === true) {
    const per: Row[] = [];
    for (const x of perPartitions) {
      for (const label of new Set(x.labels)) {
        const count = x.labels.filter((l) => l === label).length;
        per.push({ partition: x.id, label, count, denominator: x.labels.length, probability: count / x.labels.length, partitions: 1, partition_share: 1 });
      }
    }
    rows.push(...per.sort((a, b) => textOrder(a.partition as string, b.partition as string) || byCount(a, b)));
  }
  return { kind: 'table', rows };
};

// ── directly-follows: transition-graph, transition-matrix ──────────────────────────────────────────────────

interface Dfg {
  nodes: { label: string; count: number; partitions: number }[];
  edges: { source: string; target: string; count: number; partitions: number; gaps: number[] }[];
  partitions: number;
}

function directlyFollows(input: RefFrame, params: Params, op: string): Dfg {
  const spec = (params.label as string | undefined) ?? 'target';
  const selfLoops = (params.selfLoops as string | undefined) ?? 'keep';
  const dfg: Dfg = { nodes: [], edges: [], partitions: 0 };
  for (const p of partitionsOf(eventsOf(input, op), partitionFieldsOf(params))) {
    dfg.partitions++;
    const steps = stepsOf(p, spec, selfLoops);
    if (steps.length === 0) continue;
    const labels: string[] = [];
    const pairs: { source: string; target: string; gap: number | undefined }[] = [];
    if (params.startEnd === true) {
      labels.push('[start]');
      pairs.push({ source: '[start]', target: steps[0]!.label, gap: undefined });
    }
    steps.forEach((s, i) => {
      labels.push(s.label);
      if (i === 0) return;
      const prev = steps[i - 1]!;
      if (selfLoops === 'drop' && prev.label === s.label) return;
      pairs.push({ source: prev.label, target: s.label, gap: prev.last !== undefined && s.time !== undefined ? s.time - prev.last : undefined });
    });
    if (params.startEnd === true) {
      labels.push('[end]');
      pairs.push({ source: steps[steps.length - 1]!.label, target: '[end]', gap: undefined });
    }
    for (const label of labels) {
      let n = dfg.nodes.find((x) => x.label === label);
      if (n === undefined) dfg.nodes.push((n = { label, count: 0, partitions: 0 }));
      n.count++;
    }
    for (const label of new Set(labels)) dfg.nodes.find((x) => x.label === label)!.partitions++;
    for (const pr of pairs) {
      let e = dfg.edges.find((x) => x.source === pr.source && x.target === pr.target);
      if (e === undefined) dfg.edges.push((e = { source: pr.source, target: pr.target, count: 0, partitions: 0, gaps: [] }));
      e.count++;
      if (pr.gap !== undefined) e.gaps.push(pr.gap);
    }
    for (const e of dfg.edges) if (pairs.some((pr) => pr.source === e.source && pr.target === e.target)) e.partitions++;
  }
  return dfg;
}

interface RefGraph {
  nodes: Row[];
  edges: Row[];
  attributes: Row;
}

function transitionGraphOf(input: RefFrame, params: Params, op: string): RefGraph {
  const dfg = directlyFollows(input, params, op);
  const leaving = (label: string): number => dfg.edges.filter((e) => e.source === label).reduce((s, e) => s + e.count, 0);
  let edges = [...dfg.edges];
  if (params.minCount !== undefined) edges = edges.filter((e) => e.count >= (params.minCount as number));
  if (params.topK !== undefined && edges.length > (params.topK as number)) {
    edges = [...edges].sort((a, b) => b.count - a.count || textOrder(a.source, b.source) || textOrder(a.target, b.target)).slice(0, params.topK as number);
  }
  const touches = (list: typeof edges, label: string): boolean => list.some((e) => e.source === label || e.target === label);
  const nodes = dfg.nodes.filter((n) => !touches(dfg.edges, n.label) || touches(edges, n.label));
  const metrics = (params.metrics as string[] | undefined) ?? ['degree', 'betweenness', 'closeness', 'pagerank', 'eigenvector'];
  const nodeRows: Row[] = nodes.map((n) => {
    const row: Row = { key: n.label, label: n.label, count: n.count, partitions: n.partitions };
    if (metrics.includes('degree')) {
      const ins = edges.filter((e) => e.target === n.label);
      const outs = edges.filter((e) => e.source === n.label);
      Object.assign(row, { in_degree: ins.length, out_degree: outs.length, in_weight: ins.reduce((s, e) => s + e.count, 0), out_weight: outs.reduce((s, e) => s + e.count, 0) });
    }
    return row;
  });
  const edgeRows: Row[] = edges.map((e) => {
    const gaps = [...e.gaps].sort((a, b) => a - b);
    return {
      source: e.source,
      target: e.target,
      count: e.count,
      partitions: e.partitions,
      probability: e.count / leaving(e.source),
      time_mean: gaps.length === 0 ? null : gaps.reduce((s, g) => s + g, 0) / gaps.length,
      time_median: quantile(gaps, 0.5),
      time_p90: quantile(gaps, 0.9),
    };
  });
  // Strongly connected: every node reaches every other along the kept edges.
  const reach = (from: string): Set<string> => {
    const seen = new Set([from]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const e of edges) {
        if (seen.has(e.source) && !seen.has(e.target)) {
          seen.add(e.target);
          grew = true;
        }
      }
    }
    return seen;
  };
  const n = nodes.length;
  const strongly = n > 0 && nodes.every((x) => reach(x.label).size === n);
  return { nodes: nodeRows, edges: edgeRows, attributes: { partitions: dfg.partitions, density: n > 1 ? edges.length / (n * (n - 1)) : 0, strongly_connected: strongly } };
}

const transitionGraph = (input: RefFrame, params: Params): RefFrame => ({ kind: 'graph', ...transitionGraphOf(input, params, 'transition-graph') });

const transitionMatrix = (input: RefFrame, params: Params): RefFrame => {
  const g = transitionGraphOf(input, { ...params, metrics: [] }, 'transition-matrix');
  const rows = g.edges.map((e) => ({ from: e.source, to: e.target, count: e.count, probability: e.probability }));
  return { kind: 'table', rows: rows.sort((a, b) => textOrder(a.from as string, b.from as string) || textOrder(a.to as string, b.to as string)) };
};

// ── sankey, variants ───────────────────────────────────────────────────────────────────────────────────────

const sankey = (input: RefFrame, params: Params): RefFrame => {
  const spec = (params.label as string | undefined) ?? 'page';
  const selfLoops = (params.selfLoops as string | undefined) ?? 'collapse';
  const n = (params.steps as number | undefined) ?? 5;
  const links: Row[] = [];
  const add = (i: number, a: string, b: string): void => {
    const link = links.find((l) => l.source === `${i}:${a}` && l.target === `${i + 1}:${b}`);
    if (link !== undefined) (link.value as number)++;
    else links.push({ source: `${i}:${a}`, target: `${i + 1}:${b}`, source_step: i, target_step: i + 1, source_label: a, target_label: b, value: 1 });
  };
  for (const p of partitionsOf(eventsOf(input, 'sankey'), partitionFieldsOf(params))) {
    const seq = stepsOf(p, spec, selfLoops).slice(0, n).map((s) => s.label);
    for (let i = 1; i < seq.length; i++) add(i, seq[i - 1]!, seq[i]!);
    if (params.end === true && seq.length > 0 && seq.length < n) add(seq.length, seq[seq.length - 1]!, '[end]');
  }
  const rows = links.sort(
    (a, b) =>
      (a.source_step as number) - (b.source_step as number) ||
      (b.value as number) - (a.value as number) ||
      textOrder(a.source as string, b.source as string) ||
      textOrder(a.target as string, b.target as string),
  );
  return { kind: 'table', rows };
};

const variants = (input: RefFrame, params: Params): RefFrame => {
  const spec = (params.label as string | undefined) ?? 'page';
  const selfLoops = (params.selfLoops as string | undefined) ?? 'collapse';
  const top = (params.top as number | undefined) ?? 10;
  const groups: { text: string; sequence: string[]; durations: number[]; count: number }[] = [];
  let total = 0;
  for (const p of partitionsOf(eventsOf(input, 'variants'), partitionFieldsOf(params))) {
    const steps = stepsOf(p, spec, selfLoops);
    if (steps.length === 0) continue;
    total++;
    const sequence = steps.map((s) => s.label);
    const text = sequence.join(' → ');
    let g = groups.find((x) => x.text === text);
    if (g === undefined) groups.push((g = { text, sequence, durations: [], count: 0 }));
    g.count++;
    const a = steps[0]!.time;
    const b = steps[steps.length - 1]!.last;
    if (a !== undefined && b !== undefined) g.durations.push(b - a);
  }
  const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
  const sorted = groups.sort((a, b) => b.count - a.count || textOrder(a.text, b.text));
  const rows: Row[] = sorted.slice(0, top).map((g, i) => ({
    rank: i + 1,
    variant: g.text,
    sequence: g.sequence,
    length: g.sequence.length,
    count: g.count,
    share: g.count / total,
    mean_duration_ms: mean(g.durations),
    variants: 1,
  }));
  const rest = sorted.slice(top);
  if (rest.length > 0) {
    const count = rest.reduce((s, g) => s + g.count, 0);
    rows.push({ rank: null, variant: null, sequence: null, length: null, count, share: count / total, mean_duration_ms: mean(rest.flatMap((g) => g.durations)), variants: rest.length });
  }
  return { kind: 'table', rows };
};

// ── funnel ─────────────────────────────────────────────────────────────────────────────────────────────────

interface Progress {
  depth: number;
  /** ms from the run's start to reaching each reached step (null when a time is unknown). */
  times: (number | null)[];
}

/** How far one partition gets: every possible start tried, the deepest run wins, the earliest on ties. */
function progressOf(events: readonly CanonicalEvent[], steps: readonly Node[], mode: string, windowMs: number | undefined, now: number): Progress {
  const is = (e: CanonicalEvent, s: number): boolean => matches(steps[s]!, e, now);
  const inWindow = (start: CanonicalEvent, e: CanonicalEvent): boolean =>
    windowMs === undefined || (start.time !== undefined && e.time !== undefined && e.time - start.time <= windowMs);
  const since = (start: CanonicalEvent, e: CanonicalEvent): number | null => (start.time !== undefined && e.time !== undefined ? e.time - start.time : null);
  let best: Progress = { depth: 0, times: [] };
  for (let i = 0; i < events.length; i++) {
    const start = events[i]!;
    if (windowMs !== undefined && start.time === undefined) continue;
    let run: Progress;
    if (mode === 'any-order') {
      if (!steps.some((_, s) => is(start, s))) continue;
      // Each step's first matching event from the start on, inside the window.
      const first: (CanonicalEvent | undefined)[] = steps.map((_, s) => events.slice(i).find((e) => inWindow(start, e) && is(e, s)));
      let depth = 0;
      while (depth < steps.length && first[depth] !== undefined) depth++;
      const times: (number | null)[] = [];
      for (let s = 0; s < depth; s++) {
        const upTo = first.slice(0, s + 1).map((e) => since(start, e!));
        times.push(upTo.includes(null) ? null : Math.max(0, ...(upTo as number[])));
      }
      run = { depth, times };
    } else {
      if (!is(start, 0)) continue;
      run = { depth: 1, times: [0] };
      let at = i;
      while (run.depth < steps.length) {
        let next = -1;
        if (mode === 'strict') next = at + 1 < events.length && inWindow(start, events[at + 1]!) && is(events[at + 1]!, run.depth) ? at + 1 : -1;
        else for (let j = at + 1; j < events.length && next < 0; j++) if (inWindow(start, events[j]!) && is(events[j]!, run.depth)) next = j;
        if (next < 0) break;
        run.times.push(since(start, events[next]!));
        run.depth++;
        at = next;
      }
    }
    if (run.depth > best.depth) best = run;
  }
  return best;
}

const funnel = (input: RefFrame, params: Params, ctx: StepContext): RefFrame => {
  const steps = params.steps as { name?: string; where: Node }[];
  const mode = (params.mode as string | undefined) ?? 'ordered';
  const dropLimit = (params.dropLimit as number | undefined) ?? 100;
  const results: { id: string; progress: Progress }[] = [];
  for (const p of partitionsOf(eventsOf(input, 'funnel'), partitionFieldsOf(params))) {
    results.push({ id: partitionIdOf(p.key), progress: progressOf(p.events, steps.map((s) => s.where), mode, params.windowMs as number | undefined, ctx.now) });
  }
  const reached = (s: number): number => results.filter((r) => r.progress.depth > s).length;
  return {
    kind: 'table',
    rows: steps.map((step, s) => {
      const prev = s === 0 ? results.length : reached(s - 1);
      const here = reached(s);
      const times = results
        .filter((r) => r.progress.depth > s && r.progress.times[s] !== null)
        .map((r) => r.progress.times[s] as number)
        .sort((a, b) => a - b);
      return {
        step: s + 1,
        name: step.name ?? `step ${s + 1}`,
        reached: here,
        conversion_from_previous: prev === 0 ? null : here / prev,
        conversion_from_first: reached(0) === 0 ? null : here / reached(0),
        dropped: prev - here,
        drop_off: prev === 0 ? null : (prev - here) / prev,
        median_time_to_convert_ms: quantile(times, 0.5),
        dropped_ids: results
          .filter((r) => r.progress.depth === s)
          .map((r) => r.id)
          .sort(textOrder)
          .slice(0, dropLimit),
      };
    }),
  };
};

// ── features ───────────────────────────────────────────────────────────────────────────────────────────────

const FEATURE_TYPES = ['click', 'dblclick', 'input', 'change', 'submit', 'keydown', 'scroll', 'focus', 'blur', 'load'];

const features = (input: RefFrame, params: Params): RefFrame => {
  const by = partitionFieldsOf(params);
  const spec = (params.label as string | undefined) ?? 'target';
  const types = (params.types as string[] | undefined) ?? FEATURE_TYPES;
  const idleMs = (params.idleMs as number | undefined) ?? 60_000;
  const rows: Row[] = [];
  for (const p of partitionsOf(eventsOf(input, 'features'), by)) {
    const row: Row = { ...keyColumns(by, p.key), id: partitionIdOf(p.key), events: p.events.length };
    for (const t of types) row[`count_${t.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`] = p.events.filter((e) => e.type === t).length;
    const times = p.events.filter((e) => e.time !== undefined).map((e) => e.time!);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const labels = stepsOf(p, spec, 'keep').map((s) => s.label);
    const pairs = labels.slice(1).map((l, i) => `${labels[i]}\u0000${l}`);
    const distinctPairs = [...new Set(pairs)];
    let entropy = 0;
    for (const k of distinctPairs) {
      const q = pairs.filter((x) => x === k).length / pairs.length;
      entropy -= q * Math.log2(q);
    }
    const nodes = new Set(labels).size;
    Object.assign(row, {
      distinct_types: new Set(p.events.filter((e) => e.type !== undefined).map((e) => e.type)).size,
      distinct_targets: new Set(p.events.filter((e) => e.target !== undefined).map((e) => e.target)).size,
      duration_ms: times.length === 0 ? null : times[times.length - 1]! - times[0]!,
      idle_ms: times.length === 0 ? null : gaps.filter((g) => g > idleMs).reduce((s, g) => s + g, 0),
      max_gap_ms: gaps.length === 0 ? null : Math.max(...gaps),
      transition_entropy: entropy === 0 ? 0 : entropy,
      graph_nodes: nodes,
      graph_edges: distinctPairs.length,
      graph_density: nodes > 1 ? distinctPairs.length / (nodes * (nodes - 1)) : 0,
      self_loops: distinctPairs.filter((k) => k.split('\u0000')[0] === k.split('\u0000')[1]).length,
    });
    rows.push(row);
  }
  return { kind: 'table', rows };
};

// ── compare ────────────────────────────────────────────────────────────────────────────────────────────────

/** Levenshtein distance by the full dynamic-programming table. */
function levenshtein(a: readonly string[], b: readonly string[]): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([]);
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) d[i]!.push(i + j);
      else d[i]!.push(Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
  }
  return d[a.length]![b.length]!;
}

function edgesOf(seq: readonly string[]): string[] {
  return [...new Set(seq.slice(1).map((l, i) => `${seq[i]}\u0000${l}`))];
}

const compare = (input: RefFrame, params: Params): RefFrame => {
  const spec = (params.label as string | undefined) ?? 'page';
  const selfLoops = (params.selfLoops as string | undefined) ?? 'collapse';
  const ids = params.ids as string[] | undefined;
  const seqs = partitionsOf(eventsOf(input, 'compare'), partitionFieldsOf(params))
    .map((p) => ({ id: partitionIdOf(p.key), labels: stepsOf(p, spec, selfLoops).map((s) => s.label) }))
    .filter((s) => ids === undefined || ids.includes(s.id));
  if (seqs.length > ((params.maxPartitions as number | undefined) ?? 200)) throw new Error('reference: compare over too many partitions');
  const rows: Row[] = [];
  for (let i = 0; i < seqs.length; i++) {
    for (let j = i + 1; j < seqs.length; j++) {
      const a = seqs[i]!;
      const b = seqs[j]!;
      const d = levenshtein(a.labels, b.labels);
      const longer = Math.max(a.labels.length, b.labels.length);
      const ea = edgesOf(a.labels);
      const eb = edgesOf(b.labels);
      const shared = ea.filter((e) => eb.includes(e)).length;
      const union = new Set([...ea, ...eb]).size;
      rows.push({ a: a.id, b: b.id, edit_distance: d, edit_distance_normalized: longer === 0 ? 0 : d / longer, edge_jaccard: union === 0 ? 1 : shared / union });
    }
  }
  return { kind: 'table', rows };
};

/** Analytics operators (pipeline `op`) → evaluators. */
export const ANALYTICS_STEPS: Record<string, (input: RefFrame, params: Params, ctx: StepContext) => RefFrame> = {
  stats,
  'path-probabilities': pathProbabilities,
  'transition-graph': transitionGraph,
  'transition-matrix': transitionMatrix,
  sankey,
  funnel,
  variants,
  features,
  compare,
};
