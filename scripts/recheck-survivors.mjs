#!/usr/bin/env node
// Re-check the surviving mutants of a Stryker report quickly, without a full mutation run: in a temporary copy of
// the repository (never the working tree), each survivor not listed as equivalent is applied to its file — only
// when the file is unchanged since the report — and the scope's tests are run; prints killed / survived per mutant. Evidence between full runs, not a
// replacement for them (`npm run test:mutation` is the measure). Usage: node scripts/recheck-survivors.mjs <scope> [--tests=a.test.ts,b.test.ts] [--files=src/x.ts,...] [--moved]
// --moved: in a file changed since the report, find each survivor's lines (its first to its last line, verbatim) in
// the current source, nearest the old place, and apply the mutant there; a survivor whose lines are gone is "gone".
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { applyMutant, isListed, isUndetected } from './mutant-location.mjs';
import { copyRepository } from './plant-bugs.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = copyRepository();
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const scope = process.argv[2] ?? 'core-time';
const report = JSON.parse(readFileSync(path.join(repo, 'reports/mutation', `${scope}.json`), 'utf8'));
const equivalent = JSON.parse(readFileSync(path.join(repo, 'reports/mutation/equivalent.json'), 'utf8'))[scope] ?? [];
process.env.DISTILL_MUTATION_SCOPE = scope;
const config = (await import(path.join(root, 'stryker.config.mjs'))).default;
// --tests a.test.ts,b.test.ts: run only these (the files that target the survivors) instead of the scope's whole list.
const only = process.argv.find((a) => a.startsWith('--tests='))?.slice('--tests='.length);
const patterns = only === undefined ? config.tap.testFiles : only.split(',');
const tests = spawnSync('bash', ['-O', 'globstar', '-c', `ls ${patterns.join(' ')} 2>/dev/null`], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

// --files=a.ts,b.ts: re-check only the survivors in source files whose path contains one of these substrings.
const onlyFiles = process.argv.find((a) => a.startsWith('--files='))?.slice('--files='.length).split(',');

const moved = process.argv.includes('--moved');

let killed = 0;
let survived = 0;
let stale = 0;
let gone = 0;
for (const [file, entry] of Object.entries(report.files)) {
  if (onlyFiles !== undefined && !onlyFiles.some((f) => file.includes(f))) continue;
  const full = path.join(root, file);
  const current = readFileSync(full, 'utf8');
  for (const m of entry.mutants) {
    if (!isUndetected(m)) continue;
    if (isListed(equivalent, file, m)) continue;
    const changed = current !== entry.source;
    const applied = changed && !moved ? undefined : applyMutant(entry, m, current);
    if (applied === undefined) {
      if (moved) gone++;
      else stale++;
      console.log(moved ? `gone      ${file}:${m.location.start.line} ${m.mutatorName} (its lines are no longer in the file)` : `stale     ${file}:${m.location.start.line} ${m.mutatorName} (the file changed since the report)`);
      continue;
    }
    const where = changed ? ` (now :${applied.line})` : '';
    writeFileSync(full, applied.text);
    let r;
    try {
      // Unit tests only, unless an Elasticsearch node is given (DISTILL_ES_URL: the es-network scope's tests need it).
      const unitOnly = process.env.DISTILL_ES_URL === undefined ? { DISTILL_TEST_ONLY_UNIT: '1' } : {};
      r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=dot', ...tests], { cwd: root, encoding: 'utf8', env: { ...process.env, ...unitOnly } });
    } finally {
      writeFileSync(full, current);
    }
    const outcome = r.status === 0 ? 'SURVIVED' : 'killed';
    if (r.status === 0) survived++;
    else killed++;
    console.log(`${outcome.padEnd(9)} ${file}:${m.location.start.line}:${m.location.start.column}${where} ${m.mutatorName} → ${m.replacement.replace(/\n/g, ' ').slice(0, 70)}`);
  }
}
console.log(`recheck ${scope}: ${killed} killed, ${survived} still surviving, ${stale} not re-checked (file changed)${moved ? `, ${gone} gone (lines no longer in the file)` : ''}`);
