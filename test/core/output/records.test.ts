import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventColumns, eventRowMaker } from '../../../src/core/output/records.js';

const ROLE_COLUMNS = [
  { name: 'id', type: 'string' },
  { name: 'time', type: 'time' },
  { name: 'end', type: 'time' },
  { name: 'user', type: 'string' },
  { name: 'session', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'target', type: 'string' },
  { name: 'path', type: 'json' },
  { name: 'page', type: 'string' },
  { name: 'kind', type: 'string' },
];

test('event columns: every role with its type, then projected document fields, then derived attributes, each name once', () => {
  assert.deepEqual(eventColumns(), ROLE_COLUMNS);
  assert.deepEqual(eventColumns(['doc.note', 'user', 'details.clicks', 'note', 'attrs.x', 'doc.type'], ['segment', 'note', 'area', 'segment']), [
    ...ROLE_COLUMNS,
    { name: 'note', type: 'any' },
    { name: 'details.clicks', type: 'any' },
    { name: 'segment', type: 'any' },
    { name: 'area', type: 'any' },
  ]);
});

test('event rows: roles, then fields by name (a derived attribute of that name first, else the document field); missing is null', () => {
  const row = eventRowMaker(eventColumns(['note', 'details.clicks', 'gone'], ['area']));
  assert.deepEqual(
    row({ id: 'f#1', time: 5, user: 'u', path: ['a', 'b'], doc: { note: 'doc note', details: { clicks: 2 }, type: 'doc type' }, attrs: { note: 'attr note', area: 'cart' } }),
    { id: 'f#1', time: 5, end: null, user: 'u', session: null, type: null, target: null, path: ['a', 'b'], page: null, kind: null, note: 'attr note', 'details.clicks': 2, gone: null, area: 'cart' },
  );
  assert.deepEqual(
    row({ id: 'f#2', time: undefined, doc: { note: 'doc note', area: 'doc area' } }),
    { id: 'f#2', time: null, end: null, user: null, session: null, type: null, target: null, path: null, page: null, kind: null, note: 'doc note', 'details.clicks': null, gone: null, area: 'doc area' },
  );
});
