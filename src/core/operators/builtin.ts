import { OperatorRegistry } from '../pipeline/registry.js';
import { countByOperator } from './count-by.js';
import { countOverTimeOperator } from './count-over-time.js';
import { filterOperator } from './filter.js';
import { limitOperator } from './limit.js';
import { projectOperator } from './project.js';
import { sortOperator } from './sort.js';

/** The operators Distill ships with, in one list (one file each). */
export const BUILTIN_OPERATORS = [filterOperator, sortOperator, limitOperator, projectOperator, countByOperator, countOverTimeOperator] as const;

/** A registry holding the built-in operators. */
export function createRegistry(): OperatorRegistry {
  const registry = new OperatorRegistry();
  for (const op of BUILTIN_OPERATORS) registry.register(op as never, 'builtin');
  return registry;
}
