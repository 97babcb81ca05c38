/**
 * Benchmark indices in the test node: `distill-bench-<events>` holding exactly `events` generated UserALE logs
 * (seed 7, the same documents as bench/data.ts), created from the UserALE index template with a separate plain
 * client (bench setup only — loading time is never measured) and kept between runs: a run reuses an index whose
 * document count is right. Remove them with `npx tsx bench/elasticsearch/bench-index.ts --drop`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { generateUserale } from '../../scripts/sample/generate-userale.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The test node's URL: DISTILL_ES_URL, else start it (scripts/es-node/start.sh) and use the URL it prints. */
export function esUrl(): string {
  const fromEnv = process.env.DISTILL_ES_URL;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const r = spawnSync('bash', [path.join(root, 'scripts/es-node/start.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const m = /^DISTILL_ES_URL=(.*)$/m.exec(r.stdout);
  if (r.status !== 0 || m === null) throw new Error('could not start the Elasticsearch test node (scripts/es-node/start.sh)');
  process.env.DISTILL_ES_URL = m[1]!;
  return m[1]!;
}

export function benchIndexName(events: number): string {
  return `distill-bench-${events}`;
}

/** Make sure `distill-bench-<events>` exists with exactly `events` documents, merged to one segment. */
export async function ensureBenchIndex(events: number, node = esUrl()): Promise<string> {
  const index = benchIndexName(events);
  const admin = new Client({ node, requestTimeout: 600_000 });
  try {
    if (await admin.indices.exists({ index })) {
      const { count } = await admin.count({ index });
      if (count === events) return index;
      await admin.indices.delete({ index });
    }
    const template = JSON.parse(readFileSync(path.join(root, 'test/sources/elasticsearch/fixtures/userale-index-template.json'), 'utf8')) as {
      template: { settings: Record<string, unknown>; mappings: Record<string, unknown> };
    };
    await admin.indices.create({
      index,
      settings: { ...template.template.settings, number_of_shards: 1, number_of_replicas: 0, refresh_interval: '-1' },
      mappings: template.template.mappings as never,
    });
    const started = performance.now();
    let n = 0;
    let batch: unknown[] = [];
    const inFlight = new Set<Promise<void>>();
    const send = (operations: unknown[]): void => {
      const p = admin.bulk({ operations }).then((r) => {
        if (r.errors) throw new Error(`bulk into ${index} failed`);
      });
      const tracked = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    };
    for (const doc of generateUserale({ seed: 7, events: Math.ceil(events * 1.05) })) {
      n++;
      batch.push({ index: { _index: index, _id: `userale-${events}.ndjson#${n}` } }, doc);
      if (batch.length >= 10_000) {
        send(batch);
        batch = [];
        if (inFlight.size >= 2) await Promise.race(inFlight);
      }
      if (n === events) break;
    }
    if (batch.length > 0) send(batch);
    await Promise.all(inFlight);
    await admin.indices.refresh({ index });
    await admin.indices.forcemerge({ index, max_num_segments: 1 });
    await admin.indices.putSettings({ index, settings: { refresh_interval: '5s' } });
    const { count } = await admin.count({ index });
    if (count !== events) throw new Error(`${index} holds ${count} documents, expected ${events}`);
    process.stderr.write(`loaded ${index}: ${events} documents in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return index;
  } finally {
    await admin.close();
  }
}

export { median } from '../median.js';

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { drop: { type: 'boolean', default: false }, sizes: { type: 'string', default: '100000,250000,500000,1000000' } } });
  const node = esUrl();
  if (values.drop) {
    const admin = new Client({ node });
    await admin.indices.delete({ index: 'distill-bench-*' }, { ignore: [404] });
    await admin.close();
  } else for (const size of values.sizes!.split(',').map(Number)) await ensureBenchIndex(size, node);
}
