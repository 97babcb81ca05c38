import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { APP_BUDGET, buildApp } from '../../ui/build.js';

const root = path.resolve(import.meta.dirname, '..', '..');

test('the app builds within its page-weight budget, loads nothing from other hosts, and builds to the same bytes twice', async () => {
  const a = await mkdtemp(path.join(tmpdir(), 'distill-app-a-'));
  const b = await mkdtemp(path.join(tmpdir(), 'distill-app-b-'));
  try {
    const first = await buildApp(a);
    await buildApp(b);
    const { sizes } = first;
    assert.ok(sizes['app.js']! <= APP_BUDGET.js, `app.js ${sizes['app.js']} B > ${APP_BUDGET.js} B`);
    assert.ok(sizes['app.css']! <= APP_BUDGET.css, `app.css ${sizes['app.css']} B > ${APP_BUDGET.css} B`);
    assert.ok(sizes['index.html']! <= APP_BUDGET.html);
    const total = Object.values(sizes).reduce((x, y) => x + y, 0);
    assert.ok(total <= APP_BUDGET.total, `total ${total} B > ${APP_BUDGET.total} B`);
    for (const name of ['index.html', 'app.js', 'app.css']) {
      const text = await readFile(path.join(a, name), 'utf8');
      assert.deepEqual(await readFile(path.join(b, name), 'utf8'), text, `${name} is reproducible`);
      // Absolute URLs in the build: only the SVG namespace and the sample's own page values (funnel defaults).
      const hosts = new Set([...text.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]));
      assert.deepEqual([...hosts].filter((h) => h !== 'www.w3.org' && h !== 'shop.example.com'), [], `${name} names no other host`);
    }
    process.stdout.write(`# app sizes: ${JSON.stringify(sizes)}; app.js gzip ${gzipSync(await readFile(path.join(a, 'app.js'))).length} B\n`);
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});

test('the app type-checks against the server\'s schemas (ui/tsconfig.json)', () => {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'ui', 'tsconfig.json'), '--noEmit'], { stdio: 'pipe' });
});
