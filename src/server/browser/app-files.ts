import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** One file of the built web app, held in memory. */
export interface AppFile {
  readonly bytes: Buffer;
  readonly type: string;
}

/** Content types of the files the app build makes. */
export const APP_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Read the built web app (`ui/build.ts` → `dist-config/app/`; in the executables, the extracted assets) into memory,
 * keyed by forward-slash path relative to the app folder (`index.html`, `app.js`). Only the listed content types
 * are served; anything else in the folder is left out. Returns undefined when the folder has no `index.html` (the
 * app is not built). Cost: one read of each file at start (the app is ~100 KiB).
 */
export function loadAppFiles(dir: string): ReadonlyMap<string, AppFile> | undefined {
  let names: string[];
  try {
    names = list(dir, '');
  } catch {
    return undefined;
  }
  const files = new Map<string, AppFile>();
  for (const name of names) {
    const type = APP_CONTENT_TYPES[path.extname(name).toLowerCase()];
    if (type !== undefined) files.set(name, { bytes: readFileSync(path.join(dir, name)), type });
  }
  return files.has('index.html') ? files : undefined;
}

function list(dir: string, prefix: string): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    if (name.startsWith('.')) return [];
    return statSync(path.join(dir, rel)).isDirectory() ? list(dir, rel) : [rel];
  });
}
