import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * pkg's SEA mode keeps the Node binaries it downloads in `$HOME/.pkg-cache/sea` (a fixed path under the home
 * directory) and skips the download and the extraction when two marker files say both happened:
 *
 * - the archive `node-v<version>-<os>-x64.tar.gz` (`.zip` for Windows) and `<archive>.ok`;
 * - the extracted binary — `node-v<version>-<os>-x64/bin/node`, or `node-v<version>-win-x64.exe` — and `<binary>.ok`.
 *
 * Seeding this layout with the binaries from the npm registry keeps pkg off nodejs.org, which these machines cannot
 * reach. With both markers present pkg never reads the archive, so it is an empty placeholder. The build points
 * pkg's `HOME` at a private directory, so the seeded (and, for Windows, signature-stripped) binaries never mix with
 * a user's own pkg cache. Checked against pkg 6.23.0 (`lib-es5/sea.js`: `getNodejsExecutable`, `extract`).
 */
export interface PkgCacheLayout {
  /** Relative to the home directory. */
  readonly archive: string;
  readonly binary: string;
  readonly markers: readonly string[];
}

/** pkg's OS word in archive names: `darwin` for macOS. */
function nodeOs(platform: 'linux' | 'win' | 'macos'): string {
  return platform === 'macos' ? 'darwin' : platform;
}

/** The files pkg 6.23.0 looks for, for one platform and exact Node version (`24.21.0`, no `v`). */
export function pkgCacheLayout(platform: 'linux' | 'win' | 'macos', version: string): PkgCacheLayout {
  const os = nodeOs(platform);
  const base = `node-v${version}-${os}-x64`;
  const dir = path.posix.join('.pkg-cache', 'sea');
  const archive = path.posix.join(dir, `${base}.${os === 'win' ? 'zip' : 'tar.gz'}`);
  const binary = os === 'win' ? path.posix.join(dir, `${base}.exe`) : path.posix.join(dir, base, 'bin', 'node');
  return { archive, binary, markers: [`${archive}.ok`, `${binary}.ok`] };
}

/** Lay out one platform's files under `home`, copying `binary` in. Returns the seeded binary's path. */
export function seedPkgCache(home: string, platform: 'linux' | 'win' | 'macos', version: string, binary: string): string {
  const layout = pkgCacheLayout(platform, version);
  const at = (rel: string): string => path.join(home, ...rel.split('/'));
  mkdirSync(path.dirname(at(layout.binary)), { recursive: true });
  copyFileSync(binary, at(layout.binary));
  writeFileSync(at(layout.archive), '');
  for (const marker of layout.markers) writeFileSync(at(marker), '');
  return at(layout.binary);
}
