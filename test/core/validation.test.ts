import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { LimitExceededError, type Issue } from '../../src/core/errors.js';
import { formatIssues, formatPath, validate, zodIssues } from '../../src/core/validation.js';

/** The issues of a failed validation (fails the test when it validates). */
function issuesOf(schema: z.ZodType, input: unknown, basePath: readonly (string | number)[] = []): Issue[] {
  const r = validate(schema, input, basePath);
  if (r.ok) assert.fail(`expected ${JSON.stringify(input)} to fail`);
  return r.issues;
}
/** Hand-built zod issues, for the union corners zod's own schemas do not produce. */
const raw = (issues: unknown[]) => issues as z.core.$ZodIssue[];

// A condition-like schema: a list node or one of two field conditions told apart by `op`.
const Eq = z.strictObject({ op: z.literal('eq'), field: z.string() });
const In = z.strictObject({ op: z.literal('in'), values: z.array(z.string()) });
const Field = z.discriminatedUnion('op', [Eq, In]);
const Condition = z.union([z.strictObject({ all: z.array(z.string()) }), Field]);

test('valid input gives the parsed (transformed) value', () => {
  const schema = z.object({ n: z.string().transform(Number), tags: z.array(z.string()).default([]) });
  assert.deepEqual(validate(schema, { n: '42' }), { ok: true, value: { n: 42, tags: [] } });
});

test('input beyond a limit throws limit_exceeded before the schema runs, with paths under the base path', () => {
  let ran = false;
  const schema = z.unknown().refine(() => (ran = true));
  const by = Array.from({ length: 101 }, (_, i) => `f${i}`);
  assert.throws(
    () => validate(schema, { by }, ['steps', 0]),
    (e: unknown) => {
      assert.ok(e instanceof LimitExceededError);
      assert.deepEqual(e.issues, [
        {
          code: 'limit_exceeded',
          path: ['steps', 0, 'by'],
          message: 'Exceeds the maxFieldsPerStep limit of 100 (101 entries). Split the work into smaller requests; the limits are listed in docs/limits.md.',
        },
      ]);
      assert.equal(e.message, `Input too large at steps.0.by: ${e.issues[0]!.message}`);
      return true;
    },
  );
  assert.equal(ran, false);
  assert.deepEqual(validate(schema, { by: by.slice(1) }), { ok: true, value: { by: by.slice(1) } });
  assert.equal(ran, true);
});

test('without a base path, paths start at the root', () => {
  const r = validate(z.object({ a: z.string() }), { a: 1 });
  assert.deepEqual(r, { ok: false, issues: [{ code: 'invalid_type', path: ['a'], message: 'Expected string, got number 1.' }] });
});

test('wrong and missing types: the message says what was expected and what came, paths under the base path', () => {
  const schema = z.object({ steps: z.array(z.object({ by: z.string(), n: z.number().optional() })) });
  assert.deepEqual(issuesOf(schema, { steps: [{ by: 'a' }, { by: 3 }, { n: 1 }] }, ['pipeline']), [
    { code: 'invalid_type', path: ['pipeline', 'steps', 1, 'by'], message: 'Expected string, got number 3.' },
    { code: 'invalid_type', path: ['pipeline', 'steps', 2, 'by'], message: 'Required: expected string.' },
  ]);
});

test('values are described by kind: nothing, null, an array, an object, and scalars as JSON cut at 60 characters', () => {
  const s = z.object({ v: z.string() });
  const message = (v: unknown) => issuesOf(s, { v })[0]!.message;
  assert.equal(message(null), 'Expected string, got null.');
  assert.equal(message([1]), 'Expected string, got an array.');
  assert.equal(message({ a: 1 }), 'Expected string, got an object.');
  assert.equal(message(true), 'Expected string, got boolean true.');
  assert.equal(message(-1.5), 'Expected string, got number -1.5.');
  const n = z.object({ v: z.number() });
  const text58 = 'x'.repeat(58); // 60 characters as JSON: kept whole
  assert.equal(issuesOf(n, { v: text58 })[0]!.message, `Expected number, got string "${text58}".`);
  const text59 = 'y'.repeat(59); // 61 characters as JSON: cut to 57 and an ellipsis
  assert.equal(issuesOf(n, { v: text59 })[0]!.message, `Expected number, got string "${'y'.repeat(56)}....`);
  assert.equal(issuesOf(z.object({ v: z.literal('a') }), {})[0]!.message, 'Expected one of "a", got nothing.');
});

