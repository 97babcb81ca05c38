import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPlugins } from '../../src/plugins/load-plugins.js';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { DistillError } from '../../src/core/errors.js';
import { openDistill } from '../../src/distill.js';

let dir = '';
const esm = `export default ({ z, defineOperator, helpers }) => defineOperator({
  name: 'drop-synthetic-clicks',
  summary: 'Drop Enter-key clicks (details.clicks = 0).',
  description: 'UserALE logs a click with details.clicks = 0 when Enter submits a form.',
  params: z.strictObject({ keepFirst: z.boolean().default(false) }),
  accepts: ['events'],
  produces: () => 'events',
  run: (input) => ({ kind: 'events', batches: helpers.filterBatches(input.batches, (e) => !(e.type === 'click' && helpers.getPath(e.doc, 'details.clicks') === 0)) }),
});
`;
const cjs = `module.exports = ({ z, defineOperator }) => [
  defineOperator({ name: 'tag-a', summary: 'A.', description: '', params: z.strictObject({}), accepts: ['events'], produces: (k) => k, run: (i) => i }),
  defineOperator({ name: 'tag-b', summary: 'B.', description: '', params: z.strictObject({}), accepts: ['table'], produces: (k) => k, run: (i) => i }),
];
`;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-plugins-'));
  await mkdir(path.join(dir, 'plugins'));
  await writeFile(path.join(dir, 'plugins', 'a-drop.mjs'), esm);
  await writeFile(path.join(dir, 'plugins', 'b-tags.cjs'), cjs);
  await writeFile(path.join(dir, 'plugins', 'notes.txt'), 'not a plugin');
  await mkdir(path.join(dir, 'bad'));
  await writeFile(path.join(dir, 'bad', 'throws.mjs'), 'throw new Error("boom at load");');
  await writeFile(path.join(dir, 'bad', 'object.mjs'), 'export default { name: "x" };');
  await writeFile(path.join(dir, 'bad', 'reserved.mjs'), esm.replace("'drop-synthetic-clicks'", "'query'"));
  await writeFile(path.join(dir, 'bad', 'duplicate.mjs'), esm.replace("'drop-synthetic-clicks'", "'count-by'"));
  await writeFile(path.join(dir, 'bad', 'empty.mjs'), 'export default () => [];');
  await writeFile(path.join(dir, 'events.ndjson'), ['{"clientTime":1,"type":"click","details":{"clicks":0}}', '{"clientTime":2,"type":"click","details":{"clicks":1}}', '{"clientTime":3,"type":"submit"}'].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('ESM and CommonJS plugins in a directory register their operators in name order; other files are ignored', async () => {
  const registry = createRegistry();
  const loaded = await loadPlugins(registry, [path.join(dir, 'plugins'), path.join(dir, 'does-not-exist')]);
  assert.deepEqual(loaded.map((p) => [path.basename(p.file), p.operators]), [
    ['a-drop.mjs', ['drop-synthetic-clicks']],
    ['b-tags.cjs', ['tag-a', 'tag-b']],
  ]);
  assert.equal(registry.describe('drop-synthetic-clicks').origin, path.join(dir, 'plugins', 'a-drop.mjs'));
  assert.deepEqual((registry.describe('drop-synthetic-clicks').params as { properties: object }).properties, { keepFirst: { type: 'boolean', default: false } });
});

for (const [file, reason] of [
  ['throws.mjs', /cannot be loaded: boom at load/],
  ['object.mjs', /must be a function/],
  ['reserved.mjs', /reserved word/],
  ['duplicate.mjs', /already taken by builtin/],
  ['empty.mjs', /must return an operator definition/],
] as const) {
  test(`a bad plugin (${file}) is refused with invalid_plugin naming the file and the reason`, async () => {
    await assert.rejects(loadPlugins(createRegistry(), [path.join(dir, 'bad', file)]), (e: unknown) => {
      assert.ok(e instanceof DistillError);
      assert.equal(e.code, 'invalid_plugin');
      assert.ok(e.message.includes(path.join(dir, 'bad', file)), e.message);
      assert.match(e.message, reason);
      return true;
    });
  });
}

test('plugins named in the config and in the user directory run in pipelines like built-ins', async () => {
  const home = path.join(dir, 'home');
  await mkdir(path.join(home, 'plugins'), { recursive: true });
  await writeFile(path.join(home, 'plugins', 'tags.cjs'), cjs);
  const saved = process.env.DISTILL_HOME;
  process.env.DISTILL_HOME = home;
  try {
    const d = await openDistill({ cwd: dir, config: { sources: { e: { kind: 'files', paths: 'events.ndjson' } }, plugins: ['plugins/a-drop.mjs'] } });
    assert.deepEqual(d.plugins.map((p) => p.operators), [['drop-synthetic-clicks'], ['tag-a', 'tag-b']]);
    const env = await d.run({ steps: [{ op: 'drop-synthetic-clicks' }, { op: 'count-by', by: 'type', sort: 'key' }] });
    assert.deepEqual(env.result.kind === 'table' && env.result.rows, [
      { type: 'click', count: 1 },
      { type: 'submit', count: 1 },
    ]);
    const without = await openDistill({ cwd: dir, userPlugins: false, config: { sources: { e: { kind: 'files', paths: 'events.ndjson' } } } });
    assert.equal(without.registry.has('tag-a'), false);
  } finally {
    if (saved === undefined) delete process.env.DISTILL_HOME;
    else process.env.DISTILL_HOME = saved;
  }
});
