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

const RAW = { field: 'kind', op: 'eq', value: 'raw' };
const CLICK = { all: [{ field: 'type', op: 'eq', value: 'click' }, RAW] };

/**
 * Sequence operators (docs/sequences.md) over the conformance data set, each main mode at least once. Their event
 * results come in partition order, so they are compared in order, events whole (roles, document, derived attributes).
 */
export const SEQUENCE_PIPELINES: Readonly<Record<string, Record<string, unknown>>> = {
  'stitch-users (sessions with a null user, a legacy sessionID)': { steps: [{ op: 'stitch-users' }] },
  'stitch-users on the older sessionID document field': { steps: [{ op: 'stitch-users', sessionField: 'doc.sessionID' }] },
  'sessionize by field and 30-minute gap (default)': { steps: [{ op: 'sessionize' }] },
  'sessionize by a 5-minute gap per page domain': { steps: [{ op: 'sessionize', by: 'gap', gap: '5m', per: 'domain' }] },
  'sessionize by field per tab, partitioned by user and kind': { steps: [{ op: 'sessionize', by: 'field', per: 'tab', tabField: 'httpSessionId', partitionBy: ['user', 'kind'] }] },
  'stitch-users, sessionize, collapse-repeats': {
    query: { where: { field: 'kind', op: 'ne', value: 'interval' } },
    steps: [{ op: 'stitch-users' }, { op: 'sessionize', gap: '10m' }, { op: 'collapse-repeats' }],
  },
  'collapse-repeats on type and target (default)': { steps: [{ op: 'collapse-repeats' }] },
  'collapse-repeats of pages within 2 s per user': { steps: [{ op: 'collapse-repeats', fields: 'page', within: '2s', partitionBy: 'user' }] },
  'intervals from focus/blur pairs per target': {
    steps: [{ op: 'intervals', start: { field: 'type', op: 'eq', value: 'focus' }, end: { field: 'type', op: 'eq', value: 'blur' }, match: 'target' }],
  },
  'intervals as logged (negative durations kept)': { steps: [{ op: 'intervals', from: 'logged', fields: ['type', 'target', 'details.clicks'] }] },
  'intervals both, mousedown/mouseup per user': {
    steps: [{ op: 'intervals', from: 'both', start: { field: 'type', op: 'eq', value: 'mousedown' }, end: { field: 'type', op: 'eq', value: 'mouseup' }, partitionBy: 'user' }],
  },
  'drop-dangling focus without blur per target': {
    steps: [{ op: 'drop-dangling', start: { field: 'type', op: 'eq', value: 'focus' }, end: { field: 'type', op: 'eq', value: 'blur' }, match: 'target' }],
  },
  'drop-dangling report, input/change': {
    steps: [{ op: 'drop-dangling', start: { field: 'type', op: 'eq', value: 'input' }, end: { field: 'type', op: 'eq', value: 'change' }, action: 'report', partitionBy: ['user', 'session'] }],
  },
  'neighbours: clicks with a mousedown in the second before': {
    steps: [{ op: 'neighbours', where: CLICK, neighbour: { field: 'type', op: 'eq', value: 'mousedown' }, within: '1s' }],
  },
  'neighbours: focus events without a click within 2 events either side': {
    steps: [{ op: 'neighbours', where: { field: 'type', op: 'eq', value: 'focus' }, neighbour: { field: 'type', op: 'eq', value: 'click' }, direction: 'either', count: 2, keep: 'absent' }],
  },
  'neighbours: after, within 500 ms and 3 events': {
    steps: [{ op: 'neighbours', where: { field: 'type', op: 'eq', value: 'mouseover' }, neighbour: { field: 'type', op: 'in', value: ['click', 'mousedown'] }, direction: 'after', within: 500, count: 3 }],
  },
  'sandwich between focus and blur on one target': {
    steps: [{ op: 'sandwich', start: { field: 'type', op: 'eq', value: 'focus' }, end: { field: 'type', op: 'eq', value: 'blur' }, match: 'target' }],
  },
  'sandwich between clicks per user, raw filling by kind, at least 2': {
    steps: [{ op: 'sandwich', start: CLICK, end: CLICK, inner: RAW, countBy: 'kind', minInner: 2, partitionBy: 'user' }],
  },
  'rewrite url (default)': { steps: [{ op: 'rewrite', rules: [{ op: 'url' }] }] },
  'rewrite url keeping the query and fragment, ids kept; map; regex': {
    steps: [
      {
        op: 'rewrite',
        rules: [
          { op: 'url', as: 'full', query: 'keep', fragment: 'keep', ids: false },
          { op: 'map', field: 'type', as: 'action', map: { click: 'Click', focus: 'Focus' }, otherwise: 'null' },
          { op: 'regex', field: 'full', pattern: '^https?://[^/]+/(?<section>[a-z]+)(?:/(?<item>\\d+))?' },
          { op: 'regex', field: 'target', pattern: '#', flags: 'g', as: 'anchorless', replace: '_' },
        ],
      },
    ],
  },
  'resample per hour with aggregates': {
    steps: [
      {
        op: 'resample',
        every: '1h',
        aggregates: [
          { name: 'clicks', op: 'sum', field: 'details.clicks' },
          { name: 'micro', op: 'mean', field: 'microTime' },
          { name: 'lowest', op: 'min', field: 'details.y' },
          { name: 'highest', op: 'max', field: 'details.y' },
          { name: 'targets', op: 'distinct', field: 'target' },
          { name: 'paths', op: 'count', field: 'path' },
        ],
      },
    ],
  },
  'resample per 10 minutes per user, no fill': { steps: [{ op: 'resample', every: '10m', fill: false, partitionBy: 'user' }] },
  'sample 3 per hour per session (seed 7)': { steps: [{ op: 'sample', every: '1h', n: 3, seed: 7 }] },
  'sample 30 % per user': { steps: [{ op: 'sample', fraction: 0.3, partitionBy: 'user', seed: 'x' }] },
  'segment anchored, clip / merge / keep': {
    steps: [
      {
        op: 'segment',
        segments: [
          { mode: 'anchored', label: 'clip', where: CLICK, before: '5s', after: '30s' },
          { mode: 'anchored', label: 'merge', where: CLICK, after: '30s', overlap: 'merge' },
          { mode: 'anchored', label: 'keep', where: { field: 'type', op: 'eq', value: 'submit' }, before: '1m', after: '1m', overlap: 'keep' },
        ],
      },
    ],
  },
  'segment fixed windows from the first event, and clock-aligned trimmed without empties': {
    steps: [
      {
        op: 'segment',
        segments: [
          { mode: 'fixed', size: '20m' },
          { mode: 'fixed', label: 'clock', size: '2m', align: 'clock', trim: true, keepEmpty: false },
        ],
        partitionBy: 'user',
      },
    ],
  },
  'segment idle gaps (closed both) and collapsing runs': {
    steps: [
      {
        op: 'segment',
        closed: 'both',
        segments: [
          { mode: 'idle', limit: '2m', before: '1s', after: '1s' },
          { mode: 'collapsing', where: { field: 'type', op: 'in', value: ['mouseover', 'mousedown', 'mouseup'] } },
        ],
      },
    ],
  },
  'segment explicit windows, set operations and filters': {
    steps: [
      {
        op: 'segment',
        segments: [
          { mode: 'explicit', windows: [{ name: 'tuesday', start: '2024-03-05', end: '2024-03-06' }, { start: 'now-5d/d', end: 'now-4d/d' }, { start: T0, end: T0 + 60_000 }] },
          { mode: 'anchored', label: 'click', where: CLICK, after: '2m' },
          { mode: 'collapsing', label: 'hover', where: { field: 'type', op: 'eq', value: 'mouseover' } },
        ],
        combine: [
          { op: 'union', name: 'busy', left: 'click', right: 'hover' },
          { op: 'intersection', name: 'tuesday-clicks', left: 'tuesday', right: 'click' },
          { op: 'difference', name: 'calm', left: 'click', right: 'hover' },
          { op: 'intersection', name: 'nothing', left: 'calm', right: 'absent' },
        ],
        minCount: 1,
        from: '2024-03-04',
        kinds: ['explicit', 'union', 'intersection', 'difference', 'collapsing'],
      },
    ],
  },
  'segment set operations only, to a bound, max count': {
    steps: [
      {
        op: 'segment',
        segments: [
          { mode: 'fixed', size: '10m', align: 'clock' },
          { mode: 'idle', limit: '30s' },
        ],
        combine: [{ op: 'union', name: 'all', left: 'fixed', right: 'idle' }],
        keepOperands: false,
        maxCount: 500,
        to: '2024-03-10T00:00:00Z',
      },
    ],
  },
};

