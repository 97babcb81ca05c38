import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** The Python the tests use: the project venv when it exists (scripts/python-env.mjs), else python3 on PATH. */
export function pythonExecutable(): string {
  const venv = path.join(root, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}
