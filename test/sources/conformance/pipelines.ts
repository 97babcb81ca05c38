/**
 * Named pipelines the conformance suite and the differential test run on every source: each role and operator,
 * the awkward values of the dataset (see dataset.ts), and every place a back end could differ (fallback fields,
 * empty strings, integer- and float-mapped fields, numbers in keyword fields, untimed events, ignore_above).
 *
 * Sorts end with `id` so the order is total and back ends must agree exactly (ties otherwise keep each source's
 * own document order).
 */

const T0 = Date.UTC(2024, 2, 5, 12);

export const QUERY_PIPELINES: Readonly<Record<string, Record<string, unknown>>> = {
  'every event': { query: {} },
  'time range, ISO bounds': { query: { time: { from: '2024-03-05T00:00:00Z', to: '2024-03-06T00:00:00Z' } } },
  'time range, date math': { query: { time: { from: 'now-4d/d', to: 'now-2d' } } },
  'time range, epoch ms': { query: { time: { from: T0, to: T0 + 11 } } },
  'time, fractional and inclusive bounds': {
    query: { where: { any: [{ field: 'time', op: 'gt', value: T0 + 5.5 }, { field: 'time', op: 'lte', value: T0 }] }, time: { to: T0 + 30 } },
  },
  'time exists: false (untimed events)': { query: { where: { field: 'time', op: 'exists', value: false } } },
  'end role range': { query: { where: { field: 'end', op: 'lt', value: T0 + 6 } } },
  'type eq': { query: { where: { field: 'type', op: 'eq', value: 'click' } } },
  'type eq empty string (no value)': { query: { where: { field: 'type', op: 'eq', value: '' } } },
  'type missing': { query: { where: { field: 'type', op: 'eq', value: null } } },
  'type in with null, nin': {
    query: { where: { all: [{ field: 'type', op: 'in', value: ['click', 'focus', null] }, { field: 'kind', op: 'nin', value: ['interval'] }] } },
  },
  'session via the legacy sessionID fallback': { query: { where: { field: 'session', op: 'eq', value: 'legacy-fallback' } } },
  'session prefix and range': {
    query: { where: { all: [{ field: 'session', op: 'prefix', value: 'session_1709' }, { field: 'session', op: 'lt', value: 'session_17096' }] } },
  },
  'anonymous events (no user)': { query: { where: { field: 'user', op: 'exists', value: false } } },
  'user ne': { query: { where: { field: 'user', op: 'ne', value: 'edge.user' } } },
  'user eq number (role holds text)': { query: { where: { field: 'user', op: 'eq', value: 5 } } },
  'target contains, page prefix': {
    query: {
      where: {
        all: [
          { field: 'target', op: 'contains', value: 'btn' },
          { field: 'page', op: 'prefix', value: 'https://shop.example.com/product' },
        ],
      },
    },
  },
  'path element eq, empty path element': {
    query: { where: { any: [{ field: 'path', op: 'eq', value: 'body' }, { field: 'path', op: 'eq', value: '' }] } },
  },
  'path contains, path missing': {
    query: { where: { any: [{ field: 'path', op: 'contains', value: 'navbar' }, { field: 'path', op: 'exists', value: false }] } },
  },
  'id in': { query: { where: { field: 'id', op: 'in', value: ['events.ndjson#1', 'events.ndjson#17', 'nope'] } } },
  'integer field holding a fraction (details.y)': {
    query: { where: { any: [{ field: 'details.y', op: 'gt', value: 100 }, { field: 'details.y', op: 'eq', value: 7 }] } },
  },
  'integer field ranges': { query: { where: { all: [{ field: 'details.clicks', op: 'gte', value: 0 }, { field: 'details.clicks', op: 'lt', value: 2 }] } } },
  'float field (microTime)': { query: { where: { all: [{ field: 'microTime', op: 'gt', value: 0.5 }, { field: 'microTime', op: 'lte', value: 0.9 }] } } },
  'number in a keyword field': {
    query: { where: { any: [{ field: 'pageTitle', op: 'eq', value: '12345' }, { field: 'pageTitle', op: 'eq', value: 12345 }] } },
  },
  'keyword range and prefix on doc fields': {
    query: { where: { all: [{ field: 'pageTitle', op: 'gte', value: 'C' }, { field: 'toolName', op: 'prefix', value: 'oak' }] } },
  },
  'boolean fields': { query: { where: { any: [{ field: 'userAction', op: 'eq', value: 'false' }, { field: 'details.window', op: 'eq', value: true }] } } },
  'value past ignore_above': {
    query: { where: { any: [{ field: 'note', op: 'eq', value: 'x'.repeat(40) }, { field: 'note', op: 'prefix', value: 'sh' }] } },
  },
  'ignore_above field exists': { query: { where: { field: 'note', op: 'exists', value: true } } },
  'object field exists (details)': { query: { where: { field: 'details', op: 'exists', value: false } } },
  'array doc field (tags)': { query: { where: { any: [{ field: 'tags', op: 'eq', value: 'b' }, { field: 'tags', op: 'in', value: ['a'] }] } } },
  'field no document has': { query: { where: { any: [{ field: 'nope.never', op: 'exists' }, { field: 'nope.never', op: 'eq', value: 'x' }] } } },
  'not any all': {
    query: {
      where: {
        not: {
          any: [
            { field: 'type', op: 'in', value: ['mouseover', 'wheel', 'scroll'] },
            { all: [{ field: 'kind', op: 'eq', value: 'interval' }, { not: { field: 'details.clicks', op: 'exists' } }] },
          ],
        },
      },
      time: { from: '2024-03-06' },
    },
  },
  'string tests are case-sensitive': {
    query: {
      where: {
        any: [
          { field: 'type', op: 'prefix', value: 'Mouseo' },
          { field: 'type', op: 'contains', value: 'LICK' },
          { field: 'toolName', op: 'prefix', value: 'Oak' },
          { field: 'session', op: 'prefix', value: 'SESSION' },
          { field: 'type', op: 'prefix', value: 'mouseo' },
        ],
      },
    },
  },
  'empty prefix and contains match any text value, never a missing or empty role': {
    query: { where: { any: [{ field: 'type', op: 'prefix', value: '' }, { field: 'user', op: 'contains', value: '' }] } },
  },
  'empty prefix on a role alone': { query: { where: { field: 'type', op: 'prefix', value: '' } } },
  'string tests never match numbers or booleans': {
    query: {
      where: {
        any: [
          { field: 'pageTitle', op: 'prefix', value: '123' },
          { field: 'pageTitle', op: 'contains', value: '234' },
          { field: 'details.clicks', op: 'prefix', value: '1' },
          { field: 'userAction', op: 'prefix', value: 'tr' },
          { field: 'count', op: 'contains', value: '0' },
          { field: 'type', op: 'eq', value: 'array_edge' },
        ],
      },
    },
  },
  'date math anchored on a date, weeks and months': {
    query: { time: { from: '2024-03-01||+4d/d', to: 'now-1w/w+3d' } },
  },
  'projection keeps roles': {
    query: { where: { field: 'type', op: 'eq', value: 'click' }, fields: ['details.clicks', 'pageUrl', 'doc.type'] },
  },
  'sort by session then time (whole sessions)': { query: { sort: ['session', 'time', 'id'] } },
  'sort by time descending': { query: { sort: ['-time', 'id'], time: { from: '2024-03-07' } } },
  'sort by user, newest first, limit': { query: { sort: ['user', '-time', 'id'], limit: 150 } },
  'sort by type then a document field (in memory)': { query: { sort: ['type', 'details.y', 'id'], where: { field: 'kind', op: 'eq', value: 'raw' } } },
  'sort by a document field': { query: { sort: ['-details.clicks', 'id'], where: { field: 'details.clicks', op: 'exists' } } },
  'limit without sort': { query: { sort: ['id'], limit: 10 } },
  'leading filter step folds into the query': { query: { time: { from: '2024-03-06' } }, steps: [{ op: 'filter', where: { field: 'user', op: 'exists' } }] },
  'sort step (pushed) then limit': { steps: [{ op: 'sort', by: ['session', 'time', 'id'] }, { op: 'limit', n: 40 }] },
};

