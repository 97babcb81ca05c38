/**
 * The reference's condition operators: one evaluator per node kind in a table, so a new operator is one entry
 * (and the conformance suites pick it up). An evaluator gets the node, the event and the evaluation context
 * (`now`, and `test` to evaluate child nodes) and answers whether the event matches. No import from src/ but types.
 */
import type { CanonicalEvent } from '../../../../src/core/event.js';
import { dateMath, fieldOf, isTimeField, order, same, valuesOf } from './naive.js';

export type Node = Record<string, unknown>;

export interface ConditionContext {
  readonly now: number;
  /** Evaluate a child node. */
  readonly test: (node: Node, event: CanonicalEvent) => boolean;
}

export type ConditionEvaluator = (node: Node, event: CanonicalEvent, ctx: ConditionContext) => boolean;

/** A value compared with a time role is a date (epoch ms, ISO, date math); anything else as given. */
function operand(field: string, value: unknown, now: number): unknown {
  if (!isTimeField(field) || value === null || typeof value === 'boolean') return value;
  const t = dateMath(value as string | number, now);
  if (t === undefined) throw new Error(`reference: ${JSON.stringify(value)} is not a time`);
  return t;
}

function values(node: Node, event: CanonicalEvent): unknown[] {
  return valuesOf(fieldOf(event, node.field as string));
}

function equals(node: Node, event: CanonicalEvent, value: unknown, now: number): boolean {
  const v = operand(node.field as string, value, now);
  const xs = values(node, event);
  if (v === null) return xs.length === 0;
  return xs.some((x) => same(x, v));
}

function inList(node: Node, event: CanonicalEvent, now: number): boolean {
  const list = node.value as unknown[];
  const xs = values(node, event);
  if (xs.length === 0) return list.includes(null);
  return list.some((v) => v !== null && equals(node, event, v, now));
}

function range(test: (c: number) => boolean): ConditionEvaluator {
  return (node, event, ctx) => {
    const v = operand(node.field as string, node.value, ctx.now);
    return values(node, event).some((x) => {
      const c = order(x, v);
      return c !== undefined && test(c);
    });
  };
}

function text(test: (s: string, v: string) => boolean): ConditionEvaluator {
  return (node, event) => values(node, event).some((x) => typeof x === 'string' && test(x, node.value as string));
}

/** Condition node kinds → evaluators. Combinators are keyed by their property, field operators by `op`. */
export const CONDITIONS: Record<string, ConditionEvaluator> = {
  all: (node, event, ctx) => (node.all as Node[]).every((c) => ctx.test(c, event)),
  any: (node, event, ctx) => (node.any as Node[]).some((c) => ctx.test(c, event)),
  not: (node, event, ctx) => !ctx.test(node.not as Node, event),
  eq: (node, event, ctx) => equals(node, event, node.value, ctx.now),
  ne: (node, event, ctx) => !equals(node, event, node.value, ctx.now),
  in: (node, event, ctx) => inList(node, event, ctx.now),
  nin: (node, event, ctx) => !inList(node, event, ctx.now),
  gt: range((c) => c > 0),
  gte: range((c) => c >= 0),
  lt: range((c) => c < 0),
  lte: range((c) => c <= 0),
  exists: (node, event) => (values(node, event).length > 0) === (node.value ?? true),
  prefix: text((s, v) => s.startsWith(v)),
  contains: text((s, v) => s.includes(v)),
};

/** The kind of a node: `all` / `any` / `not`, else its `op`. */
export function nodeKind(node: Node): string {
  for (const k of ['all', 'any', 'not']) if (k in node) return k;
  return node.op as string;
}

/** Evaluate a condition tree on an event. */
export function matches(node: Node, event: CanonicalEvent, now: number): boolean {
  const ctx: ConditionContext = {
    now,
    test: (n, e) => {
      const evaluate = CONDITIONS[nodeKind(n)];
      if (evaluate === undefined) throw new Error(`reference: no evaluator for condition kind ${nodeKind(n)}`);
      return evaluate(n, e, ctx);
    },
  };
  return ctx.test(node, event);
}
