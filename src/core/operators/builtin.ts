import { OperatorRegistry } from '../pipeline/registry.js';
import { countByOperator } from './count-by.js';
import { countOverTimeOperator } from './count-over-time.js';
import { filterOperator } from './filter.js';
import { limitOperator } from './limit.js';
import { projectOperator } from './project.js';
import { sortOperator } from './sort.js';
import { sessionizeOperator } from './sessionize.js';
import { stitchUsersOperator } from './stitch-users.js';
import { segmentOperator } from './segment.js';
import { collapseRepeatsOperator } from './collapse-repeats.js';
import { intervalsOperator } from './intervals.js';
import { dropDanglingOperator } from './drop-dangling.js';
import { neighboursOperator } from './neighbours.js';
import { sandwichOperator } from './sandwich.js';
import { rewriteOperator } from './rewrite.js';
import { resampleOperator } from './resample.js';
import { sampleOperator } from './sample.js';
import { statsOperator } from './stats.js';
import { pathProbabilitiesOperator } from './path-probabilities.js';
import { transitionGraphOperator } from './transition-graph.js';
import { transitionMatrixOperator } from './transition-matrix.js';
import { sankeyOperator } from './sankey.js';
import { funnelOperator } from './funnel.js';
import { variantsOperator } from './variants.js';
import { featuresOperator } from './features.js';
import { compareOperator } from './compare.js';

/** The operators Distill ships with, in one list (one file each). */
export const BUILTIN_OPERATORS = [
  filterOperator, sortOperator, limitOperator, projectOperator, countByOperator, countOverTimeOperator,
  sessionizeOperator,
  stitchUsersOperator,
  segmentOperator,
  collapseRepeatsOperator,
  intervalsOperator,
  dropDanglingOperator,
  neighboursOperator,
  sandwichOperator,
  rewriteOperator,
  resampleOperator,
  sampleOperator,
  statsOperator,
  pathProbabilitiesOperator,
  transitionGraphOperator,
  transitionMatrixOperator,
  sankeyOperator,
  funnelOperator,
  variantsOperator,
  featuresOperator,
  compareOperator,
] as const;

/** A registry holding the built-in operators. */
export function createRegistry(): OperatorRegistry {
  const registry = new OperatorRegistry();
  for (const op of BUILTIN_OPERATORS) registry.register(op as never, 'builtin');
  return registry;
}
