import { formatPath } from '../pipeline/format-path.js';
import { InvalidQueryError, type Issue } from '../errors.js';
import { validate } from '../validation.js';
import { compileQueryPredicate } from './compile-predicate.js';
import { normalizeQuery, QuerySchema, type Query } from './query-schema.js';

/**
 * Validate a query (shape and semantics: time values must resolve) and normalise it once, at the boundary.
 *
 * @throws InvalidQueryError (`invalid_query`) with one issue per problem, each with the JSON path of the
 *   offending part relative to `basePath` (default `["query"]`).
 * @example parseQuery({ where: { field: 'type', op: 'eqq', value: 'x' } })
 * // throws: issues[0].path → ['query', 'where', 'op']
 */
export function parseQuery(input: unknown, basePath: readonly (string | number)[] = ['query']): Query {
  const checked = validate(QuerySchema, input ?? {}, basePath);
  if (!checked.ok) throw new InvalidQueryError(summary(checked.issues), { issues: checked.issues });
  const query = normalizeQuery(checked.value);
  try {
    compileQueryPredicate(query, { now: Date.now() });
  } catch (error) {
    if (!(error instanceof InvalidQueryError)) throw error;
    const issues = error.issues.map((i) => ({ ...i, path: [...basePath, ...i.path] }));
    throw new InvalidQueryError(summary(issues), { issues });
  }
  return query;
}

function summary(issues: readonly Issue[]): string {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return first === undefined ? 'Invalid query.' : `Invalid query at ${formatPath(first.path)}: ${first.message}${more}`;
}
