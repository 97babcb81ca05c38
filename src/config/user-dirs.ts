import os from 'node:os';
import path from 'node:path';

/**
 * Where Distill keeps a user's own files, by the conventions of each operating system:
 *
 * | OS | {@link userDir} (config, certificate, token, plugins) | {@link userCacheDir} (re-creatable: extracted assets) |
 * | --- | --- | --- |
 * | Windows | `%APPDATA%\Distill` | `%LOCALAPPDATA%\Distill\Cache` |
 * | macOS | `~/Library/Application Support/Distill` | `~/Library/Caches/Distill` |
 * | Linux and others | `$XDG_CONFIG_HOME/distill`, default `~/.config/distill` | `$XDG_CACHE_HOME/distill`, default `~/.cache/distill` |
 *
 * `DISTILL_HOME` overrides both (the cache is then `$DISTILL_HOME/cache`): for portable installs, tests and
 * several isolated profiles. Nothing here creates a directory; callers create what they write.
 *
 * Cost: a few string operations; no file system access.
 *
 * @example
 * userDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, homedir: 'C:\\Users\\ana' })
 * // → 'C:\\Users\\ana\\AppData\\Roaming\\Distill'
 */
export interface UserDirOptions {
  /** Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to `process.platform`. */
  readonly platform?: NodeJS.Platform;
  /** Defaults to `os.homedir()`. */
  readonly homedir?: string;
}

interface Resolved {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly homedir: string;
  readonly p: path.PlatformPath;
}

function resolve(options: UserDirOptions): Resolved {
  const platform = options.platform ?? process.platform;
  return {
    env: options.env ?? process.env,
    platform,
    homedir: options.homedir ?? os.homedir(),
    // Windows rules (drive letters, backslashes) apply to Windows paths even when computed elsewhere (tests).
    p: platform === 'win32' ? path.win32 : path.posix,
  };
}

/** A set, non-empty environment variable; XDG variables must also be absolute (the XDG spec ignores others). */
function envDir(r: Resolved, name: string, mustBeAbsolute = false): string | undefined {
  const value = r.env[name];
  if (value === undefined || value === '') return undefined;
  if (mustBeAbsolute && !r.p.isAbsolute(value)) return undefined;
  return value;
}

function distillHome(r: Resolved): string | undefined {
  const home = envDir(r, 'DISTILL_HOME');
  return home === undefined ? undefined : r.p.resolve(home);
}

/** The user's Distill directory: config, generated certificate and token, plugins. See the table above. */
export function userDir(options: UserDirOptions = {}): string {
  const r = resolve(options);
  const home = distillHome(r);
  if (home !== undefined) return home;
  switch (r.platform) {
    case 'win32':
      return r.p.join(envDir(r, 'APPDATA') ?? r.p.join(r.homedir, 'AppData', 'Roaming'), 'Distill');
    case 'darwin':
      return r.p.join(r.homedir, 'Library', 'Application Support', 'Distill');
    default:
      return r.p.join(envDir(r, 'XDG_CONFIG_HOME', true) ?? r.p.join(r.homedir, '.config'), 'distill');
  }
}

/** A file (or directory) in {@link userDir}, e.g. `userFile('token')`, `userFile('plugins')`. */
export function userFile(name: string, options: UserDirOptions = {}): string {
  const r = resolve(options);
  return r.p.join(userDir(options), name);
}

/**
 * The user's cache directory: files Distill can always re-create (the assets a single-file executable extracts).
 * Kept apart from {@link userDir} so user data is never mixed with throw-away files, and (on Windows) so the
 * cache stays out of the roaming profile.
 */
export function userCacheDir(options: UserDirOptions = {}): string {
  const r = resolve(options);
  const home = distillHome(r);
  if (home !== undefined) return r.p.join(home, 'cache');
  switch (r.platform) {
    case 'win32':
      return r.p.join(envDir(r, 'LOCALAPPDATA') ?? r.p.join(r.homedir, 'AppData', 'Local'), 'Distill', 'Cache');
    case 'darwin':
      return r.p.join(r.homedir, 'Library', 'Caches', 'Distill');
    default:
      return r.p.join(envDir(r, 'XDG_CACHE_HOME', true) ?? r.p.join(r.homedir, '.cache'), 'distill');
  }
}
