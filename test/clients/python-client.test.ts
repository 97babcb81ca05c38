import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The Python client (clients/python) as users get it: built as a wheel, installed into a fresh virtual environment
 * with its pinned test requirements from PyPI, then its pytest suite runs against a real `distill serve` (started by
 * the suite's conftest through this checkout's CLI) — and the tutorial notebook runs top to bottom in a real Jupyter
 * kernel. Any pytest failure or cell error fails this test.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const pkg = path.join(root, 'clients', 'python');
// The base interpreter of the project venv (scripts/python-env.mjs): the fresh venv here is made from it too.
const python = process.env.DISTILL_PYTHON_BASE ?? 'python3';
let work = '';
let venvPython = '';
let wheel = '';

interface Ran {
  readonly status: number | null;
  readonly out: string;
}

/** Run a command asynchronously, output captured (stdout and stderr interleaved). */
function run(cmd: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd ?? root, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
  });
}

async function must(cmd: string, args: readonly string[], options: Parameters<typeof run>[2] = {}): Promise<string> {
  const r = await run(cmd, args, options);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

/** The CLI of this checkout (TypeScript sources through tsx), as the conftest's DISTILL_CLI. */
const cli = JSON.stringify([process.execPath, '--import', import.meta.resolve('tsx'), path.join(root, 'src', 'bin', 'distill.ts')]);

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'distill-pyclient-ci-'));
  await must(python, ['-m', 'pip', 'wheel', '--no-deps', '--quiet', '--wheel-dir', path.join(work, 'wheel'), pkg]);
  const built = await readdir(path.join(work, 'wheel'));
  assert.deepEqual(built, ['distill_client-0.2.0-py3-none-any.whl']);
  wheel = path.join(work, 'wheel', built[0]!);
  await must(python, ['-m', 'venv', path.join(work, 'venv')]);
  venvPython = path.join(work, 'venv', process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  await must(venvPython, ['-m', 'pip', 'install', '--quiet', wheel, '-r', path.join(pkg, 'requirements-test.txt')]);
});
after(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true });
});

test('the wheel holds the typed package and nothing else', async () => {
  const listing = await must(venvPython, ['-c', 'import sys, zipfile; print("\\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))', wheel]);
  const files = listing.trim().split('\n').filter((f) => !f.includes('.dist-info/'));
  assert.deepEqual(files, [
    'distill_client/__init__.py',
    'distill_client/_home.py',
    'distill_client/_pinning.py',
    'distill_client/_progress.py',
    'distill_client/client.py',
    'distill_client/errors.py',
    'distill_client/py.typed',
    'distill_client/results.py',
  ]);
  // Installed from the wheel, not imported from the source tree.
  const where = await must(venvPython, ['-c', 'import distill_client; print(distill_client.__file__)'], { cwd: work });
  assert.ok(where.trim().startsWith(path.join(work, 'venv')), where);
});

test('the installed package type-checks under mypy --strict (it ships py.typed)', async () => {
  const r = await run(venvPython, ['-m', 'mypy', '--strict', '--no-incremental', '-p', 'distill_client'], { cwd: work });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /^Success: no issues found in 7 source files/m);
});

test('the Python client\'s pytest suite passes against a real distill serve', async () => {
  const r = await run(venvPython, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-W', 'error::DeprecationWarning:distill_client', path.join(pkg, 'tests')], {
    cwd: path.join(pkg, 'tests'),
    env: { DISTILL_CLI: cli, DISTILL_REPO: root },
  });
  assert.equal(r.status, 0, `pytest failed:\n${r.out}`);
  const summary = /(\d+) passed/.exec(r.out);
  assert.ok(summary !== null && Number(summary[1]) >= 48, r.out); // grows with the named pipelines of dist-config
  assert.doesNotMatch(r.out, /skipped|xfail|failed|error/i);
});
