import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { readFileDocuments } from '../../../../src/sources/files/scan/read-file-documents.js';
import { BUNDLE_TARGET } from '../../../../build/bundle.js';

/**
 * The workers are created from the scanner's source text, so they must survive bundling: the same CommonJS
 * esbuild bundle the single-file executables run (build/bundle.ts options), and also minified (renamed locals) and
 * with keepNames (the `__name` helper, as tsx compiles). Each bundle reads a file on 3 workers in its own process
 * and must print exactly what this process reads on one thread.
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
let dir = '';
let file = '';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'distill-worker-bundle-'));
  file = path.join(dir, 'data.ndjson');
  const lines: string[] = [];
  for (let i = 1; i <= 3000; i++) lines.push(i % 500 === 0 ? '{nope' : JSON.stringify({ type: `t${i % 7}`, n: i, details: { x: [i, { y: 'é' }] } }));
  await writeFile(file, lines.join('\n'));
  await writeFile(
    path.join(dir, 'entry.ts'),
    [
      `import { readFileDocuments } from ${JSON.stringify(path.join(ROOT, 'src/sources/files/scan/read-file-documents.ts'))};`,
      `import { scanFiles } from ${JSON.stringify(path.join(ROOT, 'src/sources/files/scan/scan-files.ts'))};`,
      `import { openByteChunks } from ${JSON.stringify(path.join(ROOT, 'src/sources/files/open-chunks.ts'))};`,
      'async function main() {',
      '  const out: unknown[] = [];',
      "  for await (const b of readFileDocuments(process.argv[2]!, ['type', 'details.x.y'], (p) => out.push(['problem', p.line, p.message]), { threads: 3, parallelMinBytes: 0, pieceBytes: 9000 })) out.push(b);",
      // Group counting in the workers (the count-by pushdown): counts from their summaries, documents read here.
      "  const counting = scanFiles([process.argv[2]!], ['type'], { threads: 3, parallelMinBytes: 0, pieceBytes: 9000, count: { time: [], by: [['type']], requireTime: false } });",
      '  const counts: Record<string, number> = {};',
      '  let summaries = 0;',
      '  for await (const items of counting.documents(0, () => undefined, () => openByteChunks(process.argv[2]!))) {',
      '    for (const item of items) {',
      "      if ('summary' in item) {",
      '        summaries++;',
      '        item.summary.keys.forEach((k, i) => (counts[String(k)] = (counts[String(k)] ?? 0) + item.summary.counts[i]!));',
      "      } else counts[String((item.doc as { type: string }).type)] = (counts[String((item.doc as { type: string }).type)] ?? 0) + 1;",
      '    }',
      '  }',
      '  await counting.close();',
      '  process.stdout.write(JSON.stringify([out, Object.entries(counts).sort(), summaries > 10]));',
      '}',
      'void main();',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

async function expected(): Promise<string> {
  const out: unknown[] = [];
  for await (const b of readFileDocuments(file, ['type', 'details.x.y'], (p) => out.push(['problem', p.line, p.message]), { threads: 1 })) out.push(b);
  const counts: Record<string, number> = {};
  for (let i = 1; i <= 3000; i++) if (i % 500 !== 0) counts[`t${i % 7}`] = (counts[`t${i % 7}`] ?? 0) + 1;
  return JSON.stringify([out, Object.entries(counts).sort(), true]);
}

for (const variant of ['as the executables bundle it', 'minified', 'with keepNames'] as const) {
  test(`workers from source text work in a CommonJS bundle ${variant}`, async () => {
    const outfile = path.join(dir, `bundle-${variant.replace(/\W+/g, '-')}.cjs`);
    await build({
      entryPoints: [path.join(dir, 'entry.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: BUNDLE_TARGET,
      charset: 'ascii',
      logLevel: 'silent',
      define: { 'import.meta.url': '__u', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
      banner: { js: 'var __u = require("node:url").pathToFileURL(__filename).href;' },
      minify: variant === 'minified',
      keepNames: variant === 'with keepNames',
    });
    const run = spawnSync(process.execPath, [outfile, file], { env: { ...process.env, NODE_DEBUG: 'distill:scan' } });
    assert.equal(run.stdout.toString(), await expected());
    // The workers did the reading; this thread read only from each broken line to the next piece boundary (and the
    // last piece, which ends with one) — no fallback to the main thread.
    const log = run.stderr.toString();
    assert.match(log, /19 pieces on 3 workers[^]*19 pieces on 3 workers/);
    assert.deepEqual([...log.matchAll(/lines (\d+) to \d+ read on this thread/g)].map((m) => Number(m[1])), [500, 1000, 1500, 2000, 2500, 500, 1000, 1500, 2000, 2500]);
    assert.equal([...log.matchAll(/read on this thread from line 3000 to the end/g)].length, 2);
    assert.doesNotMatch(log, /workers failed/);
  });
}
