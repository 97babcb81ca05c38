import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from '../../helpers/events.js';
import { CountByParams, groupRows } from '../../../src/core/operators/count-by.js';
import { countByOperator } from '../../../src/core/operators/count-by.js';
import { createRegistry } from '../../../src/core/operators/builtin.js';
import { foldIntoQuery } from '../../../src/core/pipeline/run-pipeline.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf, runOp } from './run-op.js';

const events = [
  ev('1', 1, { user: 'a', type: 'click', path: ['button', 'body'] }, { details: { clicks: 1 } }),
  ev('2', 2, { user: 'b', type: 'focus', path: ['input', 'body'] }, { details: { clicks: '1' } }),
  ev('3', 3, { user: 'a', type: 'click', path: ['button', 'body'] }, { details: { clicks: 1 } }),
  ev('4', 4, { type: 'click' }, { details: null }),
  ev('5', 5, { user: 'b', type: 'blur' }),
  ev('6', 6, { user: 'a', type: 'focus', path: [] }),
];

test('one field: count descending, ties by key, missing as null (pandas dropna=False)', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'user' }, events)), [
    { user: 'a', count: 3 },
    { user: 'b', count: 2 },
    { user: null, count: 1 },
  ]);
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'type', sort: 'key' }, events)), [
    { type: 'blur', count: 1 },
    { type: 'click', count: 3 },
    { type: 'focus', count: 2 },
  ]);
});

test('missing: skip leaves out events without the field', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'user', missing: 'skip' }, events)), [
    { user: 'a', count: 3 },
    { user: 'b', count: 2 },
  ]);
});

test('several fields group on the combination; share is count / total', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['user', 'type'], share: true, limit: 2 }, events)), [
    { user: 'a', type: 'click', count: 2, share: 2 / 6 },
    { user: 'a', type: 'focus', count: 1, share: 1 / 6 }, // ties by key: 'a' before null (missing last)
  ]);
});

test('document paths keep value types: 1 and "1" are different keys', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'details.clicks' }, events)), [
    { 'details.clicks': null, count: 3 },
    { 'details.clicks': 1, count: 2 },
    { 'details.clicks': '1', count: 1 },
  ]);
});

test('arrays are one key unless explode counts each element once', async () => {
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'path' }, events)), [
    { path: null, count: 3 },
    { path: ['button', 'body'], count: 2 },
    { path: ['input', 'body'], count: 1 },
  ]);
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['path'], explode: true, missing: 'skip' }, events)), [
    { path: 'body', count: 3 },
    { path: 'button', count: 2 },
    { path: 'input', count: 1 },
  ]);
});

test('on tables, columns group', async () => {
  const rows = [{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }];
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'a' }, { rows })), [
    { a: 1, count: 2 },
    { a: 2, count: 1 },
  ]);
});

// --- Exact checks of the params schema, the columns, the key paths and groupRows (mutation testing, issue 16) ---

const registry = createRegistry();

test('params: a group field named like an output column is refused with output_name_clash, at its index', () => {
  const clash = (field: string, i: number) => ({
    code: 'custom',
    path: ['by', i],
    message: `"${field}" is also the name of an output column of count-by; rename it first (project with "as").`,
    params: { code: 'output_name_clash' },
  });
  const issuesOf = (params: unknown) => {
    const r = CountByParams.safeParse(params);
    return r.success ? r.data : r.error.issues;
  };
  assert.deepEqual(issuesOf({ by: ['user', 'count'] }), [clash('count', 1)]);
  assert.deepEqual(issuesOf({ by: 'count' }), [clash('count', 0)]);
  assert.deepEqual(issuesOf({ by: ['share', 'user'], share: true }), [clash('share', 0)]);
  assert.deepEqual(issuesOf({ by: ['count', 'share'], share: true }), [clash('count', 0), clash('share', 1)]);
  // `share` is free as a group field when no share column is asked for
  assert.deepEqual(issuesOf({ by: ['share'] }), { by: ['share'], explode: false, missing: 'include', sort: 'count', share: false });
  // an empty name: zod runs the refinement with `by` still the string (its min(1) issue does not abort); no throw
  assert.deepEqual(issuesOf({ by: '' }), [
    { origin: 'string', code: 'too_small', minimum: 1, inclusive: true, path: ['by'], message: 'Too small: expected string to have >=1 characters' },
  ]);
  // `by` itself invalid: its own issue only, the refinement does not look at it (and does not throw)
  assert.deepEqual(issuesOf({ by: 5 }), [
    {
      code: 'invalid_union',
      errors: [
        [{ expected: 'string', code: 'invalid_type', path: [], message: 'Invalid input: expected string, received number' }],
        [{ expected: 'array', code: 'invalid_type', path: [], message: 'Invalid input: expected array, received number' }],
      ],
      path: ['by'],
      message: 'Invalid input',
    },
  ]);
});

