import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** One component shipped inside the executables, with its license text. */
export interface Notice {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly text: string;
}

/** The license file of a package directory (LICENSE, LICENSE.md, LICENCE, license, …), or undefined. */
export function licenseFile(dir: string): string | undefined {
  const name = readdirSync(dir).find((f) => /^(licen[sc]e|copying)(\.(md|txt))?$/i.test(f));
  return name === undefined ? undefined : path.join(dir, name);
}

/**
 * A notice for each npm package inlined in the bundle, from its directory under the project (nested copies
 * included), sorted by name and version, one per name and version.
 */
export function packageNotices(root: string, packageDirs: readonly string[]): Notice[] {
  const byKey = new Map<string, Notice>();
  for (const rel of packageDirs) {
    const dir = path.join(root, rel);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; license?: string };
    const name = manifest.name ?? path.basename(rel);
    const version = manifest.version ?? '?';
    const file = existsSync(dir) ? licenseFile(dir) : undefined;
    byKey.set(`${name}@${version}`, {
      name,
      version,
      license: manifest.license ?? 'UNKNOWN',
      text: file === undefined ? `(no license file in the package; package.json declares ${manifest.license ?? 'nothing'})` : readFileSync(file, 'utf8').trim(),
    });
  }
  return [...byKey.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/** THIRD-PARTY-NOTICES.txt: every component with its license, Node.js first. Deterministic for the same inputs. */
export function formatNotices(product: string, notices: readonly Notice[]): string {
  const rule = '-'.repeat(78);
  return [
    `${product} single-file executables include the following third-party software.`,
    '',
    ...notices.flatMap((n) => [rule, `${n.name} ${n.version} (${n.license})`, rule, n.text, '']),
  ].join('\n');
}
