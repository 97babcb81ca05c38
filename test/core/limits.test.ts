import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LimitExceededError } from '../../src/core/errors.js';
import { LIMITS, checkInputLimits, checkStepCount, limitError, limitIssue } from '../../src/core/limits.js';

const TAIL = 'Split the work into smaller requests; the limits are listed in docs/limits.md.';
const PROTO = (path: (string | number)[]) => ({ code: 'unknown_key', path, message: 'Unknown key "__proto__". Remove it.' });

/** `n` objects nested under key `key`, the innermost holding `leaf`. */
function nest(n: number, leaf: unknown = 1, key = 'a'): unknown {
  let v = leaf;
  for (let i = 0; i < n; i++) v = { [key]: v };
  return v;
}
/** `n` arrays nested, the innermost holding `leaf`. */
function nestArrays(n: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}
/** A field condition. */
const cond = (i: number) => ({ field: 'type', op: 'eq', value: `t${i}` });
const list = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);

test('the limits and their values', () => {
  assert.deepEqual({ ...LIMITS }, { maxNestingDepth: 64, maxConditions: 256, maxFieldsPerStep: 100, maxSteps: 100, maxInputNodes: 5000 });
  assert.equal(Object.isFrozen(LIMITS), true);
});

test('limitIssue names the limit, its value and what was found', () => {
  assert.deepEqual(limitIssue('maxSteps', ['outputs', 'a'], '101 steps'), {
    code: 'limit_exceeded',
    path: ['outputs', 'a'],
    message: `Exceeds the maxSteps limit of 100 (101 steps). ${TAIL}`,
  });
  assert.equal(limitIssue('maxInputNodes', [], 'x').message, `Exceeds the maxInputNodes limit of 5000 (x). ${TAIL}`);
});

test('limitError: a LimitExceededError whose message names the first issue and its path, (root) for the top', () => {
  const first = limitIssue('maxFieldsPerStep', ['steps', 0, 'by'], '101 entries');
  const second = limitIssue('maxSteps', ['steps'], '101 steps');
  const e = limitError([first, second]);
  assert.ok(e instanceof LimitExceededError);
  assert.equal(e.code, 'limit_exceeded');
  assert.equal(e.message, `Input too large at steps.0.by: Exceeds the maxFieldsPerStep limit of 100 (101 entries). ${TAIL}`);
  assert.deepEqual(e.issues, [first, second]);
  assert.equal(limitError([limitIssue('maxInputNodes', [], '5001 JSON values')]).message, `Input too large at (root): Exceeds the maxInputNodes limit of 5000 (5001 JSON values). ${TAIL}`);
  const none = limitError([]);
  assert.equal(none.message, 'Input too large');
  assert.deepEqual(none.issues, []);
});

test('nesting: 64 levels of objects or arrays pass, 65 are refused with the path of the first too-deep node', () => {
  assert.deepEqual(checkInputLimits(nest(64)), []);
  assert.deepEqual(checkInputLimits(nest(64, { b: 1, c: [1, 2] })), [
    limitIssue('maxNestingDepth', Array(64).fill('a'), 'nested more than 64 levels deep'),
  ]);
  assert.deepEqual(checkInputLimits(nest(65)), [limitIssue('maxNestingDepth', Array(64).fill('a'), 'nested more than 64 levels deep')]);
  assert.deepEqual(checkInputLimits(nestArrays(64)), []);
  assert.deepEqual(checkInputLimits(nestArrays(64, 'deep scalars are fine')), []);
  assert.deepEqual(checkInputLimits(nestArrays(65)), [limitIssue('maxNestingDepth', Array(64).fill(0), 'nested more than 64 levels deep')]);
  // Empty containers count as levels too.
  assert.deepEqual(checkInputLimits(nest(64, {})), [limitIssue('maxNestingDepth', Array(64).fill('a'), 'nested more than 64 levels deep')]);
  assert.deepEqual(checkInputLimits(nest(63, [])), []);
});

