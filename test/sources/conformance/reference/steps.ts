/**
 * The reference's pipeline steps: one evaluator per operator in a table, so a new operator is one entry. An
 * evaluator takes the whole input frame (plain arrays, no batches, no streaming) and returns the output frame.
 * No import from src/ but types.
 */
import type { CanonicalEvent } from '../../../../src/core/event.js';
import { matches, type Node } from './conditions.js';
import { compareKeys, docPath, fieldOf, mondayOffset, sortKey, stableSort } from './naive.js';
import { ANALYTICS_STEPS } from './analytics.js';
import { SEQUENCE_STEPS } from './sequences.js';

export type Row = Record<string, unknown>;
export type RefFrame =
  | { readonly kind: 'events'; readonly events: readonly CanonicalEvent[] }
  | { readonly kind: 'table'; readonly rows: readonly Row[] }
  | { readonly kind: 'graph'; readonly nodes: readonly Row[]; readonly edges: readonly Row[]; readonly attributes: Readonly<Row> };

export interface StepContext {
  readonly now: number;
  /** Count a warning occurrence under its code. */
  readonly warn: (code: string, count?: number) => void;
}

export type StepEvaluator = (input: RefFrame, params: Record<string, unknown>, ctx: StepContext) => RefFrame;

export interface SortKeySpec {
  readonly field: string;
  readonly desc: boolean;
}

/** `"-f"` / `"+f"` / `"f"` / `{ field, order }`, one or a list. */
export function sortKeys(by: unknown): SortKeySpec[] {
  const list = Array.isArray(by) ? by : [by];
  return list.map((k) => {
    if (typeof k === 'string') return k.startsWith('-') ? { field: k.slice(1), desc: true } : { field: k.replace(/^\+/, ''), desc: false };
    const o = k as { field: string; order?: string };
    return { field: o.field, desc: o.order === 'desc' };
  });
}

export function sortEvents(events: readonly CanonicalEvent[], keys: readonly SortKeySpec[]): CanonicalEvent[] {
  return stableSort(events, (a, b) => {
    for (const k of keys) {
      const c = compareKeys(sortKey(fieldOf(a, k.field), k.desc), sortKey(fieldOf(b, k.field), k.desc), k.desc);
      if (c !== 0) return c;
    }
    return 0;
  });
}

function list(by: unknown): string[] {
  return by === undefined ? [] : typeof by === 'string' ? [by] : (by as string[]);
}

function read(record: CanonicalEvent | Row, field: string, kind: RefFrame['kind']): unknown {
  if (kind === 'events') return fieldOf(record as CanonicalEvent, field);
  const row = record as Row;
  return row[field] ?? docPath(row, field);
}

/** A group value: null for missing (undefined, null, empty array); anything else as it is. */
function groupValue(v: unknown): unknown {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) ? null : v;
}

/** Identity of a group key: types kept apart (5 and "5" differ), arrays and objects by content. */
function identity(values: readonly unknown[]): string {
  return JSON.stringify(values.map((v) => [v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v, v]));
}

interface Group {
  values: unknown[];
  count: number;
}

function compareGroups(a: Group, b: Group, offset: number, n: number): number {
  for (let i = offset; i < offset + n; i++) {
    const c = compareKeys(sortKey(a.values[i], false), sortKey(b.values[i], false), false);
    if (c !== 0) return c;
  }
  return 0;
}

function countBy(input: RefFrame, params: Record<string, unknown>): RefFrame {
  if (input.kind === 'graph') throw new Error('reference: count-by takes events or tables');
  const by = list(params.by);
  const explode = params.explode === true;
  const skip = params.missing === 'skip';
  const groups: Group[] = [];
  const records: readonly (CanonicalEvent | Row)[] = input.kind === 'events' ? input.events : input.rows;
  for (const record of records) {
    // Each field's options: exploded arrays give each distinct element; a missing value gives null (or nothing).
    let combos: unknown[][] = [[]];
    for (const f of by) {
      const raw = groupValue(read(record, f, input.kind));
      let options: unknown[] = explode && Array.isArray(raw) ? [...new Set(raw.filter((x) => x !== null && x !== undefined))] : [raw];
      if (options.length === 0) options = [null];
      if (skip) options = options.filter((o) => o !== null);
      combos = combos.flatMap((c) => options.map((o) => [...c, o]));
    }
    for (const values of combos) {
      const g = groups.find((x) => identity(x.values) === identity(values));
      if (g === undefined) groups.push({ values, count: 1 });
      else g.count++;
    }
  }
  const total = groups.reduce((n, g) => n + g.count, 0);
  const sorted = stableSort(groups, params.sort === 'key' ? (a, b) => compareGroups(a, b, 0, by.length) : (a, b) => b.count - a.count || compareGroups(a, b, 0, by.length));
  const kept = params.limit === undefined ? sorted : sorted.slice(0, params.limit as number);
  return {
    kind: 'table',
    rows: kept.map((g) => {
      const row: Row = {};
      by.forEach((f, i) => (row[f] = g.values[i]));
      row.count = g.count;
      if (params.share === true) row.share = g.count / total;
      return row;
    }),
  };
}

