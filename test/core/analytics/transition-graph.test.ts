import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directlyFollows, END_NODE, START_NODE } from '../../../src/core/analytics/directly-follows.js';
import { markovRows, transitionGraph } from '../../../src/core/analytics/transition-graph.js';
import path from 'node:path';
import type { CanonicalEvent } from '../../../src/core/event.js';
import { readEvents } from '../../../src/library.js';
import { close, partitionBy, reference, refEvents, type RefEdge } from './reference-fixture.js';

const byTarget = { label: (e: { target?: string | undefined }) => e.target ?? null, selfLoops: 'keep' as const, startEnd: false };
const SAMPLE = path.join(import.meta.dirname, '../../../dist-config/sample/userale-sample.ndjson');
const sessions = partitionBy(refEvents, 'session');

function edgeList(graph: ReturnType<typeof transitionGraph>): RefEdge[] {
  const out: RefEdge[] = [];
  graph.forEachEdge((_k, a, source, target) => out.push({ source, target, count: a.count }));
  return out.sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : x.target > y.target ? 1 : 0));
}

test('directly-follows counts equal pm4py discover_dfg on the same sessions', () => {
  const g = transitionGraph(directlyFollows(sessions, byTarget));
  assert.deepEqual(edgeList(g), reference.pm4py.edges);
});

test('start and end nodes equal pm4py start and end activities', () => {
  const g = transitionGraph(directlyFollows(sessions, { ...byTarget, startEnd: true }));
  const start: Record<string, number> = {};
  const end: Record<string, number> = {};
  g.forEachOutEdge(START_NODE, (_k, a, _s, t) => (start[t] = a.count));
  g.forEachInEdge(END_NODE, (_k, a, s) => (end[s] = a.count));
  assert.deepEqual(start, reference.pm4py.start);
  assert.deepEqual(end, reference.pm4py.end);
  assert.equal(g.getNodeAttribute(START_NODE, 'count'), sessions.length);
});

test("edges equal Flagon Distill's pairwiseSeq + createDiGraph (capacity), with and without self-loops", () => {
  assert.deepEqual(edgeList(transitionGraph(directlyFollows(sessions, byTarget))), reference.flagon.edges);
  assert.deepEqual(edgeList(transitionGraph(directlyFollows(sessions, { ...byTarget, selfLoops: 'drop' }))), reference.flagon.edges_drop_recursions);
});

test('distinct partitions, row-normalised probabilities and time between equal pandas (1e-12)', () => {
  const g = transitionGraph(directlyFollows(sessions, byTarget));
  assert.equal(g.size, reference.edges.length);
  for (const ref of reference.edges) {
    const a = g.getEdgeAttributes(`${ref.source}->${ref.target}`);
    const what = `${ref.source}->${ref.target}`;
    assert.equal(a.count, ref.count, what);
    assert.equal(a.partitions, ref.partitions, what);
    close(a.probability, ref.probability, 1e-12, `${what} probability`);
    close(a.time_mean, ref.time_mean, 1e-12, `${what} time_mean`);
    close(a.time_median, ref.time_median, 1e-12, `${what} time_median`);
    close(a.time_p90, ref.time_p90, 1e-12, `${what} time_p90`);
  }
  // Every row of the Markov matrix sums to 1.
  const rows = markovRows(g);
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.from, (sums.get(r.from) ?? 0) + r.probability);
  for (const [from, s] of sums) close(s, 1, 1e-12, `row ${from}`);
});

test('pruning by minimum count and top-k keeps the full-data probabilities and drops emptied nodes', () => {
  const dfg = directlyFollows(sessions, byTarget);
  const full = transitionGraph(dfg);
  const pruned = transitionGraph(dfg, { minCount: 2 });
  const expected = reference.edges.filter((e) => e.count >= 2);
  assert.equal(pruned.size, expected.length);
  for (const e of expected) assert.equal(pruned.getEdgeAttribute(`${e.source}->${e.target}`, 'probability'), full.getEdgeAttribute(`${e.source}->${e.target}`, 'probability'));
  const nodes = new Set(expected.flatMap((e) => [e.source, e.target]));
  assert.deepEqual(pruned.nodes().sort(), [...nodes].sort());
  const top = transitionGraph(dfg, { topK: 3 });
  const want = [...reference.edges].sort((a, b) => b.count - a.count || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1)).slice(0, 3);
  assert.deepEqual(top.edges().sort(), want.map((e) => `${e.source}->${e.target}`).sort());
});

test('self-loop policies on a hand-made session: keep, drop, collapse', () => {
  const ev = (id: string, time: number, target: string) => ({ id, time, target, doc: {} });
  const part = [{ key: ['s'], events: [ev('1', 0, 'a'), ev('2', 10, 'a'), ev('3', 25, 'b'), ev('4', 30, 'a')] }];
  const keep = transitionGraph(directlyFollows(part, byTarget));
  assert.deepEqual(keep.edges().sort(), ['a->a', 'a->b', 'b->a']);
  assert.equal(keep.getNodeAttribute('a', 'count'), 3);
  const drop = transitionGraph(directlyFollows(part, { ...byTarget, selfLoops: 'drop' }));
  assert.deepEqual(drop.edges().sort(), ['a->b', 'b->a']);
  assert.equal(drop.getEdgeAttribute('a->b', 'time_mean'), 15);
  const collapse = transitionGraph(directlyFollows(part, { ...byTarget, selfLoops: 'collapse' }));
  assert.deepEqual(collapse.edges().sort(), ['a->b', 'b->a']);
  assert.equal(collapse.getNodeAttribute('a', 'count'), 2);
  assert.equal(collapse.getEdgeAttribute('a->b', 'time_mean'), 15); // from the last repeat (t=10) to b (t=25)
});

test('the bundled sample: raw logs by session id over targets equal pm4py discover_dfg', async () => {
  // The fixture's filter: logType raw with a target, a time and a session id; time = clientTime + microTime.
  const events: CanonicalEvent[] = [];
  const query = { where: { all: [{ field: 'kind', op: 'eq', value: 'raw' }, { field: 'target', op: 'exists' }, { field: 'session', op: 'exists' }, { field: 'time', op: 'exists' }] } };
  for await (const batch of readEvents(SAMPLE, { query: query as never })) events.push(...batch);
  assert.equal(events.length, reference.sample.events);
  const parts = partitionBy(events, 'session');
  assert.equal(parts.length, reference.sample.sessions);
  assert.deepEqual(edgeList(transitionGraph(directlyFollows(parts, byTarget))), reference.sample.edges);
});

test('a partition without labelled events adds nothing, even with start/end nodes', () => {
  const dfg = directlyFollows([{ key: ['empty'], events: [{ id: '1', time: 0, doc: {} }] }], { ...byTarget, startEnd: true });
  assert.deepEqual([dfg.partitions, dfg.nodes.size, dfg.edges.size], [1, 0, 0]);
});

test('a topK that keeps every edge leaves the graph as it is, edges in first-seen order', () => {
  const parts = [{ key: ['s'], events: ['c', 'a', 'b', 'a'].map((target, i): CanonicalEvent => ({ id: String(i), time: i, target, doc: {} })) }];
  const all = transitionGraph(directlyFollows(parts, byTarget));
  assert.deepEqual(all.edges(), ['c->a', 'a->b', 'b->a']);
  assert.deepEqual(transitionGraph(directlyFollows(parts, byTarget), { topK: 3 }).edges(), ['c->a', 'a->b', 'b->a']);
  assert.deepEqual(transitionGraph(directlyFollows(parts, byTarget), { topK: 2 }).edges(), ['a->b', 'b->a']);
});
