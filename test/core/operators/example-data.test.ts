import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE_DOCUMENTS, EXAMPLE_START } from '../../../src/core/operators/example-data.js';

// The documented example data set, written out by hand from the table in example-data.ts's doc comment (which
// docs/operators.md refers to): every operator example's expected output is checked against these documents.
const T0 = Date.UTC(2024, 2, 4, 10, 0, 0); // 2024-03-04T10:00:00Z
const doc = (userId: string, sessionId: string, type: string, target: string, page: string, second: number) => ({
  logType: 'raw',
  clientTime: T0 + second * 1000,
  userId,
  sessionId,
  type,
  target,
  pageUrl: `https://shop.example${page}`,
  path: [target, 'body', 'html', 'Window'],
  details: type === 'click' ? { clicks: 1 } : null,
});

test('the example documents are the documented table: users, sessions, types, targets, pages, one per second, DOM paths', () => {
  assert.equal(EXAMPLE_START, 1709546400000);
  assert.deepEqual(EXAMPLE_DOCUMENTS, [
    doc('alice', 's1', 'click', 'button#buy', '/home', 0),
    doc('alice', 's1', 'focus', 'input#q', '/home', 1),
    doc('alice', 's1', 'change', 'input#q', '/home', 2),
    doc('bob', 's2', 'click', 'a#nav', '/home', 3),
    doc('bob', 's2', 'scroll', 'window', '/home', 4),
    doc('bob', 's2', 'focus', 'input#q', '/search', 5),
    doc('bob', 's2', 'click', 'button#buy', '/search', 6),
    doc('carol', 's3', 'change', 'select#size', '/product', 7),
    doc('carol', 's3', 'click', 'button#buy', '/product', 8),
    doc('carol', 's3', 'submit', 'form#checkout', '/cart', 9),
  ]);
  // the first document spelled out, so the helper above cannot hide a shape error
  assert.deepEqual(EXAMPLE_DOCUMENTS[0], {
    logType: 'raw',
    clientTime: 1709546400000,
    userId: 'alice',
    sessionId: 's1',
    type: 'click',
    target: 'button#buy',
    pageUrl: 'https://shop.example/home',
    path: ['button#buy', 'body', 'html', 'Window'],
    details: { clicks: 1 },
  });
});
