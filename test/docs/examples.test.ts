import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractExamples, splitCommand, type DocExample } from '../../scripts/docs/examples.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const sample = path.join(root, 'dist-config', 'sample', 'userale-sample.ndjson');

function guides(): string[] {
  const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const tutorials = readdirSync(path.join(root, 'docs', 'tutorials')).filter((f) => f.endsWith('.md')).map((f) => `docs/tutorials/${f}`);
  return [...docs, ...tutorials].sort();
}

function run(argv: readonly string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), ...argv], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('console and code examples are found where the docs mark them', () => {
  const md = [
    '```console', '$ distill count-by --by type --where "type=click"', 'type,count', 'click,3', '$ distill version', '```',
    '```json file=p.json', '{}', '```', '```ts example', 'console.log(1)', '```', '```text output', '1', '```', '```sh', 'distill serve', '```',
  ].join('\n');
  const found = extractExamples('x.md', md);
  assert.deepEqual(found.map((e) => e.kind), ['cli', 'cli', 'file', 'ts']);
  assert.deepEqual(found[0], { kind: 'cli', doc: 'x.md', line: 2, argv: ['count-by', '--by', 'type', '--where', 'type=click'], expected: 'type,count\nclick,3\n' });
  assert.equal(found[1]!.kind === 'cli' ? found[1]!.expected : undefined, '');
  assert.deepEqual(found[3], { kind: 'ts', doc: 'x.md', line: 10, code: 'console.log(1)\n', expected: '1\n' });
  assert.deepEqual(splitCommand(`distill run 'a b.json' --x "q\\"r"`), ['distill', 'run', 'a b.json', '--x', 'q"r']);
  assert.throws(() => splitCommand('distill run x | head'), /Shell syntax "\|"/);
});

for (const doc of guides()) {
  const examples = extractExamples(doc, readFileSync(path.join(root, doc), 'utf8'));
  if (examples.every((e) => e.kind === 'file')) continue;
  test(`the examples of ${doc} still run and print what the doc says`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distill-doc-example-'));
    const home = path.join(dir, '.home');
    mkdirSync(home);
    copyFileSync(sample, path.join(dir, 'sample.ndjson'));
    const env = { DISTILL_CONFIG: '', DISTILL_HOME: home, NO_COLOR: '1' };
    try {
      let n = 0;
      for (const example of examples as DocExample[]) {
        const where = `${doc}:${example.line}`;
        if (example.kind === 'file') {
          mkdirSync(path.dirname(path.join(dir, example.path)), { recursive: true });
          writeFileSync(path.join(dir, example.path), example.content);
        } else if (example.kind === 'cli') {
          const r = await run([path.join(root, 'src', 'bin', 'distill.ts'), ...example.argv], dir, env);
          assert.equal(r.code, 0, `${where}: distill ${example.argv.join(' ')} exited ${r.code}:\n${r.stderr}`);
          assert.equal(r.stdout, example.expected, `${where}: distill ${example.argv.join(' ')} printed something else`);
        } else {
          const file = path.join(dir, `example-${++n}.mts`);
          writeFileSync(file, example.code.replaceAll(/from 'distill'/g, `from '${pathToFileURL(path.join(root, 'src', 'index.ts')).href}'`));
          const r = await run([file], dir, env);
          assert.equal(r.code, 0, `${where}: the TypeScript example failed:\n${r.stderr}`);
          if (example.expected !== undefined) assert.equal(r.stdout, example.expected, `${where}: the TypeScript example printed something else`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
