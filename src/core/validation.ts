import type { z } from 'zod';
import type { Issue } from './errors.js';
import { checkInputLimits, limitError } from './limits.js';

/**
 * Validate `input` against a zod schema and return either the parsed value or a flat list of issues, each with
 * the JSON path of the offending part and a message that says how to fix it.
 *
 * Union failures are reduced to the branch that got furthest (the one whose issues sit deepest, then the fewest),
 * so a user who wrote `{ "field": "type", "op": "eqq" }` hears about `op`, not about every other shape a
 * condition could have had. Input beyond the size limits of `limits.ts` (nesting depth, conditions, list
 * lengths) is refused *before* the schema runs, so recursive schemas never see a document deep enough to overflow
 * the stack. Cost: one iterative pass plus one schema parse.
 *
 * @throws LimitExceededError (`limit_exceeded`: HTTP 422, exit 2) when the input is beyond a limit.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  basePath: readonly (string | number)[] = [],
): { ok: true; value: z.output<S> } | { ok: false; issues: Issue[] } {
  const tooLarge = checkInputLimits(input, basePath);
  if (tooLarge.length > 0) throw limitError(tooLarge);
  // reportInput: issues carry the value received, so messages can say what was wrong with it.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: zodIssues(result.error.issues, basePath, input) };
}

/** Convert zod issues to Distill issues (see {@link validate}). */
export function zodIssues(
  issues: readonly z.core.$ZodIssue[],
  basePath: readonly (string | number)[] = [],
  input?: unknown,
): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) collect(issue, basePath, [], input, out);
  return out;
}

function collect(
  issue: z.core.$ZodIssue,
  base: readonly (string | number)[],
  rel: readonly (string | number)[],
  input: unknown,
  out: Issue[],
): void {
  const relPath = [...rel, ...issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k))];
  const path = [...base, ...relPath];
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        out.push({ code: 'unknown_key', path: [...path, key], message: `Unknown key "${key}". Remove it or check its spelling.` });
      }
      return;
    case 'invalid_union': {
      const best = bestBranch(issue.errors);
      const only = best?.length === 1 ? best[0] : undefined;
      if (only?.code === 'invalid_union' && only.errors.length === 0 && valueAt(input, [...relPath, ...only.path.map(String)]) === undefined) {
        // Not even the distinguishing key is there: the object has the wrong shape altogether.
        out.push({ code: 'invalid_shape', path, message: issue.message });
        return;
      }
      if (best === undefined || best.length === 0) {
        const options = (issue as { options?: unknown[] }).options;
        const message =
          options === undefined
            ? issue.message
            : `Expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describe(valueAt(input, relPath))}.`;
        out.push({ code: 'invalid_value', path, message });
        return;
      }
      for (const sub of best) collect(sub, base, relPath, input, out);
      return;
    }
    case 'invalid_type':
      out.push({
        code: 'invalid_type',
        path,
        message: issue.input === undefined ? `Required: expected ${issue.expected}.` : `Expected ${issue.expected}, got ${describe(issue.input)}.`,
      });
      return;
    case 'invalid_value':
      out.push({
        code: 'invalid_value',
        path,
        message: `Expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(issue.input)}.`,
      });
      return;
    case 'invalid_key': {
      const inner = (issue as { issues?: { message: string }[] }).issues?.[0];
      out.push({ code: 'invalid_key', path, message: `Invalid name ${JSON.stringify(String(relPath.at(-1) ?? ''))}: ${inner?.message ?? issue.message}` });
      return;
    }
    case 'custom': {
      // Refinements name their own stable code in `params.code`.
      const code = (issue.params as { code?: unknown } | undefined)?.code;
      out.push({ code: typeof code === 'string' ? code : 'custom', path, message: issue.message });
      return;
    }
    default:
      out.push({ code: issue.code, path, message: issue.message });
  }
}

/**
 * Pick the union branch the user most likely meant: the one whose failures say least that the shape itself is
 * wrong (unknown keys, missing required keys), then the one with the fewest issues; the first on ties. A missing
 * key is any issue without a received value: zod reports a missing string as `invalid_type` but a missing literal
 * or enum as `invalid_value`, and both say the key is not there.
 */
function bestBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  let best: readonly z.core.$ZodIssue[] | undefined;
  let bestScore = -Infinity;
  for (const branch of branches) {
    let score = 0;
    for (const i of branch) {
      if (i.code === 'unrecognized_keys') score -= 10 * i.keys.length;
      else if (i.input === undefined) score -= 5;
      else score -= 1;
    }
    if (score > bestScore) {
      bestScore = score;
      best = branch;
    }
  }
  return best;
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/** Render issues as lines for a CLI (`steps[2].by: Expected string, got number 3.`). */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n');
}

/** Render a JSON path the way JavaScript would address it: `steps[2].by`, `(root)` for the top. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}
