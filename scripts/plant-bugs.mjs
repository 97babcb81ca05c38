#!/usr/bin/env node
// Plant known, plausible bugs one at a time in a temporary copy of the repository and run the unit tests that
// should catch each one; report caught / not caught. Exit status 1 when any bug goes unnoticed.
//
// The bugs are the six issue 16 found slipping through the suite. Each is a literal edit (the text to find must
// occur exactly once, so a refactoring that moves the code makes this script fail loudly instead of planting
// nothing). Usage: node scripts/plant-bugs.mjs [name-substring ...]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @type {{ name: string; file: string; find: string; replace: string; tests: string[] }[]} */
export const BUGS = [
  {
    name: 'now/d rounded in local time',
    file: 'src/core/time/date-math.ts',
    find: "    case 'd':\n      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());",
    replace: "    case 'd':\n      return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();",
    tests: ['test/core/time/date-math.test.ts', 'test/core/time/time-zones.test.ts'],
  },
  {
    name: 'missing_time reported only for kept events (files)',
    file: 'src/sources/files/file-source.ts',
    find:
      "            if (event.time === undefined) context.warnings.add({ code: 'missing_time', message: untimedMessage, file: name, line });\n" +
      '            if (!predicate(event)) continue;',
    replace:
      '            if (!predicate(event)) continue;\n' +
      "            if (event.time === undefined) context.warnings.add({ code: 'missing_time', message: untimedMessage, file: name, line });",
    tests: ['test/sources/files/file-source.test.ts', 'test/sources/warnings-files-and-elasticsearch.test.ts', 'test/sources/conformance/file-source.conformance.test.ts'],
  },
  {
    name: 'Elasticsearch prefix made case-insensitive',
    file: 'src/sources/elasticsearch/dsl-node.ts',
    find: '  return { prefix: { [field]: value } };',
    replace: '  return { prefix: { [field]: { value, case_insensitive: true } } };',
    tests: ['test/sources/elasticsearch/compile-dsl.test.ts', 'test/sources/elasticsearch/compile-dsl.exact.test.ts'],
  },
  {
    name: 'role prefix/contains without the has-a-value guard',
    file: 'src/sources/elasticsearch/compile-dsl.ts',
    find: '(f) => and([exact(build(f.query)), usable(f, target.emptyIsMissing)])',
    replace: '(f) => exact(build(f.query))',
    tests: ['test/sources/elasticsearch/compile-dsl.test.ts', 'test/sources/elasticsearch/compile-dsl.exact.test.ts'],
  },
  {
    name: 'Authorization pattern not anchored at the end',
    file: 'src/server/middleware/auth.ts',
    find: '/^Bearer[ \\t]+(\\S+)[ \\t]*$/i',
    replace: '/^Bearer[ \\t]+(\\S+)/i',
    tests: ['test/server/app.test.ts', 'test/server/auth.test.ts'],
  },
  {
    name: 'in-memory prefix/contains also matching numbers',
    file: 'src/core/query/compile-predicate.ts',
    find: "for (const x of valuesOf(get(e))) if (typeof x === 'string' && test(x, value)) return true;",
    replace: 'for (const x of valuesOf(get(e))) if (x !== null && test(String(x), value)) return true;',
    tests: ['test/core/query/compile-predicate.test.ts', 'test/core/query/reference-query.test.ts'],
  },
];

/** Copy the repository's tracked and untracked (not ignored) files to a temporary directory; node_modules linked. */
export function copyRepository() {
  const dir = mkdtempSync(path.join(tmpdir(), 'distill-plant-'));
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0')) {
    if (file === '' || file === 'node_modules' || file.startsWith('node_modules/')) continue; // node_modules may be a symbolic link
    try {
      cpSync(path.join(root, file), path.join(dir, file), { recursive: true });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error; // deleted but still listed
    }
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function main() {
  const filters = process.argv.slice(2);
  const bugs = filters.length === 0 ? BUGS : BUGS.filter((b) => filters.some((f) => b.name.includes(f)));
  const dir = copyRepository();
  const results = [];
  try {
    for (const bug of bugs) {
      const file = path.join(dir, bug.file);
      const original = readFileSync(file, 'utf8');
      const hits = original.split(bug.find).length - 1;
      if (hits !== 1) {
        results.push({ name: bug.name, outcome: `NOT PLANTED (the text occurs ${hits} times in ${bug.file})` });
        continue;
      }
      writeFileSync(file, original.replace(bug.find, bug.replace));
      const tests = bug.tests.filter((t) => {
        try {
          readFileSync(path.join(dir, t));
          return true;
        } catch {
          return false;
        }
      });
      // The unit suite's environment: no services (suites needing Elasticsearch skip themselves), UTC.
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=dot', ...tests], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, TZ: 'UTC', DISTILL_TEST_ONLY_UNIT: '1', DISTILL_ES_URL: '' },
      });
      writeFileSync(file, original);
      const failed = /# fail (\d+)|fail (\d+)/.exec(r.stdout);
      results.push({ name: bug.name, outcome: r.status === 0 ? 'NOT CAUGHT' : 'caught', tests: tests.join(' '), detail: failed?.[0] });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const r of results) console.log(`${r.outcome.padEnd(12)} ${r.name}${r.tests === undefined ? '' : `  [${r.tests}]`}`);
  const missed = results.filter((r) => r.outcome !== 'caught').length;
  console.log(`plant-bugs: ${results.length - missed} of ${results.length} planted bugs caught`);
  process.exit(missed === 0 ? 0 : 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
