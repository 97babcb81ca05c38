import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDistill } from '../../src/distill.js';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { loadPlugins } from '../../src/plugins/load-plugins.js';
import { EXAMPLE_DOCUMENTS } from '../../src/core/operators/example-data.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';

const PLUGIN = path.resolve(import.meta.dirname, '../fixtures/plugins/foundation-ops.mjs');

async function withExample<T>(fn: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'distill-derived-'));
  try {
    const file = path.join(dir, 'ex');
    await writeFile(file, EXAMPLE_DOCUMENTS.map((d) => JSON.stringify(d)).join('\n'));
    return await fn(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('sort shorthands: "+time" sorts ascending as a step exactly as in query.sort; "-time" descends', async () => {
  const distill = await openDistill({ userPlugins: false });
  const step = await distill.run({ query: { where: { field: 'time', op: 'exists', value: true } }, steps: [{ op: 'sort', by: '-time' }, { op: 'sort', by: '+time' }, { op: 'limit', n: 5 }] });
  const query = await distill.run({ query: { where: { field: 'time', op: 'exists', value: true }, sort: ['+time'], limit: 5 } });
  assert.ok(step.result.kind === 'events' && query.result.kind === 'events');
  const times = step.result.events.map((e) => e.time!);
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  assert.deepEqual(step.result.events.map((e) => e.id), query.result.events.map((e) => e.id));
  assert.deepEqual(distill.validatePipeline({ steps: [{ op: 'sort', by: '+time' }] }).steps[0]!.params, { by: [{ field: 'time', order: 'asc' }] });
  assert.deepEqual(distill.validatePipeline({ steps: [{ op: 'sort', by: ['-user', { field: 'time' }] }] }).steps[0]!.params, {
    by: [
      { field: 'user', order: 'desc' },
      { field: 'time', order: 'asc' },
    ],
  });
});

test('derived attributes: usable by name in filters, group-bys, sorts and CSV; doc.x reads the original; attrs.x the attribute', async () => {
  await withExample(async (file, dir) => {
    const registry = createRegistry();
    await loadPlugins(registry, [PLUGIN]);
    const distill = await openDistill({ config: { sources: { ex: { kind: 'files', paths: file } } }, cwd: dir, registry });
    const counted = await distill.run({ steps: [{ op: 'tag-area' }, { op: 'filter', where: { field: 'area', op: 'ne', value: 'home' } }, { op: 'count-by', by: 'area', sort: 'key' }] });
    assert.deepEqual(counted.result.kind === 'table' && counted.result.rows, [
      { area: 'cart', count: 1 },
      { area: 'product', count: 2 },
      { area: 'search', count: 2 },
    ]);
    const explicit = await distill.run({ steps: [{ op: 'tag-area' }, { op: 'project', fields: ['id', 'attrs.area', { field: 'doc.pageUrl', as: 'original' }] }, { op: 'limit', n: 1 }] });
    assert.deepEqual(explicit.result.kind === 'table' && explicit.result.rows, [{ id: 'ex#1', 'attrs.area': 'home', original: 'https://shop.example/home' }]);
    // the event keeps its document untouched and carries the attribute
    const events = await distill.run({ steps: [{ op: 'tag-area' }, { op: 'limit', n: 1 }] });
    assert.ok(events.result.kind === 'events');
    assert.deepEqual(events.result.events[0]!.attrs, { area: 'home' });
    assert.deepEqual(events.result.events[0]!.doc, EXAMPLE_DOCUMENTS[0]);
    // CSV of events gets a column per declared attribute
    const handle = distill.start({ steps: [{ op: 'tag-area' }, { op: 'limit', n: 2 }], output: { format: 'csv' } });
    const { writeOutput } = await import('../../src/core/output/write-output.js');
    let csv = '';
    for await (const chunk of writeOutput(handle, 'csv')) csv += chunk;
    assert.deepEqual(csv.split('\n')[0], 'id,time,end,user,session,type,target,path,page,kind,area');
    assert.match(csv.split('\n')[1]!, /,https:\/\/shop\.example\/home,raw,home$/);
  });
});

test('a partitioned step after a filter gets the partition order; the sort it needs spills under a tiny budget', async () => {
  await withExample(async (file, dir) => {
    const registry = createRegistry();
    await loadPlugins(registry, [PLUGIN]);
    const distill = await openDistill({ config: { sources: { ex: { kind: 'files', paths: file } } }, cwd: dir, registry });
    const env = await distill.run({ steps: [{ op: 'filter', where: { field: 'type', op: 'ne', value: 'scroll' } }, { op: 'tag-area' }, { op: 'partition-spans', by: ['area'] }] }, { sortMemoryBytes: 1, scratchDir: dir });
    assert.deepEqual(env.result.kind === 'table' && env.result.rows.map((r) => [r.key, r.ids]), [
      [['cart'], ['ex#10']],
      [['home'], ['ex#1', 'ex#2', 'ex#3', 'ex#4']],
      [['product'], ['ex#8', 'ex#9']],
      [['search'], ['ex#6', 'ex#7']],
    ]);
  });
});
