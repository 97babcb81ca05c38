import type { Condition, FieldCondition, FieldOp } from './query-schema.js';

/** The kind of a condition node: a boolean combinator or a field operator. Compilers dispatch on it. */
export type ConditionKind = 'all' | 'any' | 'not' | FieldOp;

/** Kind of a validated condition node. */
export function conditionKind(node: Condition): ConditionKind {
  if ('all' in node) return 'all';
  if ('any' in node) return 'any';
  if ('not' in node) return 'not';
  return node.op;
}

/** Narrow a node to a field condition. */
export function isFieldCondition(node: Condition): node is FieldCondition {
  return 'field' in node;
}
