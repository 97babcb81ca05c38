import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAssets, type EmbeddedAssets } from './extract-assets.js';
import { userCacheDir } from './user-dirs.js';

/**
 * Where Distill's bundled assets live (`dist-config/`: the default config and the sample data), in this order:
 * 1. a directory set by {@link setAssetsDir} or `DISTILL_ASSETS_DIR`;
 * 2. in a bundle (the single-file executables, `build/bundle.ts`): the files embedded in the bundle, extracted once
 *    to `<user cache dir>/assets/<version>-<hash>/` (see `user-dirs.ts`, `extract-assets.ts`);
 * 3. from the source tree and from `dist/` alike: two levels up from this module.
 */
let assetsDir: string | undefined;

/**
 * Set by the bundle's banner (`build/bundle.ts`); never defined under tsx or in `dist/`. Read through `typeof`, so
 * an unbundled run does not throw.
 */
declare const __DISTILL_EMBEDDED_ASSETS__: EmbeddedAssets | undefined;

/** The assets embedded in this bundle, or undefined when running from the source tree or `dist/`. */
export function embeddedAssets(): EmbeddedAssets | undefined {
  return typeof __DISTILL_EMBEDDED_ASSETS__ === 'undefined' ? undefined : __DISTILL_EMBEDDED_ASSETS__;
}

export function setAssetsDir(dir: string): void {
  assetsDir = dir;
}

export function getAssetsDir(): string {
  if (assetsDir !== undefined) return assetsDir;
  const fromEnv = process.env.DISTILL_ASSETS_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return (assetsDir = path.resolve(fromEnv));
  const embedded = embeddedAssets();
  if (embedded !== undefined) return (assetsDir = extractAssets(embedded, path.join(userCacheDir(), 'assets')));
  return (assetsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist-config'));
}

/** The embedded default configuration file. */
export function defaultConfigPath(): string {
  return path.join(getAssetsDir(), 'distill.config.json');
}