const WIDTH: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The start of the bucket holding t: fixed widths from the epoch, calendar units in UTC (weeks from Monday). */
export function bucketStart(t: number, interval: string): number {
  const fixed = /^(\d+)(ms|s|m|h|d)$/.exec(interval);
  if (fixed !== null) {
    const w = Number(fixed[1]) * WIDTH[fixed[2]!]!;
    return t - (((t % w) + w) % w);
  }
  const d = new Date(Math.floor(t));
  const y = d.getUTCFullYear();
  switch (interval) {
    case '1w': {
      const midnight = Date.UTC(y, d.getUTCMonth(), d.getUTCDate());
      return midnight - mondayOffset(midnight) * 86_400_000;
    }
    case '1M':
      return Date.UTC(y, d.getUTCMonth(), 1);
    case '1q':
      return Date.UTC(y, d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
    case '1y':
      return Date.UTC(y, 0, 1);
    default:
      throw new Error(`reference: interval ${interval}`);
  }
}

function countOverTime(input: RefFrame, params: Record<string, unknown>, ctx: StepContext): RefFrame {
  if (input.kind !== 'events') throw new Error('reference: count-over-time takes events');
  const field = (params.field as string | undefined) ?? 'time';
  const by = list(params.by);
  const skip = params.missing === 'skip';
  const groups: Group[] = [];
  for (const e of input.events) {
    const t = fieldOf(e, field) as number | undefined;
    if (t === undefined) {
      ctx.warn('untimed_excluded');
      continue;
    }
    const values = [bucketStart(t, params.interval as string), ...by.map((f) => groupValue(fieldOf(e, f)))];
    if (skip && values.includes(null)) continue;
    const g = groups.find((x) => identity(x.values) === identity(values));
    if (g === undefined) groups.push({ values, count: 1 });
    else g.count++;
  }
  const sorted = stableSort(groups, (a, b) => (a.values[0] as number) - (b.values[0] as number) || compareGroups(a, b, 1, by.length));
  return {
    kind: 'table',
    rows: sorted.map((g) => {
      const row: Row = { [field]: g.values[0] };
      by.forEach((f, i) => (row[f] = g.values[i + 1]));
      row.count = g.count;
      return row;
    }),
  };
}

/** Operators (pipeline `op`) → evaluators. */
export const STEPS: Record<string, StepEvaluator> = {
  filter: (input, params, ctx) => {
    if (input.kind === 'events') return { kind: 'events', events: input.events.filter((e) => matches(params.where as Node, e, ctx.now)) };
    throw new Error('reference: filter on tables is not modelled yet');
  },
  sort: (input, params) => {
    if (input.kind !== 'events') throw new Error('reference: sort on tables is not modelled yet');
    return { kind: 'events', events: sortEvents(input.events, sortKeys(params.by)) };
  },
  limit: (input, params) => {
    if (input.kind === 'graph') throw new Error('reference: limit takes events or tables');
    return input.kind === 'events' ? { kind: 'events', events: input.events.slice(0, params.n as number) } : { kind: 'table', rows: input.rows.slice(0, params.n as number) };
  },
  project: (input, params) => {
    if (input.kind === 'graph') throw new Error('reference: project takes events or tables');
    const specs = (params.fields as (string | { field: string; as: string })[]).map((f) => (typeof f === 'string' ? { field: f, as: f } : f));
    const records: readonly (CanonicalEvent | Row)[] = input.kind === 'events' ? input.events : input.rows;
    return {
      kind: 'table',
      rows: records.map((r) => Object.fromEntries(specs.map((s) => [s.as, read(r, s.field, input.kind) ?? null]))),
    };
  },
  'count-by': (input, params) => countBy(input, params),
  'count-over-time': countOverTime,
  ...SEQUENCE_STEPS,
  ...ANALYTICS_STEPS,
};