export const COUNT_BY_PIPELINES: Readonly<Record<string, Record<string, unknown>>> = {
  'count-by type': { steps: [{ op: 'count-by', by: 'type' }] },
  'count-by session (fallback fields)': { steps: [{ op: 'count-by', by: 'session', share: true }] },
  'count-by user and type, top 10, with a filter': {
    query: { time: { from: '2024-03-05' }, where: { field: 'kind', op: 'ne', value: 'interval' } },
    steps: [{ op: 'count-by', by: ['user', 'type'], limit: 10 }],
  },
  'count-by page, missing skipped, by key': { steps: [{ op: 'count-by', by: 'page', missing: 'skip', sort: 'key' }] },
  'count-by path exploded': { steps: [{ op: 'count-by', by: 'path', explode: true, limit: 15 }] },
  'count-by path as arrays (memory)': { steps: [{ op: 'count-by', by: 'path', limit: 5 }] },
  'count-by keyword doc field holding a number': { steps: [{ op: 'count-by', by: 'pageTitle' }] },
  'count-by integer doc field (memory)': { steps: [{ op: 'count-by', by: 'details.clicks' }] },
  'count-by array doc field exploded': { steps: [{ op: 'count-by', by: 'tags', explode: true }] },
  'count-by with a residual filter (memory)': {
    query: { where: { field: 'details.y', op: 'gt', value: 50 } },
    steps: [{ op: 'count-by', by: 'type' }],
  },
  'count-by a field no document has': { steps: [{ op: 'count-by', by: ['kind', 'nope.never'] }] },
  'count-over-time per hour': { steps: [{ op: 'count-over-time', interval: '1h' }] },
  'count-over-time per day and type, filtered': {
    query: { time: { from: '2024-03-05' }, where: { field: 'kind', op: 'ne', value: 'interval' } },
    steps: [{ op: 'count-over-time', interval: '1d', by: 'type' }],
  },
  'count-over-time per ISO week and session (fallback fields)': { steps: [{ op: 'count-over-time', interval: '1w', by: 'session', missing: 'skip' }] },
  'count-over-time of interval ends per 15 minutes': { steps: [{ op: 'count-over-time', interval: '15m', field: 'end' }] },
  'count-over-time per month and a keyword holding a number': { steps: [{ op: 'count-over-time', interval: '1M', by: 'pageTitle' }] },
  'count-over-time by an integer field (memory)': { steps: [{ op: 'count-over-time', interval: '1d', by: 'details.clicks' }] },
  'count-over-time per quarter and per year': {
    steps: [{ op: 'count-over-time', interval: '1q', by: 'kind' }],
  },
  'count-over-time per 7 minutes, filtered on untimed-free types': {
    query: { where: { field: 'type', op: 'in', value: ['click', 'focus'] } },
    steps: [{ op: 'count-over-time', interval: '7m' }],
  },
  'count-by after a projection that drops the field': {
    query: { fields: ['details'] },
    steps: [{ op: 'count-by', by: ['toolName', 'type'] }],
  },
};
