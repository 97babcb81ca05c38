/**
 * The Linux single-file executable reads large NDJSON files with the projection-aware scanner on worker threads
 * (DISTILL_TEST_BINARIES=1, after `npm run build:binaries`; run by `npm run test:binaries`). A SEA has no module
 * files, so the workers are created from the scanner's source text; this proves they start inside the executable
 * (the debug log says the pieces were read by workers, not by the fallback, with this thread reading only from each broken line to the next piece boundary) and that the answer equals the
 * TypeScript CLI's reading the same file whole, one thread.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { executableName, loadTargets } from '../../build/targets.js';
import { VERSION } from '../../src/version.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = process.env.DISTILL_BINARIES_DIR ?? path.join(root, 'build', 'out');
const enabled = process.env.DISTILL_TEST_BINARIES === '1';
const targets = loadTargets(path.join(root, 'dist-config', 'targets'));
const linuxExe = path.join(out, executableName(targets.find((t) => t.id === 'linux-x64')!, VERSION));

describe('single-file executable: parallel scanning', { skip: enabled ? false : 'set DISTILL_TEST_BINARIES=1 after npm run build:binaries' }, () => {
  let tmp = '';
  let file = '';
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-exe-scan-'));
    file = path.join(tmp, 'logs.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      lines.push(i % 9_999 === 7 ? '{"type": broken' : JSON.stringify({ clientTime: 1709500000000 + i, type: `t${i % 5}`, userId: `u${i % 3}`, path: ['a', 'b'], details: { pad: 'x'.repeat(200) } }));
    }
    writeFileSync(file, lines.join('\n')); // ~10 MB: above the 8 MiB parallel threshold
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('count-by reads on worker threads inside the executable and equals the whole-document read', () => {
    const env = { ...process.env, NODE_DEBUG: 'distill:scan', HOME: tmp, XDG_CACHE_HOME: path.join(tmp, 'cache') };
    const exe = spawnSync(linuxExe, ['count-by', '--by', 'type', '--source', file, '--format', 'csv'], { env });
    assert.equal(exe.status, 0, exe.stderr.toString());
    const stderr = exe.stderr.toString();
    assert.match(stderr, /\d+ pieces on \d+ workers/);
    assert.match(stderr, /pieces read by workers/);
    // Each broken line is read by this thread up to the next piece boundary, then the workers' pieces again.
    assert.match(stderr, /lines 8 to \d+ read on this thread/);
    assert.doesNotMatch(stderr, /workers failed/);
    // The reference: the TypeScript CLI reading whole documents (a query without projection needs them).
    const events = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/bin/distill.ts'), 'query', '--source', file, '--format', 'ndjson', '--quiet'], { cwd: root, maxBuffer: 1 << 28 });
    assert.equal(events.status, 0, events.stderr.toString());
    const counts = new Map<string, number>();
    for (const line of events.stdout.toString().split('\n')) {
      if (line === '') continue;
      const e = JSON.parse(line) as { type: string };
      counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    }
    const rows = exe.stdout.toString().trim().split('\n');
    assert.equal(rows[0], 'type,count');
    assert.deepEqual(new Map(rows.slice(1).map((r) => [r.slice(0, r.lastIndexOf(',')), Number(r.slice(r.lastIndexOf(',') + 1))])), counts);
    assert.equal([...counts.values()].reduce((a, b) => a + b, 0), 40_000 - 4); // lines 8, 10007, 20006, 30005 are broken
  });
});