test('nesting: the path runs through siblings and array indexes exactly, under the base path', () => {
  const input = { x: 1, y: [0, { z: 'q', w: nest(62) }] };
  // Depths: root 0, y 1, y[1] 2, w 3, then 62 objects down to depth 64.
  assert.deepEqual(checkInputLimits(input, ['body']), [
    limitIssue('maxNestingDepth', ['body', 'y', 1, 'w', ...Array(61).fill('a')], 'nested more than 64 levels deep'),
  ]);
  assert.deepEqual(checkInputLimits({ x: 1, y: [0, { z: 'q', w: nest(61) }] }, ['body']), []);
});

test('nesting is reported alone, whatever else is wrong', () => {
  const input = JSON.parse(JSON.stringify({ steps: Array(101).fill({}), deep: nest(65) }).replace('"deep"', '"__proto__"'));
  assert.deepEqual(checkInputLimits(input), [limitIssue('maxNestingDepth', ['__proto__', ...Array(63).fill('a')], 'nested more than 64 levels deep')]);
});

test('__proto__ keys are refused wherever they are, without looking inside them', () => {
  const input = JSON.parse('{"x":{"__proto__":1},"y":[{"__proto__":{"__proto__":2}}],"z":{"where":{"__proto__":0}},"__proto__":[]}');
  assert.deepEqual(checkInputLimits(input), [PROTO(['__proto__']), PROTO(['z', 'where', '__proto__']), PROTO(['y', 0, '__proto__']), PROTO(['x', '__proto__'])]);
  assert.deepEqual(checkInputLimits(JSON.parse('{"a":{"__proto__":null}}'), ['query']), [PROTO(['query', 'a', '__proto__'])]);
  assert.deepEqual(checkInputLimits({ proto: 1, constructor: { prototype: 2 } }), []);
});

test('a where tree of exactly 256 condition nodes passes; 257 is refused', () => {
  // all + 255 field conditions = 256 nodes; every element of an all/any list counts.
  assert.deepEqual(checkInputLimits({ where: { all: Array.from({ length: 255 }, (_, i) => cond(i)) } }), []);
  assert.deepEqual(checkInputLimits({ where: { all: Array.from({ length: 256 }, (_, i) => cond(i)) } }), [
    limitIssue('maxConditions', ['where'], 'more than 256 conditions'),
  ]);
  // not, any and nested lists: 1 (any) + 1 (not) + 1 (all) + 253 = 256.
  const mixed = (n: number) => ({ any: [{ not: { all: Array.from({ length: n }, (_, i) => cond(i)) } }] });
  assert.deepEqual(checkInputLimits({ where: mixed(253) }), []);
  assert.deepEqual(checkInputLimits({ steps: [{ op: 'filter', where: mixed(254) }] }), [limitIssue('maxConditions', ['steps', 0, 'where'], 'more than 256 conditions')]);
  // Anything in a list counts, scalars and nulls too (validating a bad element costs as much as a good one).
  assert.deepEqual(checkInputLimits({ where: { any: Array(255).fill(null) } }), []);
  assert.deepEqual(checkInputLimits({ where: { any: Array(256).fill(7) } }), [limitIssue('maxConditions', ['where'], 'more than 256 conditions')]);
  // undefined (from objects built in code, never from JSON) counts like any scalar.
  assert.deepEqual(checkInputLimits({ where: { all: [undefined, 1] } }), []);
  assert.deepEqual(checkInputLimits({ where: { any: Array(256).fill(undefined) } }), [limitIssue('maxConditions', ['where'], 'more than 256 conditions')]);
  // Nested lists do not count themselves.
  assert.deepEqual(checkInputLimits({ where: { all: [Array(127).fill(1), Array(128).fill(1)] } }), []);
  assert.deepEqual(checkInputLimits({ where: { all: [Array(128).fill(1), Array(128).fill(1)] } }), [limitIssue('maxConditions', ['where'], 'more than 256 conditions')]);
  // Under `not` a list counts its elements too: 1 + 1 + 255 = 257.
  assert.deepEqual(checkInputLimits({ where: { not: { any: Array(255).fill(1) } } }), [limitIssue('maxConditions', ['where'], 'more than 256 conditions')]);
  assert.deepEqual(checkInputLimits({ where: { not: { any: Array(254).fill(1) } } }), []);
});