test('columns: roles typed by role, table columns keep their type (unknown ones are any), share a number', () => {
  const table = { rows: [{ a: 1, b: 'x' }], columns: [{ name: 'a', type: 'integer' as const }, { name: 'b', type: 'string' as const }] };
  const columnsOf = (frame: ReturnType<typeof runOp>) => (frame.kind === 'table' ? frame.columns : undefined);
  assert.deepEqual(columnsOf(runOp('count-by', { by: ['b', 'c'] }, table)), [
    { name: 'b', type: 'string' },
    { name: 'c', type: 'any' },
    { name: 'count', type: 'integer' },
  ]);
  assert.deepEqual(columnsOf(runOp('count-by', { by: ['a'], share: true }, table)), [
    { name: 'a', type: 'integer' },
    { name: 'count', type: 'integer' },
    { name: 'share', type: 'number' },
  ]);
  assert.deepEqual(columnsOf(runOp('count-by', { by: ['user', 'details.clicks'], share: true }, events)), [
    { name: 'user', type: 'string' },
    { name: 'details.clicks', type: 'any' },
    { name: 'count', type: 'integer' },
    { name: 'share', type: 'number' },
  ]);
});

test('one field: non-finite numbers are groups of their own, apart from null (missing)', async () => {
  const rows = [{ a: Number.NaN }, { a: Infinity }, { a: null }, { a: Infinity }, { a: -Infinity }, { a: Number.NaN }, { a: Infinity }, {}];
  assert.deepEqual(await rowsOf(runOp('count-by', { by: 'a' }, { rows })), [
    { a: Infinity, count: 3 },
    { a: Number.NaN, count: 2 }, // ties by key: a number before null (missing last)
    { a: null, count: 2 },
    { a: -Infinity, count: 1 },
  ]);
});

test('several fields (or explode): missing is null or skipped, empty arrays are missing, arrays one key unless exploded', async () => {
  const list = [
    ev('1', 1, { user: 'a', type: 'click', path: ['x', 'y'] }, { tags: ['t', null, 't', undefined, 'u'], n: null }),
    ev('2', 2, { user: 'a', type: 'click', path: [] }, { tags: [null], n: 1 }),
    ev('3', 3, { user: 'a', type: 'click', path: ['x', 'y'] }, { tags: [], n: 1 }),
    ev('4', 4, { user: 'b', path: ['y'] }, { tags: ['u'] }),
  ];
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['user', 'path'] }, list)), [
    { user: 'a', path: ['x', 'y'], count: 2 },
    { user: 'a', path: null, count: 1 },
    { user: 'b', path: ['y'], count: 1 },
  ]);
  // a null value (not only an absent one) is missing: skipped
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['user', 'n'], missing: 'skip' }, list)), [{ user: 'a', n: 1, count: 2 }]);
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['type', 'path'], missing: 'skip' }, list)), [{ type: 'click', path: ['x', 'y'], count: 2 }]);
  // explode: each distinct element once per record; null and undefined elements are not values
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['tags'], explode: true }, list)), [
    { tags: 'u', count: 2 },
    { tags: null, count: 2 }, // ties by key: missing last
    { tags: 't', count: 1 },
  ]);
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['user', 'tags'], explode: true, missing: 'skip' }, list)), [
    { user: 'a', tags: 't', count: 1 },
    { user: 'a', tags: 'u', count: 1 },
    { user: 'b', tags: 'u', count: 1 },
  ]);
});

test('by key: an array key sorts by its smallest element, field by field', async () => {
  const rows = [{ p: ['b', 'z'], q: 1 }, { p: ['c', 'a'], q: 1 }, { p: ['d'], q: 1 }, { p: ['y', 'e'], q: 1 }, { p: ['c', 'a'], q: 0 }];
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['q', 'p'], sort: 'key' }, { rows })), [
    { q: 0, p: ['c', 'a'], count: 1 },
    { q: 1, p: ['c', 'a'], count: 1 },
    { q: 1, p: ['b', 'z'], count: 1 },
    { q: 1, p: ['d'], count: 1 },
    { q: 1, p: ['y', 'e'], count: 1 },
  ]);
});

