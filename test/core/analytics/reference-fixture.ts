// The independent reference values (test/fixtures/analytics/reference.json), written by
// scripts/reference/analytics_fixtures.py with pandas, scipy, networkx, pm4py and Flagon Distill — never by Distill.
// The file's `provenance` records each tool's version and the exact call.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CanonicalEvent } from '../../../src/core/event.js';
import type { Partition } from '../../../src/core/analytics/partition.js';

export interface RefEvent {
  id: string;
  time: number;
  user: string;
  session: string;
  type: string;
  target: string;
  kind: string;
  value: number;
}
export interface RefEdge {
  source: string;
  target: string;
  count: number;
  partitions?: number;
  probability?: number;
  time_mean?: number;
  time_median?: number;
  time_p90?: number;
}
export type RefSummary = Record<string, number | number[] | null>;
export interface RefMetrics {
  nodes: Record<string, Record<string, number | null>>;
  density: number;
  strongly_connected: boolean;
}

export const reference = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../fixtures/analytics/reference.json'), 'utf8')) as {
  provenance: { tools: Record<string, string>; calls: Record<string, string> };
  events: RefEvent[];
  stats: Record<string, RefSummary> & {
    gap_per_user: Record<string, RefSummary>;
    raw_clicks_per_user: { values: Record<string, number>; summary: RefSummary };
    sessions_per_user: { values: Record<string, number>; summary: RefSummary };
  };
  edges: RefEdge[];
  pm4py: { edges: RefEdge[]; start: Record<string, number>; end: Record<string, number> };
  flagon: { edges: RefEdge[]; edges_drop_recursions: RefEdge[] };
  metrics: RefMetrics;
  strong: RefMetrics & { edges: RefEdge[] };
  entropy: Record<string, number>;
  sample: {
    events: number;
    sessions: number;
    edges: RefEdge[];
    raw_clicks_per_user: Record<string, number>;
    clicks_per_user: Record<string, number>;
    top_click_targets: { target: string; count: number }[];
    click_logs_by_kind: Record<string, number>;
    sessions_per_user: { values: Record<string, number>; summary: RefSummary };
    click_stats_between_users: RefSummary;
    journeys_pages: RefEdge[];
    variants: Record<string, number>;
    journeys_targets: RefEdge[];
    checkout_funnel: { partitions: number; reached: number[]; median_time_to_convert_ms: (number | null)[] };
  };
  /** The `journeys-and-funnel` pipeline's answers on the sample and on a generated data set (journeys_reference.py). */
  journeys: { sample: RefJourneys; generated: RefJourneys & { args: string[] } };
};

/** Independent answers of stitch users → sessionize → journeys → funnel → per-user stats on one input. */
export interface RefJourneys {
  quirks: { documents: number; interval_logs: number; untimed: number; null_user_events: number; out_of_order_pairs: number };
  stitch: { stitched: number; single: number; anonymous: number; conflict: number };
  sessions: { user: string | null; session: string; count: number }[];
  gap_splits: number;
  journeys: { events: number; edges: RefEdge[]; flagon_edges: RefEdge[]; metrics: Record<string, Record<string, number>> };
  funnel: { partitions: number; rows: Record<string, unknown>[] };
  per_user: (RefSummary & { user: string | null })[];
}

/** The fixture's events as canonical events (document = the fixture record). */
export const refEvents: CanonicalEvent[] = reference.events.map((e) => ({
  id: e.id,
  time: e.time,
  user: e.user,
  session: e.session,
  type: e.type,
  target: e.target,
  kind: e.kind,
  doc: { ...e, details: { value: e.value } },
}));

/** Group events by one role into partitions, ordered by key then time (the runner's order). */
export function partitionBy(events: readonly CanonicalEvent[], role: 'user' | 'session'): Partition[] {
  const groups = new Map<string, CanonicalEvent[]>();
  for (const e of events) {
    const k = e[role] ?? '';
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = []));
    g.push(e);
  }
  return [...groups.keys()]
    .sort()
    .map((k) => ({ key: [k], events: [...groups.get(k)!].sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity)) }));
}

/** Relative-or-absolute closeness: |a − b| ≤ tol · max(1, |b|). */
export function close(actual: number | null | undefined, expected: number | null | undefined, tol: number, what: string): void {
  if (expected === null || expected === undefined) {
    if (actual !== null && actual !== undefined) throw new Error(`${what}: expected null, got ${actual}`);
    return;
  }
  if (actual === null || actual === undefined || Math.abs(actual - expected) > tol * Math.max(1, Math.abs(expected))) {
    throw new Error(`${what}: expected ${expected} ± ${tol}, got ${actual}`);
  }
}
