import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionRows, sortSessions } from '../../../../ui/src/views/session-table.js';

const rows = [
  { session: 's1', user: null, time: 10, page: '/a' },
  { session: 's1', user: 'u1', time: 40, page: '/b' },
  { session: 's1', user: 'u1', time: null, page: '/a' },
  { session: 's2', user: 'u2', time: 5, page: '/a' },
  { session: null, user: 'u3', time: 1, page: '/c' },
];

test('sessions: first known user, first and last time, duration, events (untimed included), distinct pages; no-session rows left out', () => {
  assert.deepEqual(sessionRows(rows), [
    { session: 's1', user: 'u1', start: 10, end: 40, duration: 30, events: 3, pages: 2 },
    { session: 's2', user: 'u2', start: 5, end: 5, duration: 0, events: 1, pages: 1 },
  ]);
});

test('sorting by a column, descending, ties by session id; null users last', () => {
  const r = sessionRows([...rows, { session: 's0', user: null, time: 7, page: '/x' }]);
  assert.deepEqual(sortSessions(r, 'events', true).map((x) => x.session), ['s1', 's0', 's2']);
  assert.deepEqual(sortSessions(r, 'user', false).map((x) => x.session), ['s1', 's2', 's0']);
  assert.deepEqual(sortSessions(r, 'start', false).map((x) => x.session), ['s2', 's0', 's1']);
});
