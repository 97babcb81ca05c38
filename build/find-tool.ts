import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Find an external build tool: an explicit path from the environment variable `envName` (e.g. `RCODESIGN`), else
 * the first executable `name` on PATH, else in the extra directories (`~/.cargo/bin` for tools installed with
 * `cargo install`). Returns undefined when there is none, so callers can say how to install it.
 */
export function findTool(name: string, envName: string, extraDirs: readonly string[] = [path.join(os.homedir(), '.cargo', 'bin')]): string | undefined {
  const explicit = process.env[envName];
  if (explicit !== undefined && explicit !== '') return explicit;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== ''), ...extraDirs];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
