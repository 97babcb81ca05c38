/**
 * Naive reference answers for the test plugin's operators (test/fixtures/plugins/foundation-ops.mjs), written from
 * their descriptions with the independent reference's helpers — so the operator conformance suite holds plugin
 * operators to a reference too, not only to their hand-written examples. No import from src/ but types.
 */
import type { StepEvaluator } from '../../sources/conformance/reference/steps.js';
import { partitionsOf, withDerived } from '../../sources/conformance/reference/order.js';

export const PLUGIN_STEPS: Readonly<Record<string, StepEvaluator>> = {
  /** One row per partition: key, event count, first and last time, ids in order. */
  'partition-spans': (input, params) => {
    if (input.kind !== 'events') throw new Error('reference: partition-spans takes events');
    const by = (params.by as string[] | undefined) ?? ['session'];
    return {
      kind: 'table',
      rows: partitionsOf(input.events, by).map((p) => {
        const times = p.events.filter((e) => e.time !== undefined).map((e) => e.time);
        return { key: p.key, events: p.events.length, first: times[0] ?? null, last: times.at(-1) ?? null, ids: p.events.map((e) => e.id) };
      }),
    };
  },
  /** Types as nodes with their counts, edges counting direct successions within a session (untyped: `(none)`). */
  'type-follows': (input) => {
    if (input.kind !== 'events') throw new Error('reference: type-follows takes events');
    const nodes: { key: string; count: number }[] = [];
    const edges: { source: string; target: string; count: number }[] = [];
    for (const p of partitionsOf(input.events, ['session'])) {
      const types = p.events.map((e) => e.type ?? '(none)');
      types.forEach((t, i) => {
        const n = nodes.find((x) => x.key === t);
        if (n === undefined) nodes.push({ key: t, count: 1 });
        else n.count++;
        if (i === 0) return;
        const e = edges.find((x) => x.source === types[i - 1] && x.target === t);
        if (e === undefined) edges.push({ source: types[i - 1]!, target: t, count: 1 });
        else e.count++;
      });
    }
    return { kind: 'graph', nodes, edges, attributes: { label: 'type' } };
  },
  /** The attribute `area`: the page's first path segment (`root` for `/`), null without a page. */
  'tag-area': (input) => {
    if (input.kind !== 'events') throw new Error('reference: tag-area takes events');
    return {
      kind: 'events',
      events: input.events.map((e) => {
        if (e.page === undefined) return withDerived(e, { area: null });
        const segments = new URL(e.page).pathname.split('/');
        return withDerived(e, { area: segments[1] === '' || segments[1] === undefined ? 'root' : segments[1] });
      }),
    };
  },
};
