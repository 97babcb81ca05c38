/**
 * Build the web app (`ui/`) with esbuild: `src/main.ts` → `app.js` (one minified IIFE, ES2020 for current
 * browsers), `src/styles.css` → `app.css`, and `index.html`, into `dist-config/app/` by default — where the server
 * (`src/server/middleware/app-static.ts`) serves it from, the npm package carries it and the single-file
 * executables embed it with the other bundled assets (`build/collect-assets.ts`).
 *
 * Budget: {@link APP_BUDGET}; `test/ui/build.test.ts` holds the build to it.
 *
 *   npx tsx ui/build.ts [--out <dir>]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { GRAPH_CSS } from './src/graph/graph-css.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const APP_ROOT = here;
export const DEFAULT_APP_OUT = path.resolve(here, '..', 'dist-config', 'app');

/** The page-weight budget, in bytes: what a browser downloads for the first view (no CDN, nothing else). */
export const APP_BUDGET = { js: 100 * 1024, css: 16 * 1024, html: 2 * 1024, total: 110 * 1024 } as const;

export interface AppBuild {
  readonly dir: string;
  /** File name → bytes. */
  readonly sizes: Readonly<Record<string, number>>;
}

/** Build the app into `outDir`. Deterministic: the same sources give the same bytes. */
export async function buildApp(outDir: string = DEFAULT_APP_OUT): Promise<AppBuild> {
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: here,
    entryPoints: { app: path.join(here, 'src', 'main.ts') },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'ascii',
    logLevel: 'silent',
  });
  await build({
    absWorkingDir: here,
    entryPoints: { app: path.join(here, 'src', 'styles.css') },
    outdir: outDir,
    bundle: true,
    minify: true,
    charset: 'ascii',
    logLevel: 'silent',
  });
  // The graph's styles live in one place (graph-css.ts, also embedded in exported SVGs): appended here, minified.
  writeFileSync(path.join(outDir, 'app.css'), `${readFileSync(path.join(outDir, 'app.css'), 'utf8').trimEnd()}\n${GRAPH_CSS.replace(/\n/g, '')}\n`);
  writeFileSync(path.join(outDir, 'index.html'), readFileSync(path.join(here, 'index.html')));
  const sizes: Record<string, number> = {};
  for (const name of ['index.html', 'app.js', 'app.css']) sizes[name] = readFileSync(path.join(outDir, name)).length;
  return { dir: outDir, sizes };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] !== undefined ? path.resolve(process.argv[i + 1]!) : DEFAULT_APP_OUT;
  const result = await buildApp(out);
  process.stdout.write(`${Object.entries(result.sizes).map(([n, b]) => `${n} ${b} B`).join(', ')} → ${result.dir}\n`);
}
