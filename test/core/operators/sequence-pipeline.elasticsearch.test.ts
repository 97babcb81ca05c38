import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDistill } from '../../../src/distill.js';
import { ES_URL, readOnlyFixture, SKIP } from '../../sources/elasticsearch/helpers/es-fixture.js';

// The realistic sequence pipeline on the real Elasticsearch node gives the files' answer: the same sessions,
// segments and event ids (documents indexed with the file source's ids `<file>#<line>`, so ties break alike).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STEPS = [
  { op: 'rewrite', rules: [{ op: 'url' }] },
  { op: 'stitch-users' },
  { op: 'sessionize' },
  { op: 'collapse-repeats' },
  { op: 'segment', segments: [{ mode: 'idle', limit: '1m' }] },
];

if (SKIP !== false) test('sequence pipeline on Elasticsearch', { skip: SKIP }, () => {});
else {
  describe('sequence pipeline on Elasticsearch', () => {
    let dir = '';
    let file = '';
    let fixture: Awaited<ReturnType<typeof readOnlyFixture>>;
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'distill-seq-es-'));
      file = path.join(dir, 'generated.ndjson');
      execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/generate-sample.ts'), '--seed', '11', '--events', '5000', '--out', file], { cwd: root, stdio: 'ignore' });
      const docs = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      fixture = await readOnlyFixture('sequence', docs, docs.map((_, i) => `generated.ndjson#${i + 1}`), { shards: 2 });
    });
    after(async () => {
      await fixture?.close();
      await rm(dir, { recursive: true, force: true });
    });

    test('sessions, collapsed events and idle segments equal the files’ answer', async () => {
      const distill = await openDistill({
        config: {
          sources: {
            files: { kind: 'files', paths: file, schema: 'userale' },
            es: { kind: 'elasticsearch', node: ES_URL!, index: fixture.index, schema: 'userale' },
          },
        },
        cwd: dir,
      });
      const rows = async (source: string, steps: unknown[]) => ((await distill.run({ source, steps })).result as unknown as { rows: Record<string, unknown>[] }).rows;
      const sessions = [...STEPS.slice(0, 3), { op: 'count-by', by: 'session', sort: 'key' }];
      const fromFiles = await rows('files', sessions);
      assert.ok(fromFiles.length > 20);
      assert.deepEqual(await rows('es', sessions), fromFiles);
      const segments = await rows('files', STEPS);
      assert.ok(segments.length > 0);
      assert.deepEqual(await rows('es', STEPS), segments);
      await distill.close?.();
    });
  });
}
