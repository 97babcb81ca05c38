/**
 * The reference's sequence operators (docs/sequences.md, docs/operators.md and each operator's description):
 * stitch-users, sessionize, collapse-repeats, intervals, drop-dangling, neighbours, sandwich, rewrite, resample,
 * sample and segment. Each takes the whole input as an array, sorts a copy into partition order (order.ts) and walks
 * it with plain loops — quadratic where that is simpler, no indexes, no binary search. No import from src/ but types.
 */
import type { CanonicalEvent } from '../../../../src/core/event.js';
import { matches, type Node } from './conditions.js';
import { dateMath, docPath, fieldOf } from './naive.js';
import {
  durationMs,
  idComponent,
  keyColumns,
  names,
  partitionsOf,
  sameTuple,
  sameValue,
  withDerived,
  type RefPartition,
} from './order.js';
import type { RefFrame, Row, StepContext, StepEvaluator } from './steps.js';

type Params = Record<string, unknown>;

function eventsOf(input: RefFrame, op: string): readonly CanonicalEvent[] {
  if (input.kind !== 'events') throw new Error(`reference: ${op} takes events`);
  return input.events;
}

const events = (list: CanonicalEvent[]): RefFrame => ({ kind: 'events', events: list });
const table = (rows: Row[]): RefFrame => ({ kind: 'table', rows });

// ── stitch-users ───────────────────────────────────────────────────────────────────────────────────────────

