import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import type { ElasticsearchConnection } from '../../../../src/sources/elasticsearch/connection-options.js';
import { readOnlyEndpoint, type AllowedRequest } from '../../../../src/sources/elasticsearch/read-only-transport.js';

/** The test node's URL (`node scripts/test.mjs` starts it and sets DISTILL_ES_URL). */
export const ES_URL = process.env.DISTILL_ES_URL;

/** Why Elasticsearch tests are skipped, or false when they run. */
export const SKIP: string | false =
  process.env.DISTILL_TEST_ONLY_UNIT === '1'
    ? 'unit tests only (--only-unit)'
    : ES_URL === undefined
      ? 'DISTILL_ES_URL is not set: run through `node scripts/test.mjs`, which starts the test node'
      : false;

/** This test process's run id: every index it creates carries it, so parallel and repeated runs never collide. */
export const RUN_ID = `${Date.now().toString(36)}-${process.pid}`;

export function indexName(suite: string): string {
  return `distill-test-${suite}-${RUN_ID}`;
}

/** A plain client for test setup only (creating and deleting indices, loading data): never the product's. */
export function adminClient(): Client {
  return new Client({ node: ES_URL!, requestTimeout: 120_000 });
}

/** Connection settings for the product's read-only source. */
export function connection(overrides: Partial<ElasticsearchConnection> = {}): ElasticsearchConnection {
  return { nodes: [ES_URL!], rejectUnauthorized: true, requestTimeoutMs: 30_000, maxRetries: 2, ...overrides };
}

const TEMPLATE = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'userale-index-template.json'), 'utf8')) as {
  template: { settings: Record<string, unknown>; mappings: { properties: Record<string, unknown> } & Record<string, unknown> };
};

/**
 * Create an index from the UserALE Logstash template (strings as keyword, dates, integer details), plus a
 * `note` keyword with `ignore_above: 20`, and bulk-load documents with the given ids. Refreshes before returning.
 */
export async function createUseraleIndex(
  admin: Client,
  index: string,
  docs: readonly Record<string, unknown>[],
  ids: readonly string[],
  options: { shards?: number; properties?: Record<string, unknown> } = {},
): Promise<void> {
  const { settings, mappings } = TEMPLATE.template;
  await admin.indices.create({
    index,
    settings: { ...settings, number_of_shards: options.shards ?? 1, number_of_replicas: 0, refresh_interval: '-1' },
    mappings: { ...mappings, properties: { ...mappings.properties, note: { type: 'keyword', ignore_above: 20 }, ...options.properties } } as never,
  });
  await bulkLoad(admin, index, docs, ids);
}

/** Bulk-load documents in chunks; fails on any item error. */
export async function bulkLoad(admin: Client, index: string, docs: readonly unknown[], ids: readonly string[], chunk = 5000): Promise<void> {
  for (let i = 0; i < docs.length; i += chunk) {
    const operations = docs.slice(i, i + chunk).flatMap((d, k) => [{ index: { _index: index, _id: ids[i + k] } }, d]);
    const r = await admin.bulk({ operations });
    if (r.errors) {
      const first = r.items.find((item) => item.index?.error !== undefined)?.index?.error;
      throw new Error(`bulk load into ${index} failed: ${JSON.stringify(first)}`);
    }
  }
  await admin.indices.refresh({ index });
}

/** What must not change while the product reads an index. */
export interface IndexSnapshot {
  readonly docs: number;
  readonly indexTotal: number;
  readonly deleteTotal: number;
}

export async function snapshot(admin: Client, index: string): Promise<IndexSnapshot> {
  const stats = await admin.indices.stats({ index, metric: ['docs', 'indexing'] });
  const p = stats.indices?.[index]?.primaries;
  return { docs: p?.docs?.count ?? -1, indexTotal: p?.indexing?.index_total ?? -1, deleteTotal: p?.indexing?.delete_total ?? -1 };
}

/** Records every request the source sends, to prove all of them are reads. */
export class RequestAudit {
  readonly requests: AllowedRequest[] = [];
  readonly onRequest = (request: AllowedRequest): void => {
    this.requests.push(request);
  };

