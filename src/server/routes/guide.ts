import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import { getAssetsDir } from '../../config/assets.js';
import { DistillError } from '../../core/errors.js';
import type { AppState } from '../server-deps.js';

/** Where the documentation site is served. */
export const GUIDE_PREFIX = '/guide';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Is `pathname` the site or inside it? */
export function isGuidePath(pathname: string): boolean {
  return pathname === GUIDE_PREFIX || pathname.startsWith(`${GUIDE_PREFIX}/`);
}

/**
 * The Content-Security-Policy of the site: its own scripts, styles and images only (nothing from any other origin),
 * plus the hashes of the inline scripts the build found (TypeDoc's theme switch), listed in `csp.json`.
 */
export function guideCsp(siteDir: string): string {
  let hashes: string[] = [];
  try {
    hashes = (JSON.parse(readFileSync(path.join(siteDir, 'csp.json'), 'utf8')) as { scriptHashes: string[] }).scriptHashes;
  } catch {
    // no inline scripts recorded
  }
  const scripts = ["'self'", ...hashes.map((h) => `'${h}'`)].join(' ');
  return `default-src 'none'; script-src ${scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/**
 * Serve the documentation site (`npm run docs` builds it into dist-config/site; the executables carry it with the
 * other assets) under `/guide/`, to signed-in users (the bearer-token middleware runs first; with `--public-docs` it
 * is public like `/docs`). GET and HEAD only; `/guide` redirects to `/guide/`; a directory serves its index.html.
 * Paths are resolved inside the site directory only (no `..`, no dot files), so nothing else can be read.
 *
 * @param siteDir the built site; default `<assets dir>/site`, resolved at the first request.
 * @throws DistillError `not_found` for a missing page, or when the site was not built (the message says how).
 */
export function guide(siteDir?: string): Middleware<AppState> {
  let root: string | undefined = siteDir === undefined ? undefined : path.resolve(siteDir);
  let csp: string | undefined;
  const serve: Middleware<AppState> = async (ctx) => {
    if (ctx.path === GUIDE_PREFIX) {
      ctx.status = 302;
      ctx.redirect(`${GUIDE_PREFIX}/`);
      return;
    }
    root ??= path.join(getAssetsDir(), 'site');
    if (!existsSync(path.join(root, 'index.html'))) {
      throw new DistillError('not_found', 'The documentation site is not built into this Distill. Run `npm run docs` (it writes dist-config/site), or read docs/ in the repository.', {
        issues: [{ code: 'site_not_built', path: ['path'], message: 'Build the site with npm run docs.' }],
      });
    }
    csp ??= guideCsp(root);
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path.slice(GUIDE_PREFIX.length + 1));
    } catch {
      rel = '\0';
    }
    const parts = rel.split('/').filter((p) => p !== '');
    let file = path.join(root, ...parts);
    const bad = rel.includes('\0') || rel.includes('\\') || parts.some((p) => p.startsWith('.'));
    if (!bad && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (bad || !file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      throw new DistillError('not_found', `No page ${ctx.path} in the documentation site. Start at ${GUIDE_PREFIX}/.`, {
        issues: [{ code: 'unknown_page', path: ['path'], message: `Unknown page ${ctx.path}.` }],
      });
    }
    ctx.set('Content-Security-Policy', csp);
    ctx.status = 200;
    if (ctx.method === 'GET') ctx.body = createReadStream(file);
    ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    ctx.length = statSync(file).size;
  };
  return (ctx, next) => (!isGuidePath(ctx.path) || (ctx.method !== 'GET' && ctx.method !== 'HEAD') ? next() : serve(ctx, next));
}