test('unknown keys: one issue per key, at the key', () => {
  assert.deepEqual(issuesOf(z.strictObject({ a: z.string() }), { a: 'x', p: 1, 'q r': 2 }, ['query']), [
    { code: 'unknown_key', path: ['query', 'p'], message: 'Unknown key "p". Remove it or check its spelling.' },
    { code: 'unknown_key', path: ['query', 'q r'], message: 'Unknown key "q r". Remove it or check its spelling.' },
  ]);
});

test('enums and literals list the allowed values', () => {
  assert.deepEqual(issuesOf(z.object({ order: z.enum(['asc', 'desc']) }), { order: 'up' }), [
    { code: 'invalid_value', path: ['order'], message: 'Expected one of "asc", "desc", got string "up".' },
  ]);
  assert.deepEqual(issuesOf(z.literal(2), 3), [{ code: 'invalid_value', path: [], message: 'Expected one of 2, got number 3.' }]);
});

test('a discriminated union: an unknown or missing discriminator lists the options; a known one reports its branch', () => {
  assert.deepEqual(issuesOf(Field, { op: 'eqq', field: 'x' }), [{ code: 'invalid_value', path: ['op'], message: 'Expected one of "eq", "in", got string "eqq".' }]);
  assert.deepEqual(issuesOf(Field, { field: 'x' }, ['where']), [{ code: 'invalid_value', path: ['where', 'op'], message: 'Expected one of "eq", "in", got nothing.' }]);
  assert.deepEqual(issuesOf(Field, { op: 'in', values: ['a', 2] }), [{ code: 'invalid_type', path: ['values', 1], message: 'Expected string, got number 2.' }]);
});

test('a union over a discriminated union: without the discriminator the shape is wrong; with a bad one, the options', () => {
  const schema = z.object({ where: Condition });
  assert.deepEqual(issuesOf(schema, { where: { field: 'x' } }, ['query']), [{ code: 'invalid_shape', path: ['query', 'where'], message: 'Invalid input' }]);
  assert.deepEqual(issuesOf(schema, { where: { op: 'zz', field: 'x' } }, ['query']), [
    { code: 'invalid_value', path: ['query', 'where', 'op'], message: 'Expected one of "eq", "in", got string "zz".' },
  ]);
  assert.deepEqual(issuesOf(schema, { where: { op: 'eq', field: 1 } }, ['query']), [
    { code: 'invalid_type', path: ['query', 'where', 'field'], message: 'Expected string, got number 1.' },
  ]);
  assert.deepEqual(issuesOf(schema, { where: { all: [1] } }), [{ code: 'invalid_type', path: ['where', 'all', 0], message: 'Expected string, got number 1.' }]);
});

test('union branches: unknown keys weigh 10 each, so the branch with several plain type errors wins', () => {
  // (A branch failing only for unknown keys is taken by zod itself; here both branches also fail outright.)
  // First branch: `a` missing (-5) and 2 unknown keys (-20). Second: 12 wrong types (-12).
  const schema = z.union([z.strictObject({ a: z.string() }), z.object({ p: z.array(z.number()), q: z.array(z.number()) })]);
  const twelve = issuesOf(schema, { p: Array(6).fill('x'), q: Array(6).fill('y') });
  assert.equal(twelve.length, 12);
  assert.deepEqual(twelve[0], { code: 'invalid_type', path: ['p', 0], message: 'Expected number, got string "x".' });
  assert.deepEqual(twelve[11], { code: 'invalid_type', path: ['q', 5], message: 'Expected number, got string "y".' });
  // One unknown key and a missing one (-15) lose to 14 wrong types (-14) and beat 16 (-16).
  const one = (n: number) => z.union([z.strictObject({ a: z.string() }), z.object({ p: z.array(z.number()).length(n) })]);
  assert.equal(issuesOf(one(14), { p: Array(14).fill('x') }).length, 14);
  assert.deepEqual(issuesOf(one(16), { p: Array(16).fill('x') }), [
    { code: 'invalid_type', path: ['a'], message: 'Required: expected string.' },
    { code: 'unknown_key', path: ['p'], message: 'Unknown key "p". Remove it or check its spelling.' },
  ]);
});

