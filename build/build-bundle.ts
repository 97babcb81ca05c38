/**
 * `npm run build:bundle`: only the first step of build:binaries — `src/bin/distill.ts` and `dist-config/` in one
 * CommonJS file, runnable with any Node >= 20.12 as `node build/out/bundle/distill.cjs <command>`.
 *
 *   npx tsx build/build-bundle.ts [--out build/out/bundle/distill.cjs]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../src/version.js';
import { bundle } from './bundle.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'build', 'out', 'bundle', 'distill.cjs') } } });
bundle({ root, outFile: path.resolve(values.out), version: VERSION }).then(
  (r) => {
    for (const w of r.warnings) process.stderr.write(`esbuild warning: ${w}\n`);
    process.stderr.write(`${path.relative(process.cwd(), r.file)}: ${(r.bytes / 1e6).toFixed(2)} MB, sha256 ${r.sha256}, assets ${r.assetsId}, ${r.packages.length} npm packages\n`);
  },
  (error: unknown) => {
    process.stderr.write(`build:bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
