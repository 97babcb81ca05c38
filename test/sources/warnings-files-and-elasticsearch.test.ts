import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventSource } from '../../src/core/source.js';
import { resolveMapping } from '../../src/core/schema/resolve-mapping.js';
import { createFileSource } from '../../src/sources/files/file-source.js';
import { createElasticsearchSource } from '../../src/sources/elasticsearch/elasticsearch-source.js';
import { runOn } from './conformance/oracle.js';
import { connection, readOnlyFixture, SKIP } from './elasticsearch/helpers/es-fixture.js';

// Warnings on filtered reads, exactly (code, count, file, lines), for files and Elasticsearch alike. The meaning
// of a count is documented in docs/pipelines.md ("Warnings"): data warnings (`missing_time`, `malformed_json`, …)
// count the source's documents with the problem whatever the query keeps; operator warnings
// (`untimed_excluded`) count the events the step left out.

const T = Date.UTC(2024, 2, 5, 12);
const LINES = [
  JSON.stringify({ type: 'click', logType: 'raw', clientTime: T, userId: 'a' }),
  JSON.stringify({ type: 'custom_a', logType: 'custom', userId: 'a' }),
  '{"type": "broken",',
  JSON.stringify({ type: 'click', logType: 'raw', clientTime: T + 1000, userId: 'b' }),
  JSON.stringify({ type: 'custom_b', logType: 'custom', userId: 'b' }),
  JSON.stringify({ type: 'focus', logType: 'raw', clientTime: T + 2000, userId: 'b' }),
];
const DOCS = LINES.filter((l) => !l.endsWith(',')).map((l) => JSON.parse(l) as Record<string, unknown>);
const IDS = ['w.ndjson#1', 'w.ndjson#2', 'w.ndjson#3', 'w.ndjson#4', 'w.ndjson#5'];
const UNTIMED = 'Events with no usable time (clientTime, startTime) were kept without one: they count, time ranges exclude them, sorting by time puts them last.';

const PIPELINES = {
  'a condition that excludes every untimed event': { query: { where: { field: 'type', op: 'eq', value: 'click' } } },
  'a time range (which always excludes them)': { query: { time: { from: T, to: T + 1500 } } },
  'count-by after a filter': { query: { where: { field: 'user', op: 'eq', value: 'b' } }, steps: [{ op: 'count-by', by: 'type', sort: 'key' }] },
  'count-over-time keeping one untimed event': {
    query: { where: { field: 'type', op: 'in', value: ['click', 'custom_a'] } },
    steps: [{ op: 'count-over-time', interval: '1h' }],
  },
} as const;

/** Results every source must give for PIPELINES (ids are the file source's; Elasticsearch documents carry them). */
const RESULTS: Record<keyof typeof PIPELINES, unknown> = {
  'a condition that excludes every untimed event': ['w.ndjson#1', 'w.ndjson#3'],
  'a time range (which always excludes them)': ['w.ndjson#1', 'w.ndjson#3'],
  'count-by after a filter': [{ type: 'click', count: 1 }, { type: 'custom_b', count: 1 }, { type: 'focus', count: 1 }],
  'count-over-time keeping one untimed event': [{ time: T, count: 2 }],
};

function resultOf(envelope: Awaited<ReturnType<typeof runOn>>): unknown {
  const result = envelope.result;
  if (result.kind === 'events') return result.events.map((e) => e.id).sort();
  return result.kind === 'table' ? result.rows : result;
}

function suite(label: string, make: () => Promise<{ source: EventSource; close: () => Promise<void> }>, expected: (name: keyof typeof PIPELINES) => unknown[]): void {
  describe(`warnings on filtered reads: ${label}`, () => {
    let source: EventSource;
    let close: () => Promise<void> = async () => {};
    before(async () => {
      ({ source, close } = await make());
    });
    after(() => close());
    for (const name of Object.keys(PIPELINES) as (keyof typeof PIPELINES)[]) {
      test(name, async () => {
        const got = await runOn(source, PIPELINES[name], Date.UTC(2024, 2, 11));
        assert.deepEqual(resultOf(got), RESULTS[name]);
        assert.deepEqual(got.warnings, expected(name));
      });
    }
  });
}

// Files: the malformed line and both untimed documents, with their lines, whatever the query keeps.
let dir = '';
suite(
  'files',
  async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'distill-warnings-'));
    await writeFile(path.join(dir, 'w.ndjson'), `${LINES.join('\n')}\n`);
    return { source: createFileSource({ id: 'files', paths: ['w.ndjson'], baseDir: dir, mapping: resolveMapping('userale') }), close: () => rm(dir, { recursive: true, force: true }) };
  },
  (name) => [
    { code: 'malformed_json', message: 'Lines that are not valid JSON were skipped.', count: 1, file: 'w.ndjson', lines: [3] },
    { code: 'missing_time', message: UNTIMED, count: 2, file: 'w.ndjson', lines: [2, 5] },
    ...(name === 'count-over-time keeping one untimed event' ? [{ code: 'untimed_excluded', message: 'count-over-time left out events without a time.', count: 1 }] : []),
  ],
);

// Elasticsearch: the same counts (an index holds no malformed documents, and has no lines).
if (SKIP !== false) test('warnings on filtered reads: elasticsearch', { skip: SKIP }, () => {});
else {
  suite(
    'elasticsearch',
    async () => {
      const fixture = await readOnlyFixture('warnings', DOCS, IDS, { shards: 2 });
      const source = createElasticsearchSource({ id: 'es', connection: connection(), index: fixture.index, mapping: resolveMapping('userale'), onRequest: fixture.audit.onRequest });
      return {
        source,
        close: async () => {
          await source.close?.();
          await fixture.close();
        },
      };
    },
    (name) => [
      { code: 'missing_time', message: UNTIMED, count: 2 },
      ...(name === 'count-over-time keeping one untimed event' ? [{ code: 'untimed_excluded', message: 'count-over-time left out events without a time.', count: 1 }] : []),
    ],
  );
}