test('union branches: a missing key weighs 5, a wrong value 1', () => {
  // First branch: `a` missing (-5). Second: 4 wrong types (-4): the second wins.
  const schema = z.union([z.object({ a: z.string() }), z.object({ b: z.array(z.number()) })]);
  assert.deepEqual(
    issuesOf(schema, { b: ['w', 'x', 'y', 'z'] }).map((i) => i.message),
    ['Expected number, got string "w".', 'Expected number, got string "x".', 'Expected number, got string "y".', 'Expected number, got string "z".'],
  );
  // With 6 wrong types (-6) the missing key (-5) wins.
  assert.deepEqual(issuesOf(schema, { b: Array(6).fill('x') }), [{ code: 'invalid_type', path: ['a'], message: 'Required: expected string.' }]);
});

test('union branches: a missing literal or enum key weighs as a missing key, not as a wrong value', () => {
  // First branch: `kind` missing (zod: invalid_value without a value, -5). Second: 2 wrong types (-2): the second wins.
  for (const kind of [z.literal('a'), z.enum(['a', 'b'])]) {
    const schema = z.union([z.object({ kind }), z.object({ b: z.array(z.number()) })]);
    assert.deepEqual(issuesOf(schema, { b: ['x', 'y'] }), [
      { code: 'invalid_type', path: ['b', 0], message: 'Expected number, got string "x".' },
      { code: 'invalid_type', path: ['b', 1], message: 'Expected number, got string "y".' },
    ]);
  }
});

test('union branches: fewer wrong values win; on a tie the first branch wins', () => {
  const schema = z.object({ a: z.union([z.array(z.number()), z.array(z.string())]) });
  assert.deepEqual(issuesOf(schema, { a: [1, 'x', 'y'] }), [{ code: 'invalid_type', path: ['a', 0], message: 'Expected string, got number 1.' }]);
  assert.deepEqual(issuesOf(schema, { a: [1, 2, 'y'] }), [{ code: 'invalid_type', path: ['a', 2], message: 'Expected number, got string "y".' }]);
  const tie = z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]);
  assert.deepEqual(issuesOf(tie, {}), [{ code: 'invalid_type', path: ['a'], message: 'Required: expected string.' }]);
  assert.deepEqual(issuesOf(z.union([z.string(), z.number()]), true), [{ code: 'invalid_type', path: [], message: 'Expected string, got boolean true.' }]);
});

test('record keys that fail their schema: invalid_key naming the key and why', () => {
  const schema = z.object({ outputs: z.record(z.string().regex(/^[a-z]+$/, 'Use lower-case letters.'), z.number()) });
  assert.deepEqual(issuesOf(schema, { outputs: { ok: 1, 'Bad Key': 2 } }, ['pipeline']), [
    { code: 'invalid_key', path: ['pipeline', 'outputs', 'Bad Key'], message: 'Invalid name "Bad Key": Use lower-case letters.' },
  ]);
});

test('refinements name their own code in params.code; without one (or with a non-string one) the code is custom', () => {
  const short = (params?: Record<string, unknown>) => z.string().refine((s) => s.length > 2, { message: 'Too short.', ...(params === undefined ? {} : { params }) });
  assert.deepEqual(issuesOf(short({ code: 'too_short' }), 'ab', ['name']), [{ code: 'too_short', path: ['name'], message: 'Too short.' }]);
  assert.deepEqual(issuesOf(short(), 'ab'), [{ code: 'custom', path: [], message: 'Too short.' }]);
  assert.deepEqual(issuesOf(short({ code: 7 }), 'ab'), [{ code: 'custom', path: [], message: 'Too short.' }]);
});

test('other zod issues keep their code and message', () => {
  assert.deepEqual(issuesOf(z.object({ steps: z.array(z.string()).min(1) }), { steps: [] }), [
    { code: 'too_small', path: ['steps'], message: 'Too small: expected array to have >=1 items' },
  ]);
});

test('zodIssues: symbol path keys become strings; the base path defaults to the root', () => {
  const sym = Symbol('k');
  assert.deepEqual(zodIssues(raw([{ code: 'too_big', maximum: 1, origin: 'array', path: [sym, 0], message: 'Too big.' }])), [
    { code: 'too_big', path: ['Symbol(k)', 0], message: 'Too big.' },
  ]);
  assert.deepEqual(zodIssues([]), []);
});

