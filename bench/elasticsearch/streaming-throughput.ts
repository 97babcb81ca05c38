/**
 * Benchmark (a): Distill's Elasticsearch streaming read against a bare client loop doing the same point-in-time +
 * search_after paging (same page size, same `_shard_doc` order, whole `_source`), in the same process, runs
 * interleaved (order alternating), medians of N runs. Distill maps every hit to a canonical event and yields
 * batches; the bare loop only touches each hit's `_source`.
 *
 *   npx tsx bench/elasticsearch/streaming-throughput.ts [--runs 5] [--events 1000000] [--page-size 1000]
 *
 * Writes bench/results/elasticsearch-streaming-throughput.json. Target (issue 3): Distill ≥ 0.8× the bare loop.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { resolveMapping } from '../../src/core/schema/resolve-mapping.js';
import type { EventSource } from '../../src/core/source.js';
import { WarningCollector } from '../../src/core/warnings.js';
import { createElasticsearchSource } from '../../src/sources/elasticsearch/elasticsearch-source.js';
import { ensureBenchIndex, esUrl, median } from './bench-index.js';
import { timeInterleaved } from '../interleave.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    events: { type: 'string', default: '1000000' },
    'page-size': { type: 'string', default: '1000' },
  },
});

/** The baseline: the official client, one point in time, search_after pages, no mapping, no batching. */
export async function bareLoop(client: Client, index: string, pageSize: number): Promise<number> {
  const pit = await client.openPointInTime({ index, keep_alive: '1m' });
  let id = pit.id;
  let after: unknown[] | undefined;
  let n = 0;
  let touched = 0;
  try {
    for (;;) {
      const r = await client.search({
        size: pageSize,
        pit: { id, keep_alive: '1m' },
        sort: [{ _shard_doc: 'asc' }],
        _source: true,
        track_total_hits: false,
        ...(after === undefined ? {} : { search_after: after as never }),
      });
      if (r.pit_id !== undefined) id = r.pit_id;
      const hits = r.hits.hits;
      for (const h of hits) if ((h._source as { type?: unknown } | undefined)?.type !== undefined) touched++;
      n += hits.length;
      if (hits.length < pageSize) break;
      after = hits[hits.length - 1]!.sort as unknown[];
    }
  } finally {
    await client.closePointInTime({ id });
  }
  return n + touched * 0;
}

/** Distill: the source's streaming read (point in time, search_after, map to canonical events, batches). */
export async function distillStream(source: EventSource): Promise<number> {
  const context = { warnings: new WarningCollector(), stats: { scanned: 0, skipped: 0, matched: 0, pushedDown: [] }, strict: false, now: Date.now() };
  let n = 0;
  let touched = 0;
  for await (const batch of source.read({ query: {} }, context).batches) {
    for (const e of batch) if (e.type !== undefined) touched++;
    n += batch.length;
  }
  return n + touched * 0;
}

async function main(): Promise<void> {
  const runs = Number(values.runs);
  const events = Number(values.events);
  const pageSize = Number(values['page-size']);
  const node = esUrl();
  const index = await ensureBenchIndex(events, node);
  const client = new Client({ node });
  const source = createElasticsearchSource({
    id: 'bench',
    connection: { nodes: [node], rejectUnauthorized: true, requestTimeoutMs: 120_000, maxRetries: 3 },
    index,
    mapping: resolveMapping('userale'),
    pageSize,
  });
  // warm-up: JIT, the node's caches, and the source's field metadata
  await bareLoop(client, index, pageSize);
  await distillStream(source);
  const expect = (kind: string) => (n: number) => {
    if (n !== events) throw new Error(`${kind} read ${n} events, expected ${events}`);
  };
  const { bare, distill } = await timeInterleaved(
    runs,
    { bare: () => bareLoop(client, index, pageSize).then(expect('bare')), distill: () => distillStream(source).then(expect('distill')) },
    ['bare', 'distill'],
    (run, t) => process.stderr.write(`run ${run}: bare ${t.bare.toFixed(0)} ms, distill ${t.distill.toFixed(0)} ms\n`),
  );
  // throughput ratio Distill / bare = bare time / Distill time
  const ratios = bare.map((b, i) => b / distill[i]!);
  await source.close?.();
  await client.close();
  const result = {
    benchmark: 'elasticsearch (a): Distill streaming read vs bare client PIT + search_after loop',
    node: process.versions.node,
    elasticsearch: '8.19.21 (scripts/es-node, -Xmx1g, 1 shard, force-merged)',
    client: '@elastic/elasticsearch 8.19.2',
    date: new Date().toISOString(),
    events,
    pageSize,
    runs,
    bareMs: bare.map((x) => +x.toFixed(1)),
    distillMs: distill.map((x) => +x.toFixed(1)),
    bareMedianMs: +median(bare).toFixed(1),
    distillMedianMs: +median(distill).toFixed(1),
    bareEventsPerSec: Math.round(events / (median(bare) / 1000)),
    distillEventsPerSec: Math.round(events / (median(distill) / 1000)),
    throughputRatioOfMedians: +(median(bare) / median(distill)).toFixed(3),
    throughputMedianOfRatios: +median(ratios).toFixed(3),
    target: 'throughput ratio ≥ 0.8',
  };
  console.table([
    { variant: 'bare client loop', 'median ms': result.bareMedianMs, 'events/s': result.bareEventsPerSec },
    { variant: 'Distill stream', 'median ms': result.distillMedianMs, 'events/s': result.distillEventsPerSec },
  ]);
  console.log(`throughput Distill / bare: ${result.throughputRatioOfMedians} (ratio of medians), ${result.throughputMedianOfRatios} (median of ratios)`);
  const dir = path.resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'elasticsearch-streaming-throughput.json'), `${JSON.stringify(result, null, 2)}\n`);
}

await main();