test('only all, any and not are followed in a condition, and only as own keys', () => {
  // Keys other than all/any/not are not condition children, however large.
  const fat = { field: 'x', op: 'in', value: Array(300).fill(1) };
  assert.deepEqual(checkInputLimits({ where: fat }), []);
  const both = { all: Array(100).fill(1), any: Array(100).fill(2), not: { all: Array(55).fill(3) } };
  // 1 + 100 + 100 + 1 (the object under not) + 55 = 257.
  assert.deepEqual(checkInputLimits({ where: both }), [limitIssue('maxConditions', ['where'], 'more than 256 conditions')]);
  assert.deepEqual(checkInputLimits({ where: { ...both, not: { all: Array(54).fill(3) } } }), []);
  // Inherited all/any/not (never from JSON, but from objects built in code) are not followed.
  assert.deepEqual(checkInputLimits({ where: Object.create({ all: Array(300).fill(1) }) as object }), []);
});

test('only the first where over the limit is reported; a where within it is walked like any value', () => {
  const big = { all: Array(256).fill(1) };
  assert.deepEqual(checkInputLimits({ a: { where: big }, b: { where: big } }), [limitIssue('maxConditions', ['b', 'where'], 'more than 256 conditions')]);
  const small = JSON.parse('{"where":{"all":[{"__proto__":1}]}}');
  assert.deepEqual(checkInputLimits(small), [PROTO(['where', 'all', 0, '__proto__'])]);
  // After one report, a later where is walked (its __proto__ found) but not counted again.
  const input = JSON.parse(`{"a":{"where":{"all":[{"__proto__":1}]}},"b":{"where":${JSON.stringify(big)}}}`);
  assert.deepEqual(checkInputLimits(input), [limitIssue('maxConditions', ['b', 'where'], 'more than 256 conditions'), PROTO(['a', 'where', 'all', 0, '__proto__'])]);
  // A refused where is not walked.
  const refused = JSON.parse(`{"where":{"any":[${Array(256).fill('{"__proto__":1}').join(',')}]}}`);
  assert.deepEqual(checkInputLimits(refused), [limitIssue('maxConditions', ['where'], 'more than 256 conditions')]);
});

test('by and fields lists: 100 entries pass, 101 are refused, once per document', () => {
  assert.deepEqual(checkInputLimits({ by: list(100), fields: list(100) }), []);
  assert.deepEqual(checkInputLimits({ steps: [{ op: 'count-by', by: list(101) }] }), [limitIssue('maxFieldsPerStep', ['steps', 0, 'by'], '101 entries')]);
  assert.deepEqual(checkInputLimits({ query: { fields: list(150) } }), [limitIssue('maxFieldsPerStep', ['query', 'fields'], '150 entries')]);
  // The first found is reported (the walk takes the last key first); the second is walked, not reported.
  assert.deepEqual(checkInputLimits({ a: { by: list(101) }, b: { fields: list(102) } }), [limitIssue('maxFieldsPerStep', ['b', 'fields'], '102 entries')]);
  // A string or an object under by/fields is not a list.
  assert.deepEqual(checkInputLimits({ by: 'x'.repeat(500), fields: Object.fromEntries(list(101).map((f) => [f, 1])) }), []);
  // A list within the limit is walked; a refused one is not.
  assert.deepEqual(checkInputLimits({ by: [...list(99), JSON.parse('{"__proto__":1}')] }), [PROTO(['by', 99, '__proto__'])]);
  assert.deepEqual(checkInputLimits({ by: [...list(100), JSON.parse('{"__proto__":1}')] }), [limitIssue('maxFieldsPerStep', ['by'], '101 entries')]);
});