/** A user value as text; null, '' and [] are none; an array gives its first element. */
function userText(v: unknown): string | undefined {
  if (Array.isArray(v)) v = v[0];
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const stitchUsers: StepEvaluator = (input, params, ctx) => {
  const sessionField = (params.sessionField as string | undefined) ?? 'session';
  const userField = (params.userField as string | undefined) ?? 'user';
  const out: CanonicalEvent[] = [];
  for (const p of partitionsOf(eventsOf(input, 'stitch-users'), [sessionField])) {
    const users: string[] = [];
    let anonymous = 0;
    for (const e of p.events) {
      const u = userText(fieldOf(e, userField));
      if (u === undefined) anonymous++;
      else if (!users.includes(u)) users.push(u);
    }
    let status: string;
    if (p.key[0] === null) status = 'no-session';
    else if (users.length === 0) status = 'anonymous';
    else if (users.length > 1) status = 'conflict';
    else status = anonymous === 0 ? 'single' : 'stitched';
    if (status === 'conflict') ctx.warn('user_conflict');
    for (const e of p.events) {
      const attrs = { sourceUser: userText(fieldOf(e, userField)) ?? null, userStitch: status };
      out.push(status === 'single' || status === 'stitched' ? withDerived(e, attrs, { user: users[0] }) : withDerived(e, attrs));
    }
  }
  return events(out);
};

// ── sessionize ─────────────────────────────────────────────────────────────────────────────────────────────

const USERALE_SESSION_FIELDS = ['session', 'sessionId', 'sessionID', 'browserSessionId', 'httpSessionId'];

/** One scalar of a field: an array gives its first element; null, undefined and '' are none. */
function scalar(v: unknown): unknown {
  if (Array.isArray(v)) v = v[0];
  return v === null || v === undefined || v === '' ? undefined : v;
}

function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

const sessionize: StepEvaluator = (input, params) => {
  const by = (params.by as string | undefined) ?? 'both';
  const fields = by === 'gap' ? [] : names(params.fields, USERALE_SESSION_FIELDS);
  const gap = by === 'field' ? undefined : (durationMs(params.gap) ?? 1_800_000);
  const per = params.per as 'domain' | 'tab' | undefined;
  const pageField = (params.pageField as string | undefined) ?? 'page';
  const tabField = (params.tabField as string | undefined) ?? 'browserSessionId';
  const partitionBy = names(params.partitionBy, ['user']);
  const out: CanonicalEvent[] = [];
  for (const p of partitionsOf(eventsOf(input, 'sessionize'), partitionBy)) {
    const prefix = p.key.length === 0 ? 'all' : p.key.map(idComponent).join('/');
    // Open sessions by their id stem: the session number and the time of the stem's last timed event.
    const open: { stem: string; n: number; last: number | undefined }[] = [];
    for (const e of p.events) {
      let stem = prefix;
      if (fields.length > 0) {
        let value: unknown;
        for (const f of fields) {
          value = scalar(fieldOf(e, f));
          if (value !== undefined) break;
        }
        stem += `/${idComponent(value)}`;
      }
      if (per === 'domain') stem += `/${idComponent(hostOf(fieldOf(e, pageField)))}`;
      if (per === 'tab') stem += `/${idComponent(scalar(fieldOf(e, tabField)))}`;
      let s = open.find((x) => x.stem === stem);
      if (s === undefined) {
        s = { stem, n: 1, last: undefined };
        open.push(s);
      } else if (gap !== undefined && e.time !== undefined && s.last !== undefined && e.time - s.last > gap) s.n++;
      if (e.time !== undefined) s.last = e.time;
      out.push(withDerived(e, { sourceSession: e.session ?? null }, { session: `${stem}/${s.n}` }));
    }
  }
  return events(out);
};

// ── collapse-repeats ───────────────────────────────────────────────────────────────────────────────────────

const collapseRepeats: StepEvaluator = (input, params) => {
  const fields = names(params.fields, ['type', 'target']);
  const within = durationMs(params.within);
  const out: CanonicalEvent[] = [];
  for (const p of partitionsOf(eventsOf(input, 'collapse-repeats'), names(params.partitionBy, ['session']))) {
    let i = 0;
    while (i < p.events.length) {
      const first = p.events[i]!;
      let j = i;
      // Extend the run while the next event repeats the previous one.
      while (j + 1 < p.events.length) {
        const prev = p.events[j]!;
        const next = p.events[j + 1]!;
        const sameFields = sameTuple(fields.map((f) => fieldOf(next, f)), fields.map((f) => fieldOf(first, f)));
        const bothTimedOrNot = (prev.time === undefined) === (next.time === undefined);
        const close = within === undefined || (prev.time !== undefined && next.time !== undefined && next.time - prev.time <= within);
        if (!sameFields || !bothTimedOrNot || !close) break;
        j++;
      }
      const last = p.events[j]!;
      out.push(withDerived(first, { repeatCount: j - i + 1, repeatFirstTime: first.time ?? null, repeatLastTime: last.time ?? null, repeatLastId: last.id }));
      i = j + 1;
    }
  }
  return events(out);
};

// ── pairing: intervals, drop-dangling, sandwich ────────────────────────────────────────────────────────────

interface Pairing {
  /** [start position, end position], in the order the ends came. */
  readonly pairs: [number, number][];
  readonly danglingStarts: number[];
  readonly danglingEnds: number[];
}

/**
 * Starts open an interval for their match key; an end closes the oldest open start with an equal key (an event
 * matching both closes if it can, else opens); ends with nothing open dangle, and so do starts never closed.
 */
function pair(p: RefPartition, start: Node, end: Node, match: readonly string[], now: number): Pairing {
  const open: { at: number; key: unknown[] }[] = [];
  const pairs: [number, number][] = [];
  const danglingEnds: number[] = [];
  p.events.forEach((e, i) => {
    const isStart = matches(start, e, now);
    const isEnd = matches(end, e, now);
    if (!isStart && !isEnd) return;
    const key = match.map((f) => fieldOf(e, f));
    const oldest = open.findIndex((o) => sameTuple(o.key, key));
    if (isEnd && oldest >= 0) {
      pairs.push([open[oldest]!.at, i]);
      open.splice(oldest, 1);
    } else if (isStart) open.push({ at: i, key });
    else danglingEnds.push(i);
  });
  return { pairs, danglingStarts: open.map((o) => o.at), danglingEnds };
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

const intervals: StepEvaluator = (input, params, ctx) => {
  const from = (params.from as string | undefined) ?? 'pairs';
  const match = names(params.match, []);
  const fields = names(params.fields, ['type', 'target']);
  const by = names(params.partitionBy, ['session']);
  const rows: Row[] = [];
  for (const p of partitionsOf(eventsOf(input, 'intervals'), by)) {
    const records: Row[] = [];
    const pick = (e: CanonicalEvent): Row => Object.fromEntries(fields.map((f) => [f, fieldOf(e, f) ?? null]));
    if (from !== 'pairs') {
      for (const e of p.events) {
        if (e.kind !== 'interval') continue;
        const start = num(docPath(e.doc, 'startTime')) ?? e.time ?? null;
        const end = num(docPath(e.doc, 'endTime')) ?? e.end ?? null;
        const duration = num(docPath(e.doc, 'duration')) ?? (start === null || end === null ? null : end - start);
        records.push({ source: 'logged', start, end, duration, count: num(docPath(e.doc, 'count')) ?? null, startId: e.id, endId: e.id, ...pick(e) });
      }
    }
    if (from !== 'logged') {
      for (const [i, j] of pair(p, params.start as Node, params.end as Node, match, ctx.now).pairs) {
        const a = p.events[i]!;
        const b = p.events[j]!;
        const start = a.time ?? null;
        const end = b.time ?? null;
        records.push({ source: 'pair', start, end, duration: start === null || end === null ? null : end - start, count: j - i + 1, startId: a.id, endId: b.id, ...pick(a) });
      }
    }
    const negative = records.filter((r) => typeof r.duration === 'number' && r.duration < 0).length;
    if (negative > 0) ctx.warn('negative_duration', negative);
    for (const r of records) rows.push({ ...keyColumns(by, p.key), ...r });
  }
  return table(rows);
};

const dropDangling: StepEvaluator = (input, params, ctx) => {
  const report = params.action === 'report';
  const out: CanonicalEvent[] = [];
  for (const p of partitionsOf(eventsOf(input, 'drop-dangling'), names(params.partitionBy, ['session']))) {
    const r = pair(p, params.start as Node, params.end as Node, names(params.match, []), ctx.now);
    p.events.forEach((e, i) => {
      const mark = r.danglingStarts.includes(i) ? 'start' : r.danglingEnds.includes(i) ? 'end' : null;
      if (report) out.push(withDerived(e, { dangling: mark }));
      else if (mark === null) out.push(e);
      else ctx.warn('dangling_dropped');
    });
  }
  return events(out);
};

const sandwich: StepEvaluator = (input, params, ctx) => {
  const by = names(params.partitionBy, ['session']);
  const countBy = (params.countBy as string | undefined) ?? 'type';
  const minInner = (params.minInner as number | undefined) ?? 0;
  const rows: Row[] = [];
  for (const p of partitionsOf(eventsOf(input, 'sandwich'), by)) {
    for (const [i, j] of pair(p, params.start as Node, params.end as Node, names(params.match, []), ctx.now).pairs) {
      const innerIds: string[] = [];
      const counts: Record<string, number> = {};
      for (let k = i + 1; k < j; k++) {
        const e = p.events[k]!;
        if (params.inner !== undefined && !matches(params.inner as Node, e, ctx.now)) continue;
        innerIds.push(e.id);
        const v = fieldOf(e, countBy);
        const name = v === undefined || v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v);
        counts[name] = (counts[name] ?? 0) + 1;
      }
      if (innerIds.length < minInner) continue;
      const start = p.events[i]!.time ?? null;
      const end = p.events[j]!.time ?? null;
      rows.push({
        ...keyColumns(by, p.key),
        startId: p.events[i]!.id,
        endId: p.events[j]!.id,
        start,
        end,
        span: start === null || end === null ? null : end - start,
        innerCount: innerIds.length,
        innerIds,
        counts,
      });
    }
  }
  return table(rows);
};

// ── neighbours ─────────────────────────────────────────────────────────────────────────────────────────────

const neighbours: StepEvaluator = (input, params, ctx) => {
  const direction = (params.direction as string | undefined) ?? 'before';
  const within = durationMs(params.within);
  const count = params.count as number | undefined;
  const keepPresent = (params.keep ?? 'present') === 'present';
  const out: CanonicalEvent[] = [];
  for (const p of partitionsOf(eventsOf(input, 'neighbours'), names(params.partitionBy, ['session']))) {
    p.events.forEach((e, i) => {
      if (!matches(params.where as Node, e, ctx.now)) {
        out.push(e);
        return;
      }
      let present = false;
      p.events.forEach((n, j) => {
        if (j === i) return;
        if (direction === 'before' && j > i) return;
        if (direction === 'after' && j < i) return;
        if (count !== undefined && Math.abs(j - i) > count) return;
        if (within !== undefined && (e.time === undefined || n.time === undefined || Math.abs(n.time - e.time) > within)) return;
        if (matches(params.neighbour as Node, n, ctx.now)) present = true;
      });
      if (present === keepPresent) out.push(e);
    });
  }
  return events(out);
};

// ── rewrite ────────────────────────────────────────────────────────────────────────────────────────────────

/** A path segment that is an id: digits, a UUID, hex (8+) with a digit, or a 16+ character token mixing letters and digits. */
function looksLikeId(segment: string): boolean {
  if (/^\d+$/.test(segment)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment)) return true;
  if (/^[0-9a-f]{8,}$/i.test(segment) && /\d/.test(segment)) return true;
  return segment.length >= 16 && /^[A-Za-z0-9_-]+$/.test(segment) && /\d/.test(segment) && /[a-z]/i.test(segment);
}

