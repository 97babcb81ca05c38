import { stat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { glob as tinyGlob } from 'tinyglobby';
import { SourceNotFoundError, SourceUnavailableError } from '../../core/errors.js';

/** File names a directory contributes: JSON, NDJSON and JSON Lines, optionally gzipped. */
export const DATA_FILE = /\.(?:json|ndjson|jsonl|log)(?:\.gz)?$/i;

/**
 * Expand file, directory and glob patterns (relative to `baseDir`) to a sorted, de-duplicated list of absolute
 * file paths. Directories contribute their data files recursively (`*.json`, `*.ndjson`, `*.jsonl`, `*.log`, each
 * optionally `.gz`); a file named explicitly is read whatever its name. Order: patterns in order, each sorted by
 * path, so results are reproducible.
 *
 * @throws SourceNotFoundError when a plain path does not exist or a glob matches nothing.
 */
export async function expandPaths(patterns: readonly string[], baseDir: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      out.push(file);
    }
  };
  for (const pattern of patterns) {
    const absolute = path.resolve(baseDir, pattern);
    if (isGlob(pattern)) {
      const matches = await tinyGlob(toPosix(pattern), { cwd: baseDir, absolute: true, onlyFiles: true, dot: false });
      if (matches.length === 0) {
        throw new SourceNotFoundError(`No file matches "${pattern}" (relative to ${baseDir}). Check the pattern.`);
      }
      for (const m of matches.map((p) => path.resolve(p)).sort()) add(m);
      continue;
    }
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new SourceNotFoundError(`No such file or directory: ${absolute}. Check the path (relative paths start at ${baseDir}).`);
      }
      throw new SourceUnavailableError(`Cannot read ${absolute}: ${(error as Error).message}`, { cause: error });
    }
    if (info.isDirectory()) for (const f of await listDataFiles(absolute)) add(f);
    else add(absolute);
  }
  return out;
}

async function listDataFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && DATA_FILE.test(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