test('steps: 100 pass, 101 are refused (every such list), and a refused list is not walked', () => {
  assert.deepEqual(checkStepCount(Array(100).fill({})), []);
  assert.deepEqual(checkStepCount(Array(101).fill({})), [limitIssue('maxSteps', ['steps'], '101 steps')]);
  assert.deepEqual(checkStepCount(Array(250).fill({}), ['outputs', 'x']), [limitIssue('maxSteps', ['outputs', 'x'], '250 steps')]);
  assert.deepEqual(checkInputLimits({ steps: Array(100).fill({ op: 'limit' }) }), []);
  assert.deepEqual(checkInputLimits({ steps: Array(101).fill({ op: 'limit' }) }), [limitIssue('maxSteps', ['steps'], '101 steps')]);
  const two = { a: { steps: Array(101).fill(1) }, b: { steps: Array(102).fill(1) } };
  assert.deepEqual(checkInputLimits(two), [limitIssue('maxSteps', ['b', 'steps'], '102 steps'), limitIssue('maxSteps', ['a', 'steps'], '101 steps')]);
  assert.deepEqual(checkInputLimits({ steps: [...Array(100).fill(1), JSON.parse('{"__proto__":1}')] }), [limitIssue('maxSteps', ['steps'], '101 steps')]);
  assert.deepEqual(checkInputLimits({ steps: [...Array(99).fill(1), JSON.parse('{"__proto__":1}')] }), [PROTO(['steps', 99, '__proto__'])]);
  assert.deepEqual(checkInputLimits({ steps: 'x'.repeat(200) }), []);
});

test('named outputs: each branch is bounded like steps; the first long one is reported and the outputs not walked', () => {
  assert.deepEqual(checkInputLimits({ outputs: { a: Array(100).fill(1), b: Array(100).fill(1) } }), []);
  assert.deepEqual(checkInputLimits({ outputs: { a: Array(100).fill(1), b: Array(101).fill(1), c: Array(102).fill(1) } }), [
    limitIssue('maxSteps', ['outputs', 'b'], '101 steps'),
  ]);
  const walked = JSON.parse('{"outputs":{"a":[{"__proto__":1}],"b":"text","c":null}}');
  assert.deepEqual(checkInputLimits(walked), [PROTO(['outputs', 'a', 0, '__proto__'])]);
  const notWalked = JSON.parse(`{"outputs":{"a":[{"__proto__":1}],"b":${JSON.stringify(Array(101).fill(1))}}}`);
  assert.deepEqual(checkInputLimits(notWalked), [limitIssue('maxSteps', ['outputs', 'b'], '101 steps')]);
  // outputs that is not an object of branches is walked as it is.
  assert.deepEqual(checkInputLimits({ outputs: null }), []);
  assert.deepEqual(checkInputLimits({ outputs: 'x'.repeat(200) }), []);
  assert.deepEqual(checkInputLimits({ outputs: [Array(101).fill(1)] }), []);
  assert.deepEqual(checkInputLimits({ outputs: [JSON.parse('{"__proto__":1}')] }), [PROTO(['outputs', 0, '__proto__'])]);
  assert.deepEqual(checkInputLimits({ outputs: { a: { steps: Array(101).fill(1) } } }), [limitIssue('maxSteps', ['outputs', 'a', 'steps'], '101 steps')]);
});

test('input nodes: 5000 JSON values pass, 5001 are refused at the base path, unless another issue was found', () => {
  // An array of 4999 scalars is 5000 values (the array counts).
  assert.deepEqual(checkInputLimits(Array(4999).fill(0)), []);
  assert.deepEqual(checkInputLimits(Array(5000).fill(0), ['body']), [limitIssue('maxInputNodes', ['body'], '5001 JSON values')]);
  // Objects and their values: {k0: [..], ...} — 1 + 50 × (1 + 99) = 5001.
  const wide = (per: number) => Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, Array(per).fill(null)]));
  assert.deepEqual(checkInputLimits(wide(98)), []);
  assert.deepEqual(checkInputLimits(wide(99)), [limitIssue('maxInputNodes', [], '5001 JSON values')]);
  const alsoProto = [...Array(5000).fill(0), JSON.parse('{"__proto__":1}')];
  assert.deepEqual(checkInputLimits(alsoProto), [PROTO([5000, '__proto__'])]);
});

test('scalars and empty containers pass', () => {
  for (const input of [null, undefined, 0, 'text', true, {}, []]) assert.deepEqual(checkInputLimits(input), []);
});