test('groupRows: share of groups counted zero times is 0, not NaN; limit keeps the first rows after sorting', () => {
  assert.deepEqual(groupRows([{ values: ['a'], count: 0 }, { values: ['b'], count: 0 }], ['x'], { sort: 'key', share: true }), [
    { x: 'a', count: 0, share: 0 },
    { x: 'b', count: 0, share: 0 },
  ]);
  assert.deepEqual(groupRows([{ values: ['a'], count: 1 }, { values: ['b'], count: 3 }, { values: ['c'], count: 2 }], ['x'], { sort: 'count', limit: 2, share: true }), [
    { x: 'b', count: 3, share: 3 / 6 },
    { x: 'c', count: 2, share: 2 / 6 },
  ]);
});

test('count-by is order-insensitive: a sort step just before it is dropped, not turned into the query sort', () => {
  const sort = { op: 'sort', params: registry.get('sort').params.parse({ by: 'time' }) as Record<string, unknown> };
  const count = { op: 'count-by', params: registry.get('count-by').params.parse({ by: 'type' }) as Record<string, unknown> };
  assert.deepEqual(foldIntoQuery({}, [sort, count], registry), { query: {}, steps: [count] });
});

test('docs/operators.md documents count-by as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(countByOperator);
  assert.equal(rendered, committed);
});

test('several fields: non-finite numbers are groups of their own too, as with one field (JSON would make them all null)', async () => {
  const list = [null, Number.NaN, Infinity, null, -Infinity, Number.NaN, Infinity, null, Number.NaN, null];
  assert.deepEqual(await rowsOf(runOp('count-by', { by: ['a', 'b'] }, { rows: list.map((a) => ({ a, b: 1 })) })), [
    { a: null, b: 1, count: 4 },
    { a: Number.NaN, b: 1, count: 3 },
    { a: Infinity, b: 1, count: 2 },
    { a: -Infinity, b: 1, count: 1 },
  ]);
});

test('object and string values never share a group, nor an object whose JSON is null with null, with one field or several', async () => {
  const rows = [
    { a: { x: 1 }, b: 1 },
    { a: '\u0000{"x":1}', b: 1 },
    { a: { x: 2 }, b: 1 },
    { a: '\u0000null', b: 1 },
    { a: null, b: 1 },
    { a: ['p,q'], b: 1 },
    { a: ['p', 'q'], b: 1 },
    { a: 'p,q', b: 1 },
    { a: '\u0000a', b: 1 },
    { a: '\u0000b', b: 1 },
    { a: '', b: 1 },
    { a: '{"x":1}', b: 1 },
    { a: new Date(Number.NaN), b: 1 }, // an object whose JSON is null
    { a: { x: 1 }, b: 1 },
  ];
  // ties (all but {x:1}) by key: strings in code-unit order, then the values without a sort value (objects, null) as they came
  const expected = [
    { a: { x: 1 }, count: 2 },
    { a: '', count: 1 },
    { a: '\u0000a', count: 1 },
    { a: '\u0000b', count: 1 },
    { a: '\u0000null', count: 1 },
    { a: '\u0000{"x":1}', count: 1 },
    { a: ['p', 'q'], count: 1 }, // an array's sort value is its smallest element: 'p' < 'p,q'
    { a: ['p,q'], count: 1 }, // a tie with 'p,q': input order
    { a: 'p,q', count: 1 },
    { a: '{"x":1}', count: 1 },
    { a: { x: 2 }, count: 1 },
    { a: null, count: 1 },
    { a: 'a Date of NaN', count: 1 },
  ];
  // deepStrictEqual tells two invalid Dates apart (NaN !== NaN): show them as text
  const shown = (list: unknown[]) => (list as { a: unknown }[]).map((r) => (r.a instanceof Date && Number.isNaN(r.a.getTime()) ? { ...r, a: 'a Date of NaN' } : r));
  assert.deepEqual(shown(await rowsOf(runOp('count-by', { by: 'a' }, { rows }))), expected);
  assert.deepEqual(shown(await rowsOf(runOp('count-by', { by: ['a', 'b'] }, { rows }))), expected.map(({ a, count }) => ({ a, b: 1, count })));
});
