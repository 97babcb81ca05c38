#!/usr/bin/env node
// Move a scope's equivalent.json entries to the line numbers of a new report, after the mutated files changed.
// Usage: node scripts/rekey-equivalent.mjs <scope> [--from=<git revision>] [--old=<report file>] [--write]
// An entry names a mutant by file, line (of the report's source), mutator, replacement and maybe column. When the
// file changed, a new full run reports the same mutant on another line and the entry no longer matches. For each
// entry, the mutant it names is looked up in the old report (`git show <rev>:reports/mutation/<scope>.json`, default
// HEAD; --old names another report file, e.g. the report of the scope a new scope was split from), its lines (first
// to last, verbatim) are found in the new report's source nearest their old place, and the entry is moved there —
// only when the new report (reports/mutation/<scope>.json) has that mutant (same mutator, replacement and column) on
// that line and no undetected mutant matches the entry where it is (if both do, the entry is kept and reported as
// ambiguous). Prints every entry's fate; --write saves equivalent.json. Reasons are kept as they are: read the moved
// entries' reasons again against the code before committing (a reason can stop being true when the code around a
// mutant changed).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { applyMutant, isListed, isUndetected as undetected } from './mutant-location.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scope = process.argv[2];
if (scope === undefined || scope.startsWith('--')) {
  console.error('usage: node scripts/rekey-equivalent.mjs <scope> [--from=<git revision>] [--old=<report file>] [--write]');
  process.exit(2);
}
const rev = process.argv.find((a) => a.startsWith('--from='))?.slice('--from='.length) ?? 'HEAD';
const equivalentFile = path.join(root, 'reports/mutation/equivalent.json');
const all = JSON.parse(readFileSync(equivalentFile, 'utf8'));
const entries = all[scope] ?? [];
const fresh = JSON.parse(readFileSync(path.join(root, 'reports/mutation', `${scope}.json`), 'utf8'));
const oldFile = process.argv.find((a) => a.startsWith('--old='))?.slice('--old='.length);
const old = JSON.parse(
  oldFile === undefined ? execFileSync('git', ['show', `${rev}:reports/mutation/${scope}.json`], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 }) : readFileSync(oldFile, 'utf8'),
);

/**
 * The mutant of a report the entry names: an undetected one first (an entry can match several mutants that differ
 * only in where they end, some detected), else a detected one (then the entry is obsolete).
 */
const match = (report, e) => {
  const hits = (report.files[e.file]?.mutants ?? []).filter((m) => isListed([e], e.file, m));
  return hits.find(undetected) ?? hits[0];
};

const counts = { kept: 0, moved: 0, killed: 0, ambiguous: 0, unmatched: 0 };
const next = entries.map((e) => {
  const where = `${e.file}:${e.line} ${e.mutator} \`${e.replacement}\``;
  // Where the entry points in the new report as it is, and where the old report's mutant it names went.
  const here = match(fresh, e);
  const before = old.files[e.file];
  const m = match(old, e);
  const applied = m === undefined || !undetected(m) ? undefined : applyMutant(before, m, fresh.files[e.file]?.source ?? '');
  const there = applied === undefined ? undefined : match(fresh, { ...e, line: applied.line });
  const hereOk = here !== undefined && undetected(here);
  const thereOk = there !== undefined && undetected(there) && there !== here;
  if (hereOk && thereOk) {
    // Both a mutant on the entry's own line and the old report's mutant moved elsewhere fit: keep it, say so.
    counts.ambiguous++;
    console.log(`ambiguous ${where} (kept; the old report's mutant on that line is now on line ${applied.line}: check which one the reason is about)`);
    return e;
  }
  if (hereOk) {
    counts.kept++;
    return e;
  }
  if (thereOk) {
    counts.moved++;
    console.log(`moved     ${where} → ${applied.line}`);
    return { ...e, line: applied.line };
  }
  const detected = there ?? here;
  if (detected !== undefined) {
    counts.killed++;
    console.log(`killed    ${where} (${detected.status} in the new report${detected === there ? ` on line ${applied.line}` : ''}: the entry is obsolete)`);
    return e;
  }
  counts.unmatched++;
  const why = m === undefined ? 'not in the old report' : !undetected(m) ? `${m.status} in the old report too` : applied === undefined ? 'its lines are gone' : `no such mutant on line ${applied.line} of the new report`;
  console.log(`unmatched ${where} (${why})`);
  return e;
});
console.log(`${scope}: ${counts.kept} already on their lines, ${counts.moved} moved, ${counts.ambiguous} ambiguous (kept), ${counts.killed} name mutants the new report counts as detected, ${counts.unmatched} unmatched`);
if (process.argv.includes('--write')) {
  all[scope] = next;
  writeFileSync(equivalentFile, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, equivalentFile)}`);
}
