import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DistillError } from '../../../src/core/errors.js';
import { checkResponse, cursorPageBody, totalHits } from '../../../src/sources/elasticsearch/pit-request.js';

// The body of each page of a point-in-time cursor, and the refusal of partial answers (failed shards, timeouts).

const pit = { id: 'pit-7', keepAlive: '2m' };

describe('cursorPageBody', () => {
  test('the first page: whole documents, no query for "everything", the total only when someone listens', () => {
    assert.deepEqual(cursorPageBody({ pit, pageSize: 500, source: true, onTotal: undefined }, { query: true, sort: [] }, undefined, true), {
      size: 500,
      pit: { id: 'pit-7', keep_alive: '2m' },
      sort: [{ _shard_doc: 'asc' }],
      _source: true,
      track_total_hits: false,
    });
    assert.equal(cursorPageBody({ pit, pageSize: 500, source: true, onTotal: () => undefined }, { query: true, sort: [] }, undefined, true).track_total_hits, true);
  });

  test('a later page of a sorted slice: its sort before the tie-breaker, search_after, the slice, projected sources', () => {
    const query = { term: { type: 'click' } };
    assert.deepEqual(
      cursorPageBody({ pit, pageSize: 10, source: ['type', 'clientTime'], onTotal: () => undefined }, { query, sort: [{ userId: { order: 'desc' } }], slice: { id: 1, max: 3 } }, ['u', 7], false),
      {
        size: 10,
        pit: { id: 'pit-7', keep_alive: '2m' },
        sort: [{ userId: { order: 'desc' } }, { _shard_doc: 'asc' }],
        _source: { includes: ['type', 'clientTime'] },
        track_total_hits: false,
        query,
        search_after: ['u', 7],
        slice: { id: 1, max: 3 },
      },
    );
  });
});

describe('totalHits', () => {
  test('a number, { value }, or nothing', () => {
    assert.equal(totalHits(12), 12);
    assert.equal(totalHits({ value: 3 }), 3);
    assert.equal(totalHits(undefined), 0);
  });
});

describe('checkResponse', () => {
  const refused = (r: Parameters<typeof checkResponse>[0]): DistillError => {
    try {
      checkResponse(r);
    } catch (error) {
      assert.ok(error instanceof DistillError);
      return error;
    }
    assert.fail('expected a refusal');
  };

  test('complete answers pass', () => {
    assert.equal(checkResponse({ timed_out: false, _shards: { total: 2, failed: 0 } }), undefined);
    assert.equal(checkResponse({}), undefined);
  });

  test('failed shards: source_unavailable with the count, the total and the first failure type', () => {
    const e = refused({ _shards: { total: 5, failed: 2, failures: [{ reason: { type: 'node_not_connected_exception' } }, { reason: { type: 'other' } }] } });
    assert.equal(e.code, 'source_unavailable');
    assert.equal(e.message, "2 of 5 shards failed (node_not_connected_exception), so the results would be incomplete. Check the cluster's health (unassigned or failing shards) and try again.");
    assert.deepEqual(e.details, { reason: 'shard_failures', failed: 2, total: 5, type: 'node_not_connected_exception' });
    const bare = refused({ _shards: { failed: 1 } });
    assert.equal(bare.message, "1 of ? shards failed, so the results would be incomplete. Check the cluster's health (unassigned or failing shards) and try again.");
    assert.deepEqual(bare.details, { reason: 'shard_failures', failed: 1, total: undefined });
  });

  test('a search stopped at its time limit: timeout', () => {
    const e = refused({ timed_out: true, _shards: { total: 1, failed: 0 } });
    assert.equal(e.code, 'timeout');
    assert.equal(e.message, 'Elasticsearch stopped the search at its time limit, so the results would be incomplete. Narrow the query or try again.');
    assert.deepEqual(e.details, { reason: 'search_timed_out' });
  });
});
