#!/usr/bin/env node
// The project-local Python environment of the tests: `.venv/` in the checkout, with exactly the packages pinned in
// scripts/python/requirements.txt. Made on first use (≈ 20–60 s, from PyPI or pip's cache), then reused: it is
// remade only when the requirements file or the base Python changes (a stamp in the venv records both).
//
//   node scripts/python-env.mjs          make or reuse it; prints the venv's python on stdout
//   import { ensurePythonEnv } from …    the same from code (scripts/test.mjs; test/helpers/python.ts)
//
// The base interpreter is DISTILL_PYTHON_BASE, else `python3` on PATH (3.11 or newer: pandas 3 needs it). Failures
// end in one line that names the fix, e.g. Debian's python3-venv package when `python3 -m venv` cannot make pip.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REQUIREMENTS = path.join(root, 'scripts', 'python', 'requirements.txt');
export const VENV = path.join(root, '.venv');
const STAMP = '.distill-requirements';
const MIN = [3, 11];

/** The venv's interpreter (POSIX `bin/python`, Windows `Scripts\python.exe`). */
export function venvPython(venv = VENV) {
  return process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
}

/** A failure with the one line that says what to do. */
export class PythonEnvError extends Error {}

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...options });
}

function lastLine(r) {
  const text = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim() || String(r.error ?? `exit ${r.status}`);
  return text.split('\n').at(-1);
}

/**
 * Make or reuse the venv; returns the path of its python. Concurrent callers (two test files) wait for each other
 * through a lock directory. Cost: one `python -c` when the venv is current; otherwise a venv and a pip install.
 * @throws PythonEnvError with a one-line, actionable message (no Python, too old, no venv module, pip failed).
 */
export function ensurePythonEnv({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const base = process.env.DISTILL_PYTHON_BASE ?? 'python3';
  const python = venvPython();
  const wanted = `${createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex')}`;
  const current = () => {
    try {
      const stamp = readFileSync(path.join(VENV, STAMP), 'utf8').split('\n');
      return stamp[0] === wanted && stamp[1] === baseIdentity(base) && run(python, ['-c', '0']).status === 0;
    } catch {
      return false;
    }
  };
  if (current()) return python;
  const lock = `${VENV}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than 15 minutes is left over from a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new PythonEnvError(`Timed out waiting for ${lock}; remove it if no other test run is making the venv.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (current()) return python;
    build(base, python, wanted, log);
    return python;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The base interpreter's version and location: a new Python means a new venv. */
function baseIdentity(base) {
  const r = run(base, ['-c', 'import sys; print(sys.version.split()[0], sys.base_prefix)']);
  return r.status === 0 ? r.stdout.trim() : '';
}

function build(base, python, wanted, log) {
  const probe = run(base, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
  if (probe.status !== 0) {
    throw new PythonEnvError(`Python 3 not found (${base}: ${lastLine(probe)}): install it (Debian: apt-get install -y python3 python3-venv) or set DISTILL_PYTHON_BASE.`);
  }
  const [major, minor] = probe.stdout.trim().split('.').map(Number);
  if (major < MIN[0] || (major === MIN[0] && minor < MIN[1])) {
    throw new PythonEnvError(`${base} is Python ${probe.stdout.trim()}; the tests need ${MIN.join('.')} or newer: install one and set DISTILL_PYTHON_BASE to it.`);
  }
  log(`== Python test environment: ${path.relative(root, VENV)}/ with ${path.relative(root, REQUIREMENTS)} (once; reused until that file changes)`);
  rmSync(VENV, { recursive: true, force: true });
  const venv = run(base, ['-m', 'venv', VENV]);
  if (venv.status !== 0) {
    rmSync(VENV, { recursive: true, force: true });
    throw new PythonEnvError(`${base} -m venv failed (${lastLine(venv)}): on Debian/Ubuntu install python3-venv (apt-get install -y python3-venv).`);
  }
  const pip = run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS], { stdio: ['ignore', 'inherit', 'pipe'] });
  if (pip.status !== 0) {
    process.stderr.write(pip.stderr ?? '');
    throw new PythonEnvError(`pip could not install ${path.relative(root, REQUIREMENTS)} into ${path.relative(root, VENV)}/ (${lastLine(pip)}); PyPI must be reachable (or PIP_INDEX_URL set).`);
  }
  const freeze = run(python, ['-m', 'pip', 'freeze', '--disable-pip-version-check']);
  writeFileSync(path.join(VENV, STAMP), `${wanted}\n${baseIdentity(base)}\n${freeze.stdout ?? ''}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensurePythonEnv()}\n`);
  } catch (error) {
    if (!(error instanceof PythonEnvError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
