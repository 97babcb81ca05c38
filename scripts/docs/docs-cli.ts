/**
 * `npm run docs`: build the documentation site into dist-config/site (served by `distill serve` at /guide/ and
 * embedded in the single-file executables with the other dist-config assets). Fails on undocumented public exports
 * and broken links. `--out <dir>` writes elsewhere.
 */
import path from 'node:path';
import { buildSite } from './build-site.js';
import { checkLinks } from './check-links.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const at = process.argv.indexOf('--out');
const out = at === -1 ? path.join(root, 'dist-config', 'site') : path.resolve(process.argv[at + 1] ?? '');
const started = Date.now();
const site = await buildSite({ root, out });
const broken = checkLinks(out);
for (const p of site.problems) console.error(`docs: ${p}`);
for (const b of broken) console.error(`docs: broken link in ${b.page}: ${b.href} (${b.reason})`);
console.error(`docs: ${site.pages.length} pages, ${site.search.length} search entries → ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (site.problems.length > 0 || broken.length > 0) process.exit(1);