test('zodIssues: a union with no branches and no options keeps its message; with options it reads the value given', () => {
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_union', errors: [], path: ['a'], message: 'No branch matched.' }]), ['q']), [
    { code: 'invalid_value', path: ['q', 'a'], message: 'No branch matched.' },
  ]);
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_union', errors: [[]], path: [], message: 'Empty branch.' }])), [{ code: 'invalid_value', path: [], message: 'Empty branch.' }]);
  const withOptions = (input: unknown) => zodIssues(raw([{ code: 'invalid_union', errors: [], options: ['a', 1], path: ['x', 'length'], message: 'm' }]), [], input)[0]!.message;
  assert.equal(withOptions({ x: { length: 'long' } }), 'Expected one of "a", 1, got string "long".');
  // The value is read through objects only: not through strings, nulls or missing parts.
  assert.equal(withOptions({ x: 'abc' }), 'Expected one of "a", 1, got nothing.');
  assert.equal(withOptions({ x: null }), 'Expected one of "a", 1, got nothing.');
  assert.equal(withOptions(undefined), 'Expected one of "a", 1, got nothing.');
});

test('zodIssues: the wrong-shape rule applies only to a lone empty union, and only when its key is absent', () => {
  const emptyUnion = { code: 'invalid_union', errors: [], options: ['eq'], path: ['op'], message: 'Bad op.' };
  const wrongType = { code: 'invalid_type', expected: 'string', path: ['field'], input: 1, message: 'm' };
  // Lone empty union, key absent: the shape is wrong.
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_union', errors: [[emptyUnion]], path: ['w'], message: 'Nothing fits.' }]), [], { w: {} }), [
    { code: 'invalid_shape', path: ['w'], message: 'Nothing fits.' },
  ]);
  // Key present (even null): the options are listed.
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_union', errors: [[emptyUnion]], path: ['w'], message: 'Nothing fits.' }]), [], { w: { op: null } }), [
    { code: 'invalid_value', path: ['w', 'op'], message: 'Expected one of "eq", got null.' },
  ]);
  // Not alone in its branch: each issue is reported.
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_union', errors: [[emptyUnion, wrongType]], path: [], message: 'Nothing fits.' }]), [], {}), [
    { code: 'invalid_value', path: ['op'], message: 'Expected one of "eq", got nothing.' },
    { code: 'invalid_type', path: ['field'], message: 'Expected string, got number 1.' },
  ]);
  // A lone union that has branches of its own is followed into them.
  const inner = { code: 'invalid_union', errors: [[wrongType]], path: ['c'], message: 'Inner.' };
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_union', errors: [[inner]], path: ['w'], message: 'Outer.' }]), ['b'], {}), [
    { code: 'invalid_type', path: ['b', 'w', 'c', 'field'], message: 'Expected string, got number 1.' },
  ]);
  // A lone issue of another kind is reported as it is.
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_union', errors: [[{ ...wrongType, path: ['op'], input: undefined }]], path: [], message: 'm' }]), [], {}), [
    { code: 'invalid_type', path: ['op'], message: 'Required: expected string.' },
  ]);
});

test('zodIssues: invalid_key without the inner issue keeps its own message; at the root the name is empty', () => {
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_key', origin: 'record', issues: [], path: ['k'], message: 'Invalid key in record' }])), [
    { code: 'invalid_key', path: ['k'], message: 'Invalid name "k": Invalid key in record' },
  ]);
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_key', origin: 'map', path: [], message: 'Bad key.' }]), ['base']), [
    { code: 'invalid_key', path: ['base'], message: 'Invalid name "": Bad key.' },
  ]);
  assert.deepEqual(zodIssues(raw([{ code: 'invalid_key', origin: 'record', issues: [{ message: 'Inner.' }], path: ['a', 3], message: 'Outer.' }])), [
    { code: 'invalid_key', path: ['a', 3], message: 'Invalid name "3": Inner.' },
  ]);
});

test('formatPath writes paths as JavaScript would address them', () => {
  assert.equal(formatPath([]), '(root)');
  assert.equal(formatPath(['steps', 2, 'by']), 'steps[2].by');
  assert.equal(formatPath([0, 'a']), '[0].a');
  assert.equal(formatPath(['_a', '$b', 'c9', 'Z']), '_a.$b.c9.Z');
  assert.equal(formatPath(['details', 'data-id']), 'details["data-id"]');
  assert.equal(formatPath(['9a', 'a-', '-a', 'a b', '']), '["9a"]["a-"]["-a"]["a b"][""]');
  assert.equal(formatPath(['x', 'é', 'q"']), 'x["é"]["q\\""]');
});

test('formatIssues: one indented line per issue', () => {
  assert.equal(
    formatIssues([
      { code: 'invalid_type', path: ['steps', 2, 'by'], message: 'Expected string, got number 3.' },
      { code: 'unknown_key', path: [], message: 'Unknown key.' },
    ]),
    '  steps[2].by: Expected string, got number 3.\n  (root): Unknown key.',
  );
  assert.equal(formatIssues([]), '');
});
