import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, containsQuery, exact, exists, MATCH_ALL, MATCH_NONE, not, or, prefix, range, residual, superset, term } from '../../../src/sources/elasticsearch/dsl-node.js';

// The query algebra the Elasticsearch compiler builds with: every simplification, written out.

const n1 = { path: ['where', 0], field: 'a', reason: 'r1' };
const n2 = { path: ['where', 1], field: 'b', reason: 'r2' };
const A = { term: { a: 1 } };
const B = { term: { b: 2 } };

test('clause builders', () => {
  assert.deepEqual(term('f', 'v'), { term: { f: 'v' } });
  assert.deepEqual(exists('f'), { exists: { field: 'f' } });
  assert.deepEqual(range('f', { gte: 1, lt: 2 }), { range: { f: { gte: 1, lt: 2 } } });
  assert.deepEqual(prefix('f', 'Ab'), { prefix: { f: 'Ab' } });
  assert.deepEqual(containsQuery('f', 'a*b?c\\d'), { wildcard: { f: { value: '*a\\*b\\?c\\\\d*' } } });
  assert.deepEqual(exact(A), { q: A, exact: true, notes: [] });
  assert.deepEqual(superset(A, n1), { q: A, exact: false, notes: [n1] });
  assert.deepEqual(residual(n1), { q: true, exact: false, notes: [n1] });
  assert.deepEqual([MATCH_ALL, MATCH_NONE], [{ q: true, exact: true, notes: [] }, { q: false, exact: true, notes: [] }]);
});

test('and: match-none wins (dropping notes), match-all drops out, nested filters flatten, exact only when every part is', () => {
  assert.deepEqual(and([]), { q: true, exact: true, notes: [] });
  assert.deepEqual(and([exact(A), MATCH_NONE, superset(B, n1)]), MATCH_NONE);
  assert.deepEqual(and([MATCH_ALL, exact(A)]), { q: A, exact: true, notes: [] });
  assert.deepEqual(and([exact(A), superset(B, n1)]), { q: { bool: { filter: [A, B] } }, exact: false, notes: [n1] });
  assert.deepEqual(and([exact({ bool: { filter: [A, B] } }), exact(exists('c'))]), { q: { bool: { filter: [A, B, exists('c')] } }, exact: true, notes: [] });
  // A bool with more than a filter is kept whole.
  const mixed = { bool: { filter: [A], must_not: [B] } };
  assert.deepEqual(and([exact(mixed), exact(exists('c'))]), { q: { bool: { filter: [mixed, exists('c')] } }, exact: true, notes: [] });
  assert.deepEqual(and([residual(n1), residual(n2)]), { q: true, exact: false, notes: [n1, n2] });
});

test('or: an exact match-all wins, an inexact one keeps the notes, match-none drops out, terms merge', () => {
  assert.deepEqual(or([]), { q: false, exact: true, notes: [] });
  assert.deepEqual(or([exact(A), MATCH_ALL]), MATCH_ALL);
  assert.deepEqual(or([exact(A), residual(n1)]), { q: true, exact: false, notes: [n1] });
  assert.deepEqual(or([MATCH_NONE, exact(A)]), { q: A, exact: true, notes: [] });
  assert.deepEqual(or([exact(A), superset(B, n2)]), { q: { bool: { should: [A, B], minimum_should_match: 1 } }, exact: false, notes: [n2] });
  assert.deepEqual(or([exact(term('t', 'x')), exact(term('u', 'y')), exact({ terms: { t: ['y', 'x'] } }), exact(term('t', 'z'))]), {
    q: { bool: { should: [{ terms: { t: ['x', 'y', 'z'] } }, { term: { u: 'y' } }], minimum_should_match: 1 } },
    exact: true,
    notes: [],
  });
  assert.deepEqual(or([exact(term('t', 'x')), exact(term('t', 'x'))]), { q: { term: { t: 'x' } }, exact: true, notes: [] });
  // A term clause with a sibling key is not merged.
  const boosted = { term: { t: 'x' }, boost: 2 };
  assert.deepEqual(or([exact(boosted), exact(term('t', 'y'))]).q, { bool: { should: [boosted, { term: { t: 'y' } }], minimum_should_match: 1 } });
});

test('not: exact complements, double negation cancels, an inexact part constrains nothing', () => {
  assert.deepEqual(not(MATCH_ALL), MATCH_NONE);
  assert.deepEqual(not(MATCH_NONE), MATCH_ALL);
  assert.deepEqual(not(exact(A)), { q: { bool: { must_not: [A] } }, exact: true, notes: [] });
  assert.deepEqual(not(not(exact(A))), { q: A, exact: true, notes: [] });
  const two = { bool: { must_not: [A, B] } };
  assert.deepEqual(not(exact(two)), { q: { bool: { must_not: [two] } }, exact: true, notes: [] });
  assert.deepEqual(not(superset(A, n1)), { q: true, exact: false, notes: [n1] });
});

test('only plain clauses are simplified: a sibling key (boost) or another bool key keeps a clause whole', () => {
  const boostedFilter = { bool: { filter: [A] }, boost: 2 };
  assert.deepEqual(and([exact(boostedFilter), exact(B)]).q, { bool: { filter: [boostedFilter, B] } });
  const boostedNot = { bool: { must_not: [A] }, boost: 2 };
  assert.deepEqual(not(exact(boostedNot)).q, { bool: { must_not: [boostedNot] } });
  const notAndFilter = { bool: { must_not: [A], filter: [B] } };
  assert.deepEqual(not(exact(notAndFilter)).q, { bool: { must_not: [notAndFilter] } });
  const boostedTerms = { terms: { t: ['x'] }, boost: 2 };
  assert.deepEqual(or([exact(boostedTerms), exact(term('t', 'y'))]).q, { bool: { should: [boostedTerms, { term: { t: 'y' } }], minimum_should_match: 1 } });
});
