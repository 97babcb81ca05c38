import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const src = path.join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

/** Which top-level layers each layer may import (DESIGN.md section 3: imports flow one way). */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core', 'version.ts'],
  sources: ['core', 'sources', 'config', 'version.ts'],
  config: ['core', 'config', 'version.ts'],
  plugins: ['core', 'plugins', 'version.ts'],
  scratch: ['core', 'scratch'],
  server: ['core', 'sources', 'plugins', 'config', 'scratch', 'server', 'distill.ts', 'version.ts'],
  cli: ['core', 'sources', 'plugins', 'config', 'cli', 'server', 'distill.ts', 'version.ts'],
  bin: ['cli', 'server', 'config', 'core', 'bin', 'version.ts'],
};

function layerOf(file: string): string {
  return path.relative(src, file).split(path.sep)[0]!;
}

test('imports flow one way between layers', () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    const layer = layerOf(file);
    const allowed = ALLOWED[layer];
    if (allowed === undefined) continue; // top-level facades (distill.ts, index.ts, library.ts) compose everything
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = layerOf(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
      if (!allowed.includes(target)) violations.push(`${path.relative(root, file)} imports ${spec} (${layer} → ${target})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('core is pure: no file system, network, process or console', () => {
  const offenders: string[] = [];
  for (const file of files(path.join(src, 'core'))) {
    const text = readFileSync(file, 'utf8');
    for (const spec of imports(file)) {
      if (/^(node:)?(fs|fs\/promises|net|http|https|http2|tls|child_process|dgram|cluster|worker_threads)$/.test(spec)) {
        offenders.push(`${path.relative(root, file)} imports ${spec}`);
      }
    }
    if (/\bprocess\.|\bconsole\./.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) offenders.push(`${path.relative(root, file)} uses process or console`);
  }
  assert.deepEqual(offenders, []);
});
