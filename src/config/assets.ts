import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Distill's bundled assets live (`dist-config/`: the default config and the sample data). From the source
 * tree and from `dist/` alike it is two levels up from this module; executables set `DISTILL_ASSETS_DIR` or call
 * {@link setAssetsDir} before anything reads an asset.
 */
let assetsDir: string | undefined;

export function setAssetsDir(dir: string): void {
  assetsDir = dir;
}

export function getAssetsDir(): string {
  if (assetsDir !== undefined) return assetsDir;
  const fromEnv = process.env.DISTILL_ASSETS_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return (assetsDir = path.resolve(fromEnv));
  return (assetsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist-config'));
}

/** The embedded default configuration file. */
export function defaultConfigPath(): string {
  return path.join(getAssetsDir(), 'distill.config.json');
}
