import { ensurePythonEnv, PythonEnvError } from '../../scripts/python-env.mjs';

/**
 * The Python every test that runs Python uses: the project-local venv with the pinned packages of
 * scripts/python/requirements.txt (made by scripts/python-env.mjs; `npm test` makes it before any test starts, so
 * here it is only checked, one `python -c` ≈ 30 ms). DISTILL_TEST_PYTHON overrides it (an interpreter that already
 * has the packages). Add a package: one `name==version` line in that requirements file.
 * @returns `{ python }`, or `{ missing }`: the one-line reason it could not be made, naming the fix.
 * @example const py = testPython(); if ('missing' in py) throw new Error(py.missing);
 */
export function testPython(): { readonly python: string } | { readonly missing: string } {
  const override = process.env.DISTILL_TEST_PYTHON;
  if (override !== undefined && override !== '') return { python: override };
  try {
    return { python: ensurePythonEnv() };
  } catch (error) {
    if (error instanceof PythonEnvError) return { missing: error.message };
    throw error;
  }
}
