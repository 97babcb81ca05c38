import { realpathSync, statSync } from 'node:fs';
import { stat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { glob as tinyGlob } from 'tinyglobby';
import { SourceNotFoundError, SourceUnavailableError } from '../../core/errors.js';

/** File names a directory contributes: JSON, NDJSON and JSON Lines, optionally gzipped. */
export const DATA_FILE = /\.(?:json|ndjson|jsonl|log)(?:\.gz)?$/i;

/** A path the expansion met and did not read, and why (reported as a `path_skipped` warning). */
export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
  /** For a duplicate: the path under which the file is read. */
  readonly sameAs?: string;
}

/**
 * Expand file, directory and glob patterns (relative to `baseDir`) to a sorted list of absolute file paths, each
 * real file once. Directories contribute their data files recursively (`*.json`, `*.ndjson`, `*.jsonl`, `*.log`,
 * each optionally `.gz`); a file named explicitly is read whatever its name. Order: patterns in order, each sorted
 * by path, so results are reproducible.
 *
 * Symbolic links: a link to a file is read (once: files are identified by their real path, so a file reached
 * again through another link or pattern is skipped); a link to a directory is walked unless it leads back to a
 * directory already being walked (a loop); broken links, loops, duplicates and entries that are not regular files
 * are passed to `onSkip` with the reason — never skipped silently.
 *
 * Cost: one `readdir` per directory, one `realpath` per file and per linked directory (none for a single named
 * file: one `stat`).
 *
 * @throws SourceNotFoundError when a plain path does not exist or a glob matches nothing.
 * @throws SourceUnavailableError naming the path when a directory or file cannot be read.
 */
export async function expandPaths(
  patterns: readonly string[],
  baseDir: string,
  onSkip: (skipped: SkippedPath) => void = () => {},
): Promise<string[]> {
  const out: string[] = [];
  const seen = new Map<string, number>(); // real path → its index in `out`
  const duplicate = 'the same file reached again through a symbolic link or another pattern: read once';
  const add = async (file: string, sync = false): Promise<void> => {
    const real = sync
      ? realpathSyncOrThrow(file)
      : await realpath(file).catch((error: unknown) => {
          throw unavailable(file, error);
        });
    const at = seen.get(real);
    if (at === undefined) {
      seen.set(real, out.length);
      out.push(file);
      return;
    }
    const first = out[at]!;
    if (first === file) return;
    if (file === real) {
      // The file itself, met after a link to it: read it under its own name.
      out[at] = file;
      duplicates.push({ path: first, at });
    } else duplicates.push({ path: file, at });
  };
  const duplicates: { path: string; at: number }[] = [];
  for (const pattern of patterns) {
    const absolute = path.resolve(baseDir, pattern);
    if (isGlob(pattern)) {
      const matches = await tinyGlob(toPosix(pattern), { cwd: baseDir, absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: true });
      if (matches.length === 0) {
        throw new SourceNotFoundError(`No file matches "${pattern}" (relative to ${baseDir}). Check the pattern.`);
      }
      for (const m of matches.map((p) => path.resolve(p)).sort()) await add(m);
      continue;
    }
    let info;
    try {
      // A named path costs one stat and one realpath: made synchronously (microseconds on a local disk), which
      // spares a small run two trips through the thread pool. Directories and globs are walked asynchronously.
      info = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new SourceNotFoundError(`No such file or directory: ${absolute}. Check the path (relative paths start at ${baseDir}).`);
      }
      throw unavailable(absolute, error);
    }
    if (info.isDirectory()) for (const f of await listDataFiles(absolute, onSkip)) await add(f);
    // The only pattern, naming one file: nothing to be a duplicate of, so no realpath (a small run's fixed cost).
    else if (patterns.length === 1) out.push(absolute);
    else await add(absolute, true);
  }
  for (const d of duplicates) onSkip({ path: d.path, reason: duplicate, sameAs: out[d.at]! });
  return out;
}

/** Walk a directory tree iteratively, following links to files and to directories not yet walked. */
async function listDataFiles(root: string, onSkip: (skipped: SkippedPath) => void): Promise<string[]> {
  const files: string[] = [];
  const walked = new Set<string>();
  const stack: string[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const real = await realpath(dir).catch((error: unknown) => {
      throw unavailable(dir, error);
    });
    if (walked.has(real)) {
      onSkip({ path: dir, reason: 'a symbolic link back to a directory already read (a loop): not followed' });
      continue;
    }
    walked.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw unavailable(dir, error);
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        if (DATA_FILE.test(entry.name)) files.push(full);
      } else if (entry.isSymbolicLink()) {
        let target;
        try {
          target = await stat(full);
        } catch {
          onSkip({ path: full, reason: 'a broken symbolic link' });
          continue;
        }
        if (target.isDirectory()) stack.push(full);
        else if (target.isFile()) {
          if (DATA_FILE.test(entry.name)) files.push(full);
        } else if (DATA_FILE.test(entry.name)) onSkip({ path: full, reason: 'a link to something that is not a regular file' });
      } else if (DATA_FILE.test(entry.name)) onSkip({ path: full, reason: 'not a regular file (a socket, pipe or device)' });
    }
  }
  return files.sort();
}

function unavailable(file: string, error: unknown): SourceUnavailableError {
  const e = error as NodeJS.ErrnoException;
  return new SourceUnavailableError(`Cannot read ${file}: ${e.code ?? ''} (${e.message}). Check its permissions.`, {
    cause: error,
    details: { path: file, ...(e.code === undefined ? {} : { errno: e.code }) },
  });
}

function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function realpathSyncOrThrow(file: string): string {
  try {
    return realpathSync(file);
  } catch (error) {
    throw unavailable(file, error);
  }
}
