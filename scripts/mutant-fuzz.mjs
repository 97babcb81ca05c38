#!/usr/bin/env node
// Differential fuzzing of the JSON scanner's undetected mutants: every Survived / NoCoverage mutant of
// src/sources/files/scan/json-scanner.ts in reports/mutation/files-scan-parse.json that is not listed as equivalent
// is applied to a copy of the current file (found by its lines, as `recheck-survivors.mjs --moved` does) and run
// against the original on the same seeded corpus of valid, truncated and damaged lines, placed at every alignment with
// bytes after their end (scripts/mutant-fuzz-one.ts). A difference is an input a test can use to kill the mutant;
// none after many inputs is evidence (not proof) for an equivalence argument. Usage:
//   node scripts/mutant-fuzz.mjs [--inputs=20000] [--seed=1] [--lines=150-300]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMutant, isListed, isUndetected } from './mutant-location.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = 'src/sources/files/scan/json-scanner.ts';
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const inputs = arg('inputs', '20000');
const seed = arg('seed', '1');
const [fromLine, toLine] = arg('lines', '1-100000').split('-').map(Number);

const report = JSON.parse(readFileSync(path.join(repo, 'reports/mutation/files-scan-parse.json'), 'utf8'));
const equivalent = JSON.parse(readFileSync(path.join(repo, 'reports/mutation/equivalent.json'), 'utf8'))['files-scan-parse'] ?? [];
const entry = report.files[file];
const current = readFileSync(path.join(repo, file), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'mutant-fuzz-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

let differs = 0;
let same = 0;
for (const m of entry.mutants) {
  if (!isUndetected(m)) continue;
  const { line, column } = m.location.start;
  if (line < fromLine || line > toLine) continue;
  const applied = applyMutant(entry, m, current);
  if (applied === undefined) continue;
  // Equivalent entries name the current line (the file may have moved since the report): match either.
  if (isListed(equivalent, file, m) || isListed(equivalent, file, m, applied.line)) continue;
  const target = path.join(dir, `m${m.id}.ts`);
  writeFileSync(target, applied.text);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'scripts/mutant-fuzz-one.ts'), target, inputs, seed], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  const out = r.error !== undefined ? 'timeout' : (r.stdout.trim() || r.stderr.trim().split('\n').slice(-3).join(' '));
  if (out.startsWith('same')) same++;
  else differs++;
  console.log(`${applied.line}:${column} ${m.mutatorName} → ${m.replacement.replace(/\n/g, ' ').slice(0, 60)}\n    ${out.slice(0, 400)}`);
}
console.log(`mutant-fuzz: ${differs} differ (or loop), ${same} same on ${inputs} inputs`);