function normalizeUrlNaive(value: string, rule: Params): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (url.host === '' && url.protocol !== 'file:') return value;
  const segments = url.pathname.split('/');
  const ids = (rule.ids as boolean | undefined) ?? true;
  let path = segments
    .map((s) => {
      if (!ids || s === '') return s;
      let decoded = s;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        decoded = s;
      }
      return looksLikeId(decoded) ? ':id' : s;
    })
    .join('/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const queryRule = (rule.query as string | string[] | undefined) ?? 'drop';
  let query = '';
  if (queryRule !== 'drop') {
    const kept: [string, string][] = [];
    for (const [k, v] of url.searchParams) if (queryRule === 'keep' || queryRule.includes(k)) kept.push([k, v]);
    const sorted = kept.map((x, i) => ({ x, i })).sort((a, b) => (a.x[0] < b.x[0] ? -1 : a.x[0] > b.x[0] ? 1 : a.i - b.i)).map((y) => y.x);
    if (sorted.length > 0) query = `?${new URLSearchParams(sorted).toString()}`;
  }
  const fragment = rule.fragment === 'keep' ? url.hash : '';
  return `${url.protocol}//${url.host}${path}${query}${fragment}`;
}

/** A value as text for a rule: strings, numbers and booleans (a one-element array as its element); else null. */
function ruleText(v: unknown): string | null {
  if (Array.isArray(v) && v.length === 1) v = v[0];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function groupNames(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
}

const rewrite: StepEvaluator = (input, params) => {
  const rules = params.rules as Params[];
  return events(
    eventsOf(input, 'rewrite').map((e) => {
      const out: Record<string, unknown> = {};
      for (const rule of rules) {
        const field = (rule.field as string | undefined) ?? 'page';
        const v = ruleText(Object.hasOwn(out, field) ? out[field] : fieldOf(e, field));
        if (rule.op === 'url') out[(rule.as as string | undefined) ?? 'route'] = v === null ? null : normalizeUrlNaive(v, rule);
        else if (rule.op === 'map') {
          const map = rule.map as Record<string, unknown>;
          out[rule.as as string] = v !== null && Object.hasOwn(map, v) ? map[v] : rule.otherwise === 'null' ? null : v;
        } else {
          const flags = (rule.flags as string | undefined) ?? '';
          const m = v === null ? null : new RegExp(rule.pattern as string, flags.replace('g', '').replace('y', '')).exec(v);
          for (const g of groupNames(rule.pattern as string)) out[g] = m?.groups?.[g] ?? null;
          if (rule.as !== undefined && rule.replace !== undefined) out[rule.as as string] = v === null ? null : v.replace(new RegExp(rule.pattern as string, flags), rule.replace as string);
        }
      }
      return withDerived(e, out);
    }),
  );
};

// ── resample, sample ───────────────────────────────────────────────────────────────────────────────────────

function aggregateOf(op: string, field: string | undefined, list: readonly CanonicalEvent[]): unknown {
  if (field === undefined) return op === 'count' ? list.length : null;
  const values = list.map((e) => fieldOf(e, field)).filter((v) => v !== undefined && v !== null);
  if (op === 'count') return values.length;
  if (op === 'distinct') {
    const seen: unknown[] = [];
    for (const v of values) if (!seen.some((s) => sameValue(s, v))) seen.push(v);
    return seen.length;
  }
  const nums = values.map(num).filter((x): x is number => x !== undefined);
  let sum = 0;
  for (const x of nums) sum += x;
  if (op === 'sum') return sum;
  if (nums.length === 0) return null;
  if (op === 'mean') return sum / nums.length;
  let best = nums[0]!;
  for (const x of nums) if (op === 'min' ? x < best : x > best) best = x;
  return best;
}

const resample: StepEvaluator = (input, params, ctx) => {
  const every = durationMs(params.every)!;
  const fill = (params.fill as boolean | undefined) ?? true;
  const aggregates = (params.aggregates as { name: string; op: string; field?: string }[] | undefined) ?? [];
  const by = names(params.partitionBy, ['session']);
  const rows: Row[] = [];
  for (const p of partitionsOf(eventsOf(input, 'resample'), by)) {
    const timed = p.events.filter((e) => e.time !== undefined);
    if (timed.length < p.events.length) ctx.warn('untimed_excluded', p.events.length - timed.length);
    if (timed.length === 0) continue;
    const bucketOf = (t: number): number => Math.floor(t / every) * every;
    let starts = [...new Set(timed.map((e) => bucketOf(e.time!)))].sort((a, b) => a - b);
    if (fill) {
      const all: number[] = [];
      for (let b = starts[0]!; b <= starts[starts.length - 1]!; b += every) all.push(b);
      starts = all;
    }
    for (const bucket of starts) {
      const list = timed.filter((e) => bucketOf(e.time!) === bucket);
      const row: Row = { ...keyColumns(by, p.key), bucket, end: bucket + every, count: list.length };
      for (const a of aggregates) row[a.name] = aggregateOf(a.op, a.field, list);
      rows.push(row);
    }
  }
  return table(rows);
};

/** cyrb53 (public domain): a 53-bit hash of a string, the sample's documented key. */
export function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const sample: StepEvaluator = (input, params) => {
  const every = durationMs(params.every);
  const seed = String(params.seed ?? 42);
  const out: CanonicalEvent[] = [];
  for (const p of partitionsOf(eventsOf(input, 'sample'), names(params.partitionBy, ['session']))) {
    // Buckets by label: 'untimed', 'all' (no `every`), or the bucket number.
    const bucketOf = (e: CanonicalEvent): string => (e.time === undefined ? 'untimed' : every === undefined ? 'all' : String(Math.floor(e.time / every)));
    const kept = new Set<string>();
    for (const b of new Set(p.events.map(bucketOf))) {
      const members = p.events.filter((e) => bucketOf(e) === b);
      const k = params.n !== undefined ? Math.min(params.n as number, members.length) : Math.floor((params.fraction as number) * members.length + 0.5);
      const ranked = members
        .map((e) => ({ id: e.id, key: cyrb53(`${seed}\u0000${e.id}`) }))
        .sort((a, b2) => a.key - b2.key || (a.id < b2.id ? -1 : 1));
      for (const r of ranked.slice(0, k)) kept.add(r.id);
    }
    for (const e of p.events) if (kept.has(e.id)) out.push(e);
  }
  return events(out);
};

// ── segment ────────────────────────────────────────────────────────────────────────────────────────────────

interface Seg {
  name: string;
  kind: string;
  start: number | null;
  end: number | null;
  ids: string[];
}

function windowSeg(p: RefPartition, name: string, kind: string, start: number, end: number, closed: string): Seg {
  const ids = p.events.filter((e) => e.time !== undefined && e.time >= start && (closed === 'both' ? e.time <= end : e.time < end)).map((e) => e.id);
  return { name, kind, start, end, ids };
}

function definitionSegments(p: RefPartition, d: Params, closed: string, now: number): Seg[] {
  const timed = p.events.filter((e) => e.time !== undefined);
  const label = d.label as string | undefined;
  switch (d.mode) {
    case 'explicit': {
      const l = label ?? 'window';
      return (d.windows as Params[]).map((w, k) => windowSeg(p, (w.name as string | undefined) ?? `${l}${k}`, 'explicit', dateMath(w.start as string, now)!, dateMath(w.end as string, now)!, closed));
    }
    case 'anchored': {
      const l = label ?? 'anchor';
      const before = durationMs(d.before) ?? 0;
      const after = durationMs(d.after) ?? 0;
      const overlap = (d.overlap as string | undefined) ?? 'clip';
      const windows: { start: number; end: number }[] = [];
      for (const e of timed) {
        if (!matches(d.where as Node, e, now)) continue;
        const t = e.time!;
        const prev = windows[windows.length - 1];
        const inPrev = (x: number): boolean => prev !== undefined && (closed === 'both' ? x <= prev.end : x < prev.end);
        if (overlap === 'clip' && inPrev(t)) continue;
        if (overlap === 'merge' && inPrev(t - before)) {
          prev!.end = Math.max(prev!.end, t + after);
          continue;
        }
        const start = overlap === 'clip' && prev !== undefined ? Math.max(t - before, prev.end) : t - before;
        windows.push({ start, end: t + after });
      }
      return windows.map((w, i) => windowSeg(p, `${l}${i}`, 'anchored', w.start, w.end, closed));
    }
    case 'fixed': {
      if (timed.length === 0) return [];
      const l = label ?? 'fixed';
      const size = durationMs(d.size)!;
      const first = timed[0]!.time!;
      const last = timed[timed.length - 1]!.time!;
      const origin = (d.align ?? 'first') === 'first' ? first : Math.floor(first / size) * size;
      const out: Seg[] = [];
      for (let k = 0; origin + k * size <= last; k++) {
        const start = origin + k * size;
        const end = start + size;
        if (d.trim === true && (start < first || end > last)) continue;
        const s = windowSeg(p, `${l}${k}`, 'fixed', start, end, closed);
        if (s.ids.length > 0 || (d.keepEmpty ?? true) === true) out.push(s);
      }
      return out;
    }
    case 'idle': {
      const l = label ?? 'idle';
      const limit = durationMs(d.limit)!;
      const before = durationMs(d.before) ?? 0;
      const after = durationMs(d.after) ?? 0;
      const out: Seg[] = [];
      for (let i = 0; i + 1 < timed.length; i++) {
        const a = timed[i]!.time!;
        const b = timed[i + 1]!.time!;
        if (b - a > limit) out.push(windowSeg(p, `${l}${out.length}`, 'idle', a - before, b + after, closed));
      }
      return out;
    }
    case 'collapsing': {
      const l = label ?? 'run';
      const out: Seg[] = [];
      let run: CanonicalEvent[] = [];
      const close = (): void => {
        if (run.length > 0) out.push({ name: `${l}${out.length}`, kind: 'collapsing', start: run[0]!.time!, end: run[run.length - 1]!.time!, ids: run.map((e) => e.id) });
        run = [];
      };
      for (const e of timed) {
        if (matches(d.where as Node, e, now)) run.push(e);
        else close();
      }
      close();
      return out;
    }
    default:
      throw new Error(`reference: segment mode ${String(d.mode)}`);
  }
}

const DEFAULT_LABELS: Record<string, string> = { explicit: 'window', anchored: 'anchor', fixed: 'fixed', idle: 'idle', collapsing: 'run' };

const segment: StepEvaluator = (input, params, ctx) => {
  const closed = (params.closed as string | undefined) ?? 'left';
  const by = names(params.partitionBy, ['session']);
  const combine = (params.combine as Params[] | undefined) ?? [];
  const keepOperands = (params.keepOperands as boolean | undefined) ?? true;
  const from = params.from === undefined ? undefined : dateMath(params.from as string, ctx.now);
  const to = params.to === undefined ? undefined : dateMath(params.to as string, ctx.now);
  const kinds = params.kinds as string[] | undefined;
  const rows: Row[] = [];
  for (const p of partitionsOf(eventsOf(input, 'segment'), by)) {
    const order = (ids: Iterable<string>): string[] => p.events.map((e) => e.id).filter((id) => [...ids].includes(id));
    const all: { seg: Seg; label: string }[] = [];
    for (const d of params.segments as Params[]) {
      const label = (d.label as string | undefined) ?? DEFAULT_LABELS[d.mode as string]!;
      for (const seg of definitionSegments(p, d, closed, ctx.now)) all.push({ seg, label });
    }
    const results: Seg[] = [];
    const lo = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));
    const hi = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));
    const operand = (ref: string): Seg => {
      const named = [...results].reverse().find((s) => s.name === ref) ?? all.find((x) => x.seg.name === ref)?.seg;
      if (named !== undefined) return named;
      const ofLabel = all.filter((x) => x.label === ref).map((x) => x.seg);
      if (ofLabel.length === 0) return { name: ref, kind: 'union', start: null, end: null, ids: [] };
      return { name: ref, kind: 'union', start: ofLabel.map((s) => s.start).reduce(lo), end: ofLabel.map((s) => s.end).reduce(hi), ids: order(ofLabel.flatMap((s) => s.ids)) };
    };
    for (const c of combine) {
      const a = operand(c.left as string);
      const b = operand(c.right as string);
      let s: Seg;
      if (c.op === 'union') s = { name: c.name as string, kind: 'union', start: lo(a.start, b.start), end: hi(a.end, b.end), ids: order([...a.ids, ...b.ids]) };
      else if (c.op === 'intersection') {
        let start = a.start === null || b.start === null ? null : Math.max(a.start, b.start);
        let end = a.end === null || b.end === null ? null : Math.min(a.end, b.end);
        if (start === null || end === null || start > end) start = end = null;
        s = { name: c.name as string, kind: 'intersection', start, end, ids: order(a.ids.filter((id) => b.ids.includes(id))) };
      } else s = { name: c.name as string, kind: 'difference', start: a.start, end: a.end, ids: order(a.ids.filter((id) => !b.ids.includes(id))) };
      results.push(s);
    }
    const listed = combine.length === 0 || keepOperands ? [...all.map((x) => x.seg), ...results] : results;
    for (const s of listed) {
      const count = s.ids.length;
      if (params.minCount !== undefined && count < (params.minCount as number)) continue;
      if (params.maxCount !== undefined && count > (params.maxCount as number)) continue;
      if (from !== undefined && (s.start === null || s.start < from)) continue;
      if (to !== undefined && (s.end === null || s.end > to)) continue;
      if (kinds !== undefined && !kinds.includes(s.kind)) continue;
      rows.push({ ...keyColumns(by, p.key), name: s.name, kind: s.kind, start: s.start, end: s.end, duration: s.start === null || s.end === null ? null : s.end - s.start, count, eventIds: s.ids });
    }
  }
  return table(rows);
};

/** Sequence operators (pipeline `op`) → evaluators. */
export const SEQUENCE_STEPS: Record<string, (input: RefFrame, params: Params, ctx: StepContext) => RefFrame> = {
  'stitch-users': stitchUsers,
  sessionize,
  'collapse-repeats': collapseRepeats,
  intervals,
  'drop-dangling': dropDangling,
  neighbours,
  sandwich,
  rewrite,
  resample,
  sample,
  segment,
};