const BOUNDARY = { where: { field: 'session', op: 'eq', value: 'boundary' } };

/** Pipelines on the boundary session (dataset.ts `BOUNDARY_DOCS`): each limit hit exactly. */
export const BOUNDARY_PIPELINES: Readonly<Record<string, Record<string, unknown>>> = {
  'boundaries: a gap exactly 1m does not split, 1m + 1 ms does': { query: BOUNDARY, steps: [{ op: 'sessionize', by: 'gap', gap: '1m', partitionBy: 'session' }] },
  'boundaries: repeats exactly 1 s apart merge': { query: BOUNDARY, steps: [{ op: 'collapse-repeats', fields: ['type', 'target'], within: '1s' }] },
  'boundaries: repeats 1 s apart do not merge within 999 ms': { query: BOUNDARY, steps: [{ op: 'collapse-repeats', fields: ['type'], within: 999 }] },
  'boundaries: a neighbour exactly 1 s before counts': {
    query: BOUNDARY,
    steps: [{ op: 'neighbours', where: { field: 'type', op: 'eq', value: 'click' }, neighbour: { field: 'type', op: 'eq', value: 'mousedown' }, within: '1s' }],
  },
  'boundaries: a neighbour exactly 1 event away counts': {
    query: BOUNDARY,
    steps: [{ op: 'neighbours', where: { field: 'type', op: 'eq', value: 'focus' }, neighbour: { field: 'type', op: 'eq', value: 'click' }, count: 1, direction: 'either', keep: 'absent' }],
  },
  'boundaries: duplicate focus/blur pair first in, first out': {
    query: BOUNDARY,
    steps: [{ op: 'intervals', start: { field: 'type', op: 'eq', value: 'focus' }, end: { field: 'type', op: 'eq', value: 'blur' }, match: 'target' }],
  },
  'boundaries: clock minutes, half-open and closed': {
    query: BOUNDARY,
    steps: [{ op: 'segment', segments: [{ mode: 'fixed', size: '1m', align: 'clock' }, { mode: 'fixed', label: 'trimmed', size: '1m', trim: true }] }],
  },
  'boundaries: a trimmed window ending exactly on the last event is complete': {
    query: { where: { all: [BOUNDARY.where, { field: 'time', op: 'lte', value: Date.UTC(2024, 2, 8, 9) + 121_000 }] } },
    steps: [{ op: 'segment', segments: [{ mode: 'fixed', size: 60_500, trim: true }] }],
  },
  'boundaries: windows touching at one instant intersect in that instant (closed both)': {
    query: BOUNDARY,
    steps: [
      {
        op: 'segment',
        closed: 'both',
        segments: [{ mode: 'explicit', windows: [{ name: 'a', start: Date.UTC(2024, 2, 8, 9), end: Date.UTC(2024, 2, 8, 9, 1) }, { name: 'b', start: Date.UTC(2024, 2, 8, 9, 1), end: Date.UTC(2024, 2, 8, 9, 1, 1) }] }],
        combine: [{ op: 'intersection', name: 'touch', left: 'a', right: 'b' }, { op: 'union', name: 'both', left: 'a', right: 'b' }, { op: 'difference', name: 'a-only', left: 'a', right: 'touch' }],
      },
    ],
  },
  'boundaries: closed both, idle gaps strictly longer than 1m': {
    query: BOUNDARY,
    steps: [{ op: 'segment', closed: 'both', segments: [{ mode: 'fixed', size: '1m', align: 'clock', keepEmpty: false }, { mode: 'idle', limit: '1m' }, { mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, after: '2m' }] }],
  },
  'boundaries: an anchor exactly at the previous window end opens a window (half-open)': {
    query: BOUNDARY,
    steps: [{ op: 'segment', segments: [{ mode: 'idle', limit: 59_999 }, { mode: 'anchored', where: { field: 'type', op: 'eq', value: 'click' }, after: '2m' }, { mode: 'anchored', label: 'merged', where: { field: 'type', op: 'eq', value: 'click' }, after: '2m', overlap: 'merge' }] }],
  },
  'boundaries: funnel window inclusive': {
    query: BOUNDARY,
    steps: [{ op: 'funnel', steps: [{ where: { field: 'type', op: 'eq', value: 'click' } }, { where: { field: 'type', op: 'eq', value: 'submit' } }], windowMs: 180_001 }],
  },
  'boundaries: funnel window 1 ms short': {
    query: BOUNDARY,
    steps: [{ op: 'funnel', mode: 'any-order', steps: [{ where: { field: 'type', op: 'eq', value: 'submit' } }, { where: { field: 'type', op: 'eq', value: 'mousedown' } }], windowMs: 181_000 }],
  },
  'boundaries: resample buckets start on the minute': {
    query: BOUNDARY,
    steps: [{ op: 'resample', every: '1m', aggregates: [{ name: 'n', op: 'count', field: 'target' }] }],
  },
  'boundaries: a session with two users is not stitched': { query: { where: { field: 'session', op: 'in', value: ['shared', 'boundary'] } }, steps: [{ op: 'stitch-users' }] },
  'boundaries: transition-matrix rows in code-point order': { query: { where: { field: 'session', op: 'eq', value: 'shared' } }, steps: [{ op: 'transition-matrix', label: 'target' }] },
  'boundaries: variant ties in code-point order': { query: { where: { field: 'session', op: 'eq', value: 'shared' } }, steps: [{ op: 'variants', label: 'target', partition: 'target' }] },
  'boundaries: sankey and path-probability ties in code-point order': {
    query: { where: { field: 'session', op: 'eq', value: 'shared' } },
    steps: [{ op: 'sankey', label: 'target', partition: 'target', steps: 2, end: true }],
  },
  'boundaries: funnel drop-outs in code-point order': {
    query: { where: { field: 'session', op: 'eq', value: 'shared' } },
    steps: [{ op: 'funnel', partition: 'target', steps: [{ where: { field: 'type', op: 'eq', value: 'click' } }, { where: { field: 'type', op: 'eq', value: 'submit' } }] }],
  },
  'boundaries: path-probability ties in code-point order': { query: { where: { field: 'session', op: 'eq', value: 'shared' } }, steps: [{ op: 'path-probabilities', partition: 'target', perPartition: true }] },
  'boundaries: topK ties in code-point order': {
    query: { where: { field: 'session', op: 'eq', value: 'shared' } },
    steps: [{ op: 'transition-graph', label: 'target', topK: 3, metrics: [] }],
  },
  'boundaries: stats of gaps and durations': { query: BOUNDARY, steps: [{ op: 'stats', measure: 'gap', quantiles: [0, 0.5, 1] }] },
  'boundaries: transition graph times between steps': {
    query: BOUNDARY,
    steps: [{ op: 'transition-graph', label: 'type', selfLoops: 'collapse', startEnd: true, metrics: ['degree'] }],
  },
};

