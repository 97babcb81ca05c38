import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The files a bundle (and so a single-file executable) carries in place of the `dist-config/` directory: written
 * by `build/bundle.ts` into the bundle's banner, read back by {@link extractAssets}.
 */
export interface EmbeddedAssets {
  /** `<distill version>-<content hash>`: names the extraction directory, so two builds never share one. */
  readonly id: string;
  /** Relative path with forward slashes → content: UTF-8 text or base64 for anything that is not valid UTF-8. */
  readonly files: Readonly<Record<string, { readonly encoding: 'utf8' | 'base64'; readonly data: string }>>;
}

/**
 * The bundle's assets getter sets `globalThis[Symbol.for(ASSETS_READ_KEY)]` when it runs (`build/bundle.ts`); the
 * launcher (`src/bin/launcher.ts`) then writes no V8 code cache in that process.
 */
export const ASSETS_READ_KEY = 'distill.embeddedAssetsRead';

/** Written last into a complete extraction; a directory without it is an interrupted one. */
export const EXTRACTED_MARKER = '.distill-assets';

/**
 * Write embedded assets to `<root>/<id>/` once and return that directory; later calls (and later processes) reuse
 * it. The files are written into a private temporary directory first and renamed into place, so a concurrent
 * start or an interrupted one never leaves a half-written directory behind. When `root` cannot be written (a
 * read-only profile), the files go to a fresh private directory under the OS temp directory instead.
 *
 * Config loading and the file source work on real paths, which is why the assets are extracted rather than read
 * from memory. Cost: one `existsSync` when already extracted; otherwise writing the files (about a megabyte).
 *
 * @example
 * extractAssets({ id: '0.2.0-1a2b', files: { 'distill.config.json': { encoding: 'utf8', data: '{}' } } }, '/home/ana/.cache/distill/assets')
 * // → '/home/ana/.cache/distill/assets/0.2.0-1a2b' (containing distill.config.json)
 */
export function extractAssets(assets: EmbeddedAssets, root: string): string {
  if (!/^[\w.-]+$/.test(assets.id)) throw new Error(`Invalid embedded asset id "${assets.id}".`);
  const target = path.join(root, assets.id);
  if (existsSync(path.join(target, EXTRACTED_MARKER))) return target;
  try {
    mkdirSync(root, { recursive: true });
    const staging = path.join(root, `.${assets.id}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeAll(assets, staging);
    try {
      if (existsSync(target)) rmSync(target, { recursive: true, force: true }); // incomplete leftovers
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      // Another process won the race: its directory is as good as ours.
      if (!existsSync(path.join(target, EXTRACTED_MARKER))) throw error;
    }
    return target;
  } catch {
    const fallback = mkdtempSync(path.join(os.tmpdir(), 'distill-assets-'));
    writeAll(assets, fallback);
    return fallback;
  }
}

function writeAll(assets: EmbeddedAssets, dir: string): void {
  for (const [name, file] of Object.entries(assets.files)) {
    const full = path.join(dir, ...name.split('/'));
    if (!full.startsWith(dir + path.sep)) throw new Error(`Embedded asset "${name}" escapes its directory.`);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, Buffer.from(file.data, file.encoding));
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, EXTRACTED_MARKER), `${assets.id}\n`);
}
