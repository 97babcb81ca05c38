import { LimitExceededError, type Issue } from './errors.js';

/**
 * The sizes that make work super-linear or recursive, each with a documented bound (`docs/limits.md`). A request,
 * pipeline or query beyond one is refused before anything runs with an issue of code `limit_exceeded` whose
 * message names the limit — HTTP 422, CLI exit 2 — instead of freezing the event loop or overflowing the stack.
 *
 * The checks walk the raw input iteratively (no recursion), so they run safely *before* zod's recursive schemas.
 */
export const LIMITS = Object.freeze({
  /** JSON nesting of any request body, pipeline, query or parameter object (objects and arrays). */
  maxNestingDepth: 64,
  /** Condition nodes (`all`, `any`, `not`, field conditions) in one `where` tree. */
  maxConditions: 256,
  /** Entries of a list parameter of one step (`count-by` `by`, `project` `fields`) and of a query's `fields`. */
  maxFieldsPerStep: 100,
  /** Steps in one pipeline's shared `steps`, and in each of its named `outputs`. */
  maxSteps: 100,
  /**
   * JSON values (objects, arrays, scalars) in one document. Schema validation costs per value — far more for values
   * that fail a union — so this bounds the validation work a single request can ask for.
   */
  maxInputNodes: 5_000,
});

export type LimitName = keyof typeof LIMITS;

type Path = readonly (string | number)[];

/** The issue for one exceeded limit; the message names the limit, its value and what was found. */
export function limitIssue(limit: LimitName, path: Path, found: string): Issue {
  return {
    code: 'limit_exceeded',
    path,
    message: `Exceeds the ${limit} limit of ${LIMITS[limit]} (${found}). Split the work into smaller requests; the limits are listed in docs/limits.md.`,
  };
}

/** The error for exceeded limits: `limit_exceeded` (HTTP 422, exit 2), its message naming the first limit. */
export function limitError(issues: readonly Issue[]): LimitExceededError {
  const first = issues[0];
  const where = first === undefined ? '' : ` at ${first.path.join('.') || '(root)'}: ${first.message}`;
  return new LimitExceededError(`Input too large${where}`, { issues });
}

/**
 * Check a raw document (request body, pipeline, query, step parameters) against the nesting depth limit, the
 * conditions-per-`where` limit and the list-length limit on `by`/`fields`, and refuse `__proto__` keys (which
 * schemas would otherwise drop silently). Stops at the first problem of each limit.
 * Cost: one iterative pass over the input, O(nodes), stopping at the first violation.
 *
 * @example checkInputLimits({ where: { not: { not: { … 100 deep … } } } })
 * // → [{ code: 'limit_exceeded', path: ['where', 'not', …], message: 'Exceeds the maxNestingDepth limit of 64 …' }]
 */
export function checkInputLimits(input: unknown, basePath: Path = []): Issue[] {
  // Depth first, on its own: a deep tree is refused for its depth whatever else it holds.
  const { deep, nodes } = measure(input, basePath);
  if (deep !== undefined) return [limitIssue('maxNestingDepth', deep, `nested more than ${LIMITS.maxNestingDepth} levels deep`)];
  const issues: Issue[] = [];
  let listReported = false;
  let conditionsReported = false;
  const stack: { value: unknown; path: Path }[] = [{ value: input, path: basePath }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      const childPath = [...path, key];
      if (key === '__proto__') {
        // JSON.parse makes it an own key; object spreads and schema copies would turn it into a prototype and
        // drop it silently. No Distill document has such a key: refuse it like any unknown key.
        issues.push({ code: 'unknown_key', path: childPath, message: 'Unknown key "__proto__". Remove it.' });
        continue;
      }
      if (key === 'where' && !conditionsReported) {
        const count = countConditions(child, LIMITS.maxConditions + 1);
        if (count > LIMITS.maxConditions) {
          issues.push(limitIssue('maxConditions', childPath, `more than ${LIMITS.maxConditions} conditions`));
          conditionsReported = true;
          continue;
        }
      }
      if ((key === 'by' || key === 'fields') && Array.isArray(child) && child.length > LIMITS.maxFieldsPerStep && !listReported) {
        issues.push(limitIssue('maxFieldsPerStep', childPath, `${child.length} entries`));
        listReported = true;
        continue;
      }
      if (key === 'steps' && Array.isArray(child) && child.length > LIMITS.maxSteps) {
        issues.push(...checkStepCount(child, childPath));
        continue;
      }
      if (key === 'outputs' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        // Each named output is a chain of steps after the shared ones: bounded like `steps`.
        const long = Object.entries(child).find(([, branch]) => Array.isArray(branch) && branch.length > LIMITS.maxSteps);
        if (long !== undefined) {
          issues.push(...checkStepCount(long[1] as unknown[], [...childPath, long[0]]));
          continue;
        }
      }
      stack.push({ value: child, path: childPath });
    }
  }
  if (issues.length === 0 && nodes > LIMITS.maxInputNodes) issues.push(limitIssue('maxInputNodes', basePath, `${nodes} JSON values`));
  return issues;
}

/** The path of the first node deeper than the limit (if any) and the number of JSON values. Iterative. */
function measure(input: unknown, basePath: Path): { deep: Path | undefined; nodes: number } {
  const stack: { value: unknown; depth: number; parent: number; key: string | number }[] = [{ value: input, depth: 0, parent: -1, key: '' }];
  const visited: { parent: number; key: string | number }[] = [];
  let nodes = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    const { value, depth } = item;
    nodes++;
    if (value === null || typeof value !== 'object') continue;
    const index = visited.length;
    visited.push({ parent: item.parent, key: item.key });
    if (depth >= LIMITS.maxNestingDepth) {
      const keys: (string | number)[] = [];
      for (let i = index; i > 0; i = visited[i]!.parent) keys.push(visited[i]!.key);
      return { deep: [...basePath, ...keys.reverse()], nodes };
    }
    if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, parent: index, key: i });
    else for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: index, key });
  }
  return { deep: undefined, nodes };
}

/** Check the number of steps of a pipeline. */
export function checkStepCount(steps: readonly unknown[], path: Path = ['steps']): Issue[] {
  return steps.length > LIMITS.maxSteps ? [limitIssue('maxSteps', path, `${steps.length} steps`)] : [];
}

/** Count the objects in a condition tree, stopping at `stopAt`. Iterative. */
function countConditions(tree: unknown, stopAt: number): number {
  let count = 0;
  const stack: unknown[] = [tree];
  while (stack.length > 0 && count < stopAt) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    count++; // every element of all/any counts, whatever it is: validating a bad one costs as much
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    if (Object.hasOwn(record, 'all')) stack.push(record.all);
    if (Object.hasOwn(record, 'any')) stack.push(record.any);
    if (Object.hasOwn(record, 'not')) stack.push(record.not);
  }
  return count;
}