/** Analytics operators (docs/analytics.md) over the conformance data set, each main mode at least once. */
export const ANALYTICS_PIPELINES: Readonly<Record<string, Record<string, unknown>>> = {
  'stats: events per session (partition level)': { steps: [{ op: 'stats' }] },
  'stats: gaps between users (between, of median)': { steps: [{ op: 'stats', partition: 'user', measure: 'gap', level: 'between', of: 'median', quantiles: [0.1, 0.5, 0.999] }] },
  'stats: raw clicks per user (value)': { steps: [{ op: 'stats', partition: 'user', level: 'value', where: CLICK }] },
  'stats: session durations within users (unit)': { steps: [{ op: 'stats', partition: 'user', measure: 'duration', unit: 'session' }] },
  'stats: a numeric field per session': { steps: [{ op: 'stats', measure: 'field', field: 'details.y', quantiles: [] }] },
  'stats: distinct sessions per user, between': { steps: [{ op: 'stats', partition: 'user', measure: 'distinct', field: 'session', level: 'between' }] },
  'stats: events per user per day (interval)': { steps: [{ op: 'stats', partition: 'user', interval: '1d', level: 'value', of: 'count' }] },
  'stats: clicks between sessions per 6 hours': { steps: [{ op: 'stats', level: 'between', where: CLICK, interval: '6h', of: 'sum' }] },
  'path-probabilities (default: clicks that are not interval summaries)': { steps: [{ op: 'path-probabilities' }] },
  'path-probabilities of paths per user': { steps: [{ op: 'path-probabilities', label: 'path', partition: 'user', perPartition: true }] },
  'path-probabilities of a template over all actions': {
    steps: [{ op: 'path-probabilities', label: '{type}@{page}', action: RAW, partition: ['user', 'session'], perPartition: true }],
  },
  'transition-graph of targets with degrees': { steps: [{ op: 'transition-graph', metrics: ['degree'] }] },
  'transition-graph of pages, collapsed, start/end, minCount 2': {
    steps: [{ op: 'transition-graph', label: 'page', selfLoops: 'collapse', startEnd: true, minCount: 2, metrics: ['degree'] }],
  },
  'transition-graph of types, self-loops dropped, top 12, per user and session': {
    query: { where: RAW },
    steps: [{ op: 'transition-graph', label: 'type', selfLoops: 'drop', topK: 12, partition: ['user', 'session'], metrics: [] }],
  },
  'transition-matrix of types with start and end': { steps: [{ op: 'transition-matrix', label: 'type', startEnd: true }] },
  'transition-matrix of pages, collapsed, per user, minCount 3': { steps: [{ op: 'transition-matrix', label: 'page', selfLoops: 'collapse', partition: 'user', minCount: 3 }] },
  'sankey of pages (default)': { steps: [{ op: 'sankey' }] },
  'sankey of types per user, 4 steps, with ends': { steps: [{ op: 'sankey', label: 'type', partition: 'user', steps: 4, end: true, selfLoops: 'keep' }] },
  'funnel ordered within 30 minutes': {
    steps: [
      {
        op: 'funnel',
        steps: [
          { name: 'catalog', where: { field: 'page', op: 'contains', value: '/catalog' } },
          { name: 'product', where: { field: 'page', op: 'contains', value: '/product' } },
          { name: 'cart', where: { field: 'page', op: 'contains', value: '/cart' } },
          { where: { field: 'type', op: 'eq', value: 'purchase' } },
        ],
        windowMs: 1_800_000,
      },
    ],
  },
  'funnel strict, per user': {
    steps: [
      {
        op: 'funnel',
        partition: 'user',
        mode: 'strict',
        steps: [{ where: { field: 'type', op: 'eq', value: 'mousedown' } }, { where: { field: 'type', op: 'eq', value: 'mouseup' } }, { where: CLICK }],
      },
    ],
  },
  'funnel any order within 10 minutes, dropped ids limited': {
    steps: [
      {
        op: 'funnel',
        mode: 'any-order',
        windowMs: 600_000,
        dropLimit: 3,
        steps: [{ where: { field: 'type', op: 'eq', value: 'add_to_cart' } }, { where: { field: 'type', op: 'eq', value: 'focus' } }, { where: { field: 'type', op: 'eq', value: 'checkout_step' } }],
      },
    ],
  },
  'variants of page sequences (default)': { steps: [{ op: 'variants' }] },
  'variants of types per user, top 3, repeats kept': { steps: [{ op: 'variants', label: 'type', partition: 'user', top: 3, selfLoops: 'keep' }] },
  'features per session (default)': { steps: [{ op: 'features' }] },
  'features per user, chosen types, 10 s idle': { steps: [{ op: 'features', partition: 'user', types: ['click', 'Mouse Over', 'add_to_cart'], idleMs: 10_000, label: 'type' }] },
  'compare users by pages': { steps: [{ op: 'compare', partition: 'user' }] },
  'compare two sessions by targets, repeats kept': {
    steps: [{ op: 'compare', label: 'target', selfLoops: 'keep', ids: ['session_1709536923104', 'legacy-fallback', 'no-such-session'] }],
  },
  'rewrite, then variants of routes': { steps: [{ op: 'rewrite', rules: [{ op: 'url' }] }, { op: 'variants', label: 'attrs.route', top: 5 }] },
  'stitch-users, sessionize, transition-graph of the new sessions': {
    query: { where: RAW },
    steps: [{ op: 'stitch-users' }, { op: 'sessionize', by: 'gap', gap: '3m' }, { op: 'transition-graph', label: '{type}:{target}', metrics: ['degree'], topK: 40 }],
  },
  'collapse-repeats, then a funnel on the collapsed events': {
    steps: [
      { op: 'collapse-repeats', fields: 'page' },
      { op: 'funnel', steps: [{ where: { field: 'page', op: 'prefix', value: 'https://shop.example.com/product' } }, { where: { field: 'repeatCount', op: 'gte', value: 2 } }] },
    ],
  },
};
