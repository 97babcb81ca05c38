/**
 * Benchmark (b): `count-by` pushed down to Elasticsearch (a composite aggregation paged with after_key) against
 * the same answer computed by streaming every document through Distill and counting in memory — same source,
 * same process, runs interleaved, medians of N runs; the rows are checked equal. Bytes: each variant once more
 * through a byte-counting TCP proxy in front of the node (response bytes from Elasticsearch to Distill).
 *
 *   npx tsx bench/elasticsearch/count-by-pushdown.ts [--runs 5] [--events 1000000]
 *
 * Writes bench/results/elasticsearch-count-by-pushdown.json.
 */
import { externalSort } from '../../src/core/sort/external-sort.js';
import { DEFAULT_SORT_MEMORY_BYTES } from '../../src/core/sort/spill-store.js';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket, type AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Row } from '../../src/core/frame.js';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { countByOperator, CountByParams } from '../../src/core/operators/count-by.js';
import { runPipeline } from '../../src/core/pipeline/run-pipeline.js';
import { resolveMapping } from '../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../src/core/source.js';
import { WarningCollector } from '../../src/core/warnings.js';
import { createElasticsearchSource } from '../../src/sources/elasticsearch/elasticsearch-source.js';
import { ensureBenchIndex, esUrl, median } from './bench-index.js';
import { timeInterleaved } from '../interleave.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, events: { type: 'string', default: '1000000' } } });
const registry = createRegistry();

/** Pushed down: the pipeline as users run it; the source turns count-by into a composite aggregation. */
async function pushed(source: EventSource, by: string | string[]): Promise<{ rows: readonly Row[]; pushedDown: readonly string[] }> {
  const env = await runPipeline({ steps: [{ op: 'count-by', by }] }, { registry, resolveSource: () => source, defaultSource: 'es' });
  if (env.result.kind !== 'table') throw new Error('expected a table');
  return { rows: env.result.rows, pushedDown: env.stats.pushedDown };
}

/** Streamed: every document read through the source and counted by the in-memory operator. */
async function streamed(source: EventSource, by: string | string[]): Promise<readonly Row[]> {
  const stats = { scanned: 0, skipped: 0, matched: 0, pushedDown: [] as string[] };
  const context = { warnings: new WarningCollector(), stats, strict: false, now: Date.now() };
  const frame = countByOperator.run({ kind: 'events', batches: source.read({ query: {} }, context).batches }, CountByParams.parse({ by }), {
    ...context,
    sort: (items, compare) => externalSort(items, compare, { memoryBytes: DEFAULT_SORT_MEMORY_BYTES }),
  });
  if (frame.kind !== 'table') throw new Error('expected a table');
  const rows: Row[] = [];
  for await (const batch of frame.batches) rows.push(...batch);
  return rows;
}

/** A TCP proxy counting the bytes Elasticsearch sends back. */
async function byteCounter(target: string): Promise<{ url: string; bytes: () => number; reset: () => void; stop: () => Promise<void> }> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  let bytes = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(t.port), t.hostname);
    sockets.add(client).add(upstream);
    upstream.on('data', (d: Buffer) => (bytes += d.length));
    client.pipe(upstream).pipe(client);
    const end = (): void => void (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytes: () => bytes,
    reset: () => void (bytes = 0),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

function makeSource(node: string, index: string): EventSource {
  return createElasticsearchSource({
    id: 'es',
    connection: { nodes: [node], rejectUnauthorized: true, requestTimeoutMs: 120_000, maxRetries: 3 },
    index,
    mapping: resolveMapping('userale'),
  });
}

async function main(): Promise<void> {
  const runs = Number(values.runs);
  const events = Number(values.events);
  const node = esUrl();
  const index = await ensureBenchIndex(events, node);
  const source = makeSource(node, index);
  const results: Record<string, unknown>[] = [];
  for (const by of ['type', 'session'] as const) {
    // warm-up, and the equality check: both strategies must give the same rows
    const first = await pushed(source, by);
    assert.ok(first.pushedDown.includes('aggregation:count-by'), `count-by ${by} was not pushed down`);
    assert.deepEqual(await streamed(source, by), first.rows);
    const { pushed: p, streamed: s } = await timeInterleaved(
      runs,
      { pushed: () => pushed(source, by), streamed: () => streamed(source, by) },
      ['pushed', 'streamed'],
      (run, t) => process.stderr.write(`count-by ${by}, run ${run}: pushed ${t.pushed.toFixed(0)} ms, streamed ${t.streamed.toFixed(0)} ms\n`),
    );
    const speedups = s.map((x, i) => x / p[i]!);
    const proxy = await byteCounter(node);
    const counted = makeSource(proxy.url, index);
    await pushed(counted, by); // metadata (mapping, field caps) loaded outside the count
    proxy.reset();
    await pushed(counted, by);
    const pushedBytes = proxy.bytes();
    proxy.reset();
    await streamed(counted, by);
    const streamedBytes = proxy.bytes();
    await counted.close?.();
    await proxy.stop();
    results.push({
      by,
      groups: first.rows.length,
      pushedMs: p.map((x) => +x.toFixed(1)),
      streamedMs: s.map((x) => +x.toFixed(1)),
      pushedMedianMs: +median(p).toFixed(1),
      streamedMedianMs: +median(s).toFixed(1),
      speedupRatioOfMedians: +(median(s) / median(p)).toFixed(1),
      speedupMedianOfRatios: +median(speedups).toFixed(1),
      pushedBytes,
      streamedBytes,
      bytesRatio: +(streamedBytes / pushedBytes).toFixed(1),
    });
  }
  await source.close?.();
  const out = {
    benchmark: 'elasticsearch (b): count-by pushed down (composite aggregation) vs streaming every document and counting in memory',
    node: process.versions.node,
    elasticsearch: '8.19.21 (scripts/es-node, -Xmx1g, 1 shard, force-merged)',
    date: new Date().toISOString(),
    events,
    runs,
    results,
  };
  console.table(
    results.map((r) => ({
      by: r.by,
      groups: r.groups,
      'pushed ms': r.pushedMedianMs,
      'streamed ms': r.streamedMedianMs,
      speedup: r.speedupRatioOfMedians,
      'pushed bytes': r.pushedBytes,
      'streamed bytes': r.streamedBytes,
      'bytes ratio': r.bytesRatio,
    })),
  );
  const dir = path.resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'elasticsearch-count-by-pushdown.json'), `${JSON.stringify(out, null, 2)}\n`);
}

await main();
