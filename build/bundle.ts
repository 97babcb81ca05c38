import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { collectAssets } from './collect-assets.js';
import { ASSETS_READ_KEY } from '../src/config/extract-assets.js';
import { buildApp } from '../ui/build.js';

/**
 * Bundle the CLI entry (`src/bin/distill.ts`) into one CommonJS file for the single-file executables, carried
 * compressed by a small launcher (src/bin/launcher.ts; see {@link bundle}): a SEA's main
 * script can only `require` Node's built-in modules, so every dependency is inlined, and there is no top-level
 * await. The banner
 * - defines `import.meta.url` (CommonJS has no `import.meta`; the define rewrites it to this variable) so the
 *   same sources run under tsx, from `dist/` and bundled;
 * - embeds `dist-config/` (default config, sample data, schemas, and the web app, built first into
 *   `dist-config/app/` by `ui/build.ts`) as `__DISTILL_EMBEDDED_ASSETS__`, which `src/config/assets.ts` extracts
 *   once to the user's cache directory.
 * No minification, no source map, no timestamps: the same sources give the same bytes.
 */
export interface BundleOptions {
  readonly root: string;
  readonly outFile: string;
  readonly version: string;
}

export interface BundleResult {
  /** The launcher: the SEA's main script (src/bin/launcher.ts with the application inside). */
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The application bundle itself (`distill-app.cjs`), also runnable with node. */
  readonly app: { readonly file: string; readonly bytes: number; readonly sha256: string };
  readonly assetsId: string;
  /** Directories (relative to the project) of the npm packages inlined into the bundle, sorted. */
  readonly packages: readonly string[];
  readonly warnings: readonly string[];
}

export const BUNDLE_TARGET = 'node22';

/**
 * The banner in front of the bundle (exported for tests). The assets' files sit inside a getter: V8 compiles a
 * function only when it is first called, so the ~10 MB of file contents (the documentation site is most of it) are
 * neither materialised nor part of the V8 code cache on the starts that do not extract them (all but the first one
 * of a version). The getter marks the process when it runs: a code cache made after it would hold the compiled
 * getter with its whole string (a 13.6 MB cache instead of 1.4 MB, ~0.1 s more at every later start), so the
 * launcher leaves the cache to the next start. `id` is read at every start.
 */
export function bundleBanner(version: string, assets: { readonly id: string; readonly files: unknown }): string {
  return [
    `/* Distill ${version}: single-file bundle made by build/bundle.ts. Third-party notices: THIRD-PARTY-NOTICES.txt. */`,
    'var __distill_import_meta_url = require("node:url").pathToFileURL(__filename).href;',
    `var __DISTILL_EMBEDDED_ASSETS__ = { id: ${asciiJson(assets.id)}, get files() { globalThis[Symbol.for(${asciiJson(ASSETS_READ_KEY)})] = true; return ${asciiJson(assets.files)}; } };`,
  ].join('\n');
}

/**
 * JSON with every non-ASCII character escaped (`\u00e9`): the whole bundle stays ASCII, like esbuild's own
 * output with `charset: 'ascii'`, so no reader of the SEA's main script can get its encoding wrong.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The npm package directories a metafile's inputs come from, nested ones included
 * (`node_modules/accepts/node_modules/mime-db/db.json` → `node_modules/accepts/node_modules/mime-db`), sorted.
 */
export function inputPackages(metafile: Metafile): string[] {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m !== null) dirs.add(m[1]!);
  }
  return [...dirs].sort();
}

/** The application bundle's file next to the launcher: `distill.cjs` → `distill-app.cjs`. */
export function appFileOf(launcherFile: string): string {
  return launcherFile.replace(/\.cjs$/, '-app.cjs');
}

/**
 * The launcher's banner: the application bundle's id, its length in bytes (the launcher checks its unpacked copy by
 * it) and the bundle itself, gzip (level 9: deterministic for the same zlib) in base64 — a plain ASCII literal
 * without escapes, which V8 scans quickly, unlike the bundle itself (exported for tests).
 */
export function launcherBanner(version: string, app: Buffer): string {
  return [
    `/* Distill ${version}: launcher made by build/bundle.ts (src/bin/launcher.ts); the application bundle follows, compressed. */`,
    `var __DISTILL_APP_ID__ = "${createHash('sha256').update(app).digest('hex').slice(0, 16)}";`,
    `var __DISTILL_APP_LENGTH__ = ${app.length};`,
    `var __DISTILL_APP_GZ__ = "${gzipSync(app, { level: 9 }).toString('base64')}";`,
  ].join('\n');
}

/**
 * Bundle Distill in two files: the application (`src/bin/distill.ts` with `dist-config/`, `distill-app.cjs`) and
 * the launcher that carries it (`src/bin/launcher.ts`, `options.outFile`): the single executable's main script.
 * Cost: two esbuild runs and a gzip of ~7 MB, about 2 s.
 */
export async function bundle(options: BundleOptions): Promise<BundleResult> {
  await buildApp(path.join(options.root, 'dist-config', 'app'));
  const assets = collectAssets(path.join(options.root, 'dist-config'), options.version);
  mkdirSync(path.dirname(options.outFile), { recursive: true });
  const appFile = appFileOf(options.outFile);
  const common = { absWorkingDir: options.root, bundle: true, platform: 'node', format: 'cjs', target: BUNDLE_TARGET, legalComments: 'eof', charset: 'ascii', metafile: true, logLevel: 'silent' } as const;
  const result = await build({
    ...common,
    entryPoints: [path.join(options.root, 'src/bin/distill.ts')],
    outfile: appFile,
    define: {
      'import.meta.url': '__distill_import_meta_url',
      'import.meta.dirname': '__dirname',
      'import.meta.filename': '__filename',
    },
    banner: { js: bundleBanner(options.version, assets) },
  });
  const native = Object.keys(result.metafile.inputs).filter((f) => f.endsWith('.node'));
  if (native.length > 0) throw new Error(`Native addons cannot run from a single-file executable: ${native.join(', ')}`);
  writeFileSync(`${appFile}.meta.json`, `${JSON.stringify(result.metafile, null, 1)}\n`);
  const app = readFileSync(appFile);
  const launcher = await build({
    ...common,
    entryPoints: [path.join(options.root, 'src/bin/launcher.ts')],
    outfile: options.outFile,
    banner: { js: launcherBanner(options.version, app) },
  });
  const bytes = readFileSync(options.outFile);
  return {
    file: options.outFile,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    app: { file: appFile, bytes: app.length, sha256: createHash('sha256').update(app).digest('hex') },
    assetsId: assets.id,
    packages: inputPackages(result.metafile),
    warnings: [...result.warnings, ...launcher.warnings].map((w) => `${w.location === null ? '' : `${w.location.file}:${w.location.line}: `}${w.text}`),
  };
}
