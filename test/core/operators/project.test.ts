import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectOperator } from '../../../src/core/operators/project.js';
import { ev } from '../../helpers/events.js';
import { docSections } from './operator-doc-section.js';
import { rowsOf, runOp } from './run-op.js';

const params = projectOperator.params;
const issuesOf = (input: unknown) => {
  const r = params.safeParse(input);
  return r.success ? r.data : r.error.issues;
};
const notSpec = (i: number, got: string) => ({
  code: 'invalid_union',
  errors: [
    [{ expected: 'string', code: 'invalid_type', path: [], message: `Invalid input: expected string, received ${got}` }],
    [{ expected: 'object', code: 'invalid_type', path: [], message: `Invalid input: expected object, received ${got}` }],
  ],
  path: ['fields', i],
  message: 'Invalid input',
});

test('params: two columns of one name are refused with duplicate_column at the later one', () => {
  const duplicate = (i: number, name: string) => ({
    code: 'custom',
    path: ['fields', i],
    message: `Two columns would be named "${name}"; give one another name with "as".`,
    params: { code: 'duplicate_column' },
  });
  assert.deepEqual(issuesOf({ fields: ['user', 'type', 'user'] }), [duplicate(2, 'user')]);
  assert.deepEqual(issuesOf({ fields: ['user', { field: 'type', as: 'user' }] }), [duplicate(1, 'user')]);
  assert.deepEqual(issuesOf({ fields: [{ field: 'a', as: 'x' }, 'x', { field: 'b', as: 'x' }] }), [duplicate(1, 'x'), duplicate(2, 'x')]);
  // renaming apart is fine
  assert.deepEqual(issuesOf({ fields: ['user', { field: 'user', as: 'who' }] }), { fields: ['user', { field: 'user', as: 'who' }] });
});

test('params: invalid entries get their own issues only; the duplicate check skips them and does not throw', () => {
  assert.deepEqual(issuesOf({ fields: 'user' }), [{ expected: 'array', code: 'invalid_type', path: ['fields'], message: 'Invalid input: expected array, received string' }]);
  // not a list: zod reports the type (and the length check that also applies to strings), the refinement does not run
  assert.deepEqual(issuesOf({ fields: '' }), [
    { expected: 'array', code: 'invalid_type', path: ['fields'], message: 'Invalid input: expected array, received string' },
    { origin: 'string', code: 'too_small', minimum: 1, inclusive: true, path: ['fields'], message: 'Too small: expected string to have >=1 characters' },
  ]);
  // empty names are reported as too short and, when repeated, as duplicates too
  assert.deepEqual(issuesOf({ fields: [{ field: 'a', as: '' }, ''] }), [
    { origin: 'string', code: 'too_small', minimum: 1, inclusive: true, path: ['fields', 0, 'as'], message: 'Too small: expected string to have >=1 characters' },
    { origin: 'string', code: 'too_small', minimum: 1, inclusive: true, path: ['fields', 1], message: 'Too small: expected string to have >=1 characters' },
    { code: 'custom', path: ['fields', 1], message: 'Two columns would be named ""; give one another name with "as".', params: { code: 'duplicate_column' } },
  ]);
  assert.deepEqual(issuesOf({ fields: [null, 'user'] }), [notSpec(0, 'null')]);
  assert.deepEqual(issuesOf({ fields: [5, 5, 'user'] }), [notSpec(0, 'number'), notSpec(1, 'number')]);
  assert.deepEqual(issuesOf({ fields: [true, false] }), [notSpec(0, 'boolean'), notSpec(1, 'boolean')]);
});

test('on events: one row per event, roles typed by role, missing values null, renamed with as', async () => {
  const events = [ev('1', 10, { user: 'a', type: 'click' }, { details: { clicks: 2 } }), ev('2', 20, { type: 'focus' })];
  const frame = runOp('project', { fields: ['user', 'time', { field: 'details.clicks', as: 'clicks' }] }, events);
  assert.deepEqual(frame.kind === 'table' && frame.columns, [
    { name: 'user', type: 'string' },
    { name: 'time', type: 'time' },
    { name: 'clicks', type: 'any' },
  ]);
  assert.deepEqual(await rowsOf(frame), [
    { user: 'a', time: 10, clicks: 2 },
    { user: null, time: 20, clicks: null },
  ]);
});

test('on tables: columns selected and renamed, keeping their type (unknown ones are any)', async () => {
  const rows = [{ a: 1, b: 'x', c: true }, { a: 2 }];
  const frame = runOp('project', { fields: ['b', { field: 'a', as: 'n' }, 'z'] }, { rows, columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'string', description: 'B' }] });
  assert.deepEqual(frame.kind === 'table' && frame.columns, [
    { name: 'b', type: 'string', description: 'B' },
    { name: 'n', type: 'integer' },
    { name: 'z', type: 'any' },
  ]);
  assert.deepEqual(await rowsOf(frame), [
    { b: 'x', n: 1, z: null },
    { b: null, n: 2, z: null },
  ]);
});

test('docs/operators.md documents project as defined (summary, description, kinds, params, examples)', () => {
  const { committed, rendered } = docSections(projectOperator);
  assert.equal(rendered, committed);
});
