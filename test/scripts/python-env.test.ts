import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIREMENTS, VENV, ensurePythonEnv, venvPython } from '../../scripts/python-env.mjs';
import { testPython } from '../helpers/python.js';

const pins = readFileSync(REQUIREMENTS, 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

test('the requirements file pins every package exactly, one name==version per line', () => {
  assert.ok(pins.length >= 2);
  for (const line of pins) assert.match(line, /^[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.+-]*$/, line);
  assert.deepEqual(pins.filter((l) => /^(requests|pandas)==/.test(l)).length, 2);
});

test('the venv is project-local and reused: a second call returns the same interpreter without reinstalling', () => {
  const first = ensurePythonEnv();
  const logged: string[] = [];
  const second = ensurePythonEnv({ log: (l) => logged.push(l) });
  assert.equal(first, venvPython());
  assert.equal(second, first);
  assert.deepEqual(logged, []);
  assert.equal(path.dirname(VENV), path.resolve(import.meta.dirname, '..', '..'));
});

test('the venv holds exactly the pinned versions, and tests get it through testPython()', () => {
  const py = testPython();
  assert.ok('python' in py, 'missing' in py ? py.missing : '');
  const names = pins.map((l) => l.split('==')[0]!);
  const r = spawnSync(py.python, ['-c', 'import sys, importlib.metadata as m; print("\\n".join(f"{n}=={m.version(n)}" for n in sys.argv[1:]))', ...names], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), pins);
  if (process.env.DISTILL_TEST_PYTHON === undefined) assert.equal(py.python, venvPython());
});