  /** Every recorded request is on the read-only allow-list (the transport refuses others before sending). */
  assertReadOnly(): void {
    const bad = this.requests.filter((r) => readOnlyEndpoint(r.method, r.path) === undefined);
    assert.deepEqual(bad, []);
  }

  endpoints(): Set<string> {
    return new Set(this.requests.map((r) => r.endpoint));
  }
}

/**
 * A loaded test index with its read-only audit: `close()` asserts that only read endpoints were called and that the
 * document count and indexing statistics are what they were right after loading, then deletes the index.
 */
export async function readOnlyFixture(
  suite: string,
  docs: readonly Record<string, unknown>[],
  ids: readonly string[],
  options: { shards?: number } = {},
): Promise<{ index: string; admin: Client; audit: RequestAudit; close: () => Promise<void> }> {
  const admin = adminClient();
  const index = indexName(suite);
  await createUseraleIndex(admin, index, docs, ids, options);
  const before = await snapshot(admin, index);
  assert.equal(before.docs, docs.length);
  const audit = new RequestAudit();
  return {
    index,
    admin,
    audit,
    close: async () => {
      try {
        audit.assertReadOnly();
        assert.deepEqual(await snapshot(admin, index), before, 'the index changed while Distill read it');
      } finally {
        await admin.indices.delete({ index }, { ignore: [404] });
        await admin.close();
      }
    },
  };
}

/** Open search contexts on the node (each point in time holds one per shard). */
export async function openContexts(admin: Client): Promise<number> {
  const stats = await admin.nodes.stats({ metric: 'indices', index_metric: 'search' });
  let n = 0;
  for (const node of Object.values(stats.nodes)) n += node.indices?.search?.open_contexts ?? 0;
  return n;
}

/**
 * A read-only test index shared by every run against the same node: its name carries a hash of the documents, ids,
 * options and index template, so it is created and loaded once and then reused as it is (mutation testing re-runs a
 * file for every mutant; loading each time would dominate). Loading ends with a write block, which is also the
 * "ready" mark: a run that finds the index without it waits for the run loading it (or, after `waitMs`, deletes the
 * half-loaded index and loads it again). Never deleted; `ES_CLEAN=1 scripts/es-node/start.sh` wipes the node's data.
 */
export async function sharedFixture(
  suite: string,
  docs: readonly Record<string, unknown>[],
  ids: readonly string[],
  options: { shards?: number; properties?: Record<string, unknown>; waitMs?: number } = {},
): Promise<{ index: string; admin: Client; close: () => Promise<void> }> {
  const admin = adminClient();
  const hash = createHash('sha256').update(JSON.stringify({ docs, ids, shards: options.shards ?? 1, properties: options.properties ?? {}, template: TEMPLATE })).digest('hex').slice(0, 16);
  const index = `distill-test-shared-${suite}-${hash}`;
  const ready = async (): Promise<boolean | undefined> => {
    const r = await admin.indices.getSettings({ index, name: 'index.blocks.write', flat_settings: true }, { ignore: [404] });
    const entry = (r as Record<string, { settings?: Record<string, unknown> }>)[index];
    if (entry === undefined) return undefined;
    return entry.settings?.['index.blocks.write'] === 'true';
  };
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    const state = await ready();
    if (state === true) break;
    if (state === undefined) {
      try {
        await createUseraleIndex(admin, index, docs, ids, options);
        await admin.indices.putSettings({ index, settings: { 'index.blocks.write': true } });
        break;
      } catch (error) {
        // Another run created it first: wait for its write block.
        if (!JSON.stringify((error as { body?: unknown }).body ?? '').includes('resource_already_exists_exception')) throw error;
      }
    } else if (Date.now() > deadline) {
      await admin.indices.delete({ index }, { ignore: [404] });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const count = await admin.count({ index });
  assert.equal(count.count, docs.length, `the shared index ${index} holds other documents`);
  return { index, admin, close: () => admin.close() };
}
