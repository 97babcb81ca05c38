#!/usr/bin/env node
// `npm run test:mutation [-- scope ...]`: StrykerJS over one scope at a time (stryker.config.mjs lists them), in
// incremental mode (state in reports/mutation/<scope>.incremental.json, committed: a later run re-tests only what
// changed), then writes reports/mutation/README.md: per scope, killed / survived / timed out / no coverage, the
// equivalent mutants listed in reports/mutation/equivalent.json with their reasons, and the score counting them
// out. Flags: --summary (only rewrite the summary from the existing reports), --no-typecheck (skip the TypeScript
// checker: faster, but type-invalid mutants then count as killed by a compile error at run time), --check (CI: run
// nothing, write nothing; fail when a scope has no report, when a file of src/core or src/sources is in no scope
// (but for NOT_MUTATED's), when a mutated file's text differs from the text its committed report was made on — the
// scope must be re-run, incrementally, and its state committed —, or when a report has a surviving mutant not listed
// as equivalent; test files changed since a scope's run are named, not failed).
// Scopes whose tests need Elasticsearch (ES_SCOPES) get one test node, started before Stryker with
// scripts/es-node/start.sh (ES_PORT defaults to 0 here: any free port; ES_DATA_DIR as start.sh) and stopped after,
// unless DISTILL_ES_URL is set or a node from that data directory was already running (then it is used and left up).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isListed, isUndetected } from './mutant-location.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'reports/mutation');
const ALL = ['core-time', 'core-query-predicate', 'core-query-values', 'core-query-schema', 'core-schema', 'core-sort', 'core-graph', 'core-output', 'es-compile-dsl', 'es-compile-query-dsl', 'es-dsl-node', 'es-unit', 'files-read', 'files-parse', 'files-scan-parse', 'files-scan-units', 'files-scan-wasm', 'files-scan', 'files-source', 'server-auth'];
ALL.push('core-sequence', 'core-analytics', 'core-operators-a', 'core-operators-b', 'core-pipeline', 'core-rest', 'es-network');
/** Files of src/core and src/sources in no scope, on purpose: the summary's sentence saying why (--check fails for any other). */
const NOT_MUTATED = {
  files: ['src/core/source.ts', 'src/core/pipeline/envelope.ts', 'src/sources/files/scan/range-worker.ts', 'src/sources/files/scan/scan-kernel-wasm.ts'],
  why: `Not in any scope: src/core/source.ts and src/core/pipeline/envelope.ts (types only: nothing to mutate),
src/sources/files/scan/range-worker.ts (workers run it from its source text, which cannot carry Stryker's mutation
switches; see the files-scan scope in stryker.config.mjs) and src/sources/files/scan/scan-kernel-wasm.ts (generated:
the WebAssembly kernel's bytes as one string, checked against a fresh compile by scan-kernel-build.test.ts).
\`--check\` fails for any other file of src/core or src/sources in no scope.`,
};
/** Scopes whose tests need an Elasticsearch node (DISTILL_ES_URL). */
const ES_SCOPES = new Set(['es-network']);
const args = process.argv.slice(2);
const scopes = args.filter((a) => !a.startsWith('--'));
const chosen = scopes.length === 0 ? ALL : scopes;

/**
 * The Elasticsearch test node for a scope that needs one: `{ env, stop }` with DISTILL_ES_URL set. Started with
 * scripts/es-node/start.sh unless DISTILL_ES_URL is already set; `stop` stops it only when this run started it.
 */
function elasticsearchNode() {
  if (process.env.DISTILL_ES_URL !== undefined) return { env: {}, stop: () => {} };
  const esEnv = { ...process.env, ES_PORT: process.env.ES_PORT ?? '0' };
  const dataDir = process.env.ES_DATA_DIR ?? path.join(root, 'scripts/es-node/.data');
  const running = () => {
    try {
      process.kill(Number(readFileSync(path.join(dataDir, 'es-node.pid'), 'utf8').trim()), 0);
      return true;
    } catch {
      return false;
    }
  };
  const wasRunning = running();
  console.error('== starting the Elasticsearch test node (scripts/es-node/start.sh)');
  const r = spawnSync('bash', [path.join(root, 'scripts/es-node/start.sh')], { cwd: root, encoding: 'utf8', env: esEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    console.error('Could not start the Elasticsearch test node; see the output above.');
    process.exit(1);
  }
  const env = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^(DISTILL_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  const stop = () => {
    if (!wasRunning) spawnSync('bash', [path.join(root, 'scripts/es-node/stop.sh')], { cwd: root, env: esEnv, stdio: 'inherit' });
  };
  return { env, stop };
}

const check = args.includes('--check');
if (!args.includes('--summary') && !check) {
  for (const scope of chosen) {
    console.error(`== mutation testing: ${scope}`);
    const es = ES_SCOPES.has(scope) ? elasticsearchNode() : { env: {}, stop: () => {} };
    const env = { ...process.env, ...es.env, DISTILL_MUTATION_SCOPE: scope, ...(args.includes('--no-typecheck') ? { DISTILL_MUTATION_TYPECHECK: '0' } : {}) };
    let r;
    try {
      r = spawnSync(process.execPath, [path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'stryker.config.mjs'], { cwd: root, stdio: 'inherit', env });
    } finally {
      es.stop();
    }
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

/**
 * Equivalent mutants: `{ scope: [{ file, line, column?, mutator, replacement, reason }] }`, matched on all of them (the
 * column only when given: for a line with two mutants of the same mutator and replacement, one of them equivalent).
 */
const equivalent = existsSync(path.join(dir, 'equivalent.json')) ? JSON.parse(readFileSync(path.join(dir, 'equivalent.json'), 'utf8')) : {};

const rows = [];
const notRun = [];
/** The issue's areas: src/core (core-*), the server's auth, token and problem files (server-*), src/sources (the rest). */
const areaOf = (scope) => (scope.startsWith('core-') ? 'src/core' : scope.startsWith('server-') ? 'server auth, token, problem' : 'src/sources');
const areas = new Map();
/** (killed + timed out) / (those + survived + no coverage), 100 % when nothing counts. */
const score = (detected, undetected) => (detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected));
const survivors = [];
/** The reports read, by scope (--check compares them with the tree). */
const reports = new Map();
for (const scope of ALL) {
  const file = path.join(dir, `${scope}.json`);
  if (!existsSync(file)) {
    notRun.push(scope);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports.set(scope, report);
  const listed = equivalent[scope] ?? [];
  const n = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, equivalent: 0 };
  for (const [name, f] of Object.entries(report.files)) {
    for (const m of f.mutants) {
      const undetected = isUndetected(m);
      const isEquivalent = undetected && isListed(listed, name, m);
      if (isEquivalent) n.equivalent++;
      else n[m.status] = (n[m.status] ?? 0) + 1;
      if (undetected && !isEquivalent) {
        survivors.push(`| ${scope} | ${name}:${m.location.start.line} | ${m.mutatorName} | \`${String(m.replacement ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 80)}\` | ${m.status} |`);
      }
    }
  }
  const detected = n.Killed + n.Timeout;
  const undetected = n.Survived + n.NoCoverage;
  const mutants = n.Killed + n.Timeout + n.Survived + n.NoCoverage + n.equivalent;
  const area = areas.get(areaOf(scope)) ?? { detected: 0, undetected: 0, equivalent: 0 };
  areas.set(areaOf(scope), { detected: area.detected + detected, undetected: area.undetected + undetected, equivalent: area.equivalent + n.equivalent });
  rows.push(`| ${scope} | ${Object.keys(report.files).length} | ${mutants} | ${n.Killed} | ${n.Timeout} | ${n.Survived} | ${n.NoCoverage} | ${n.equivalent} | ${n.CompileError} | **${score(detected, undetected).toFixed(1)} %** |`);
}

if (check) {
  // The committed state against the tree: every scope run, every mutated file unchanged since its scope's report.
  const stale = [];
  const testsChanged = [];
  const readOr = (file) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : undefined);
  const reported = new Set();
  for (const [scope, report] of reports) {
    for (const [name, f] of Object.entries(report.files)) {
      reported.add(name);
      if (readOr(name) !== f.source) stale.push(`${scope}: ${name}`);
    }
    const state = path.join(dir, `${scope}.incremental.json`);
    const tests = existsSync(state) ? (JSON.parse(readFileSync(state, 'utf8')).testFiles ?? {}) : {};
    // The generated entries of oneProcess scopes (.mutation-entry/) exist only where the scope was run; skip them.
    for (const [name, t] of Object.entries(tests)) if (!name.startsWith('.mutation-entry/') && t.source !== undefined && readOr(name) !== t.source) testsChanged.push(`${scope}: ${name}`);
  }
  // Every file of src/core and src/sources is in some scope's report, but for NOT_MUTATED's.
  const unscoped = ['src/core', 'src/sources']
    .flatMap((d) => readdirSync(path.join(root, d), { recursive: true }).map((f) => `${d}/${String(f).split(path.sep).join('/')}`))
    .filter((f) => f.endsWith('.ts') && !reported.has(f) && !NOT_MUTATED.files.includes(f))
    .sort();
  for (const line of testsChanged) console.error(`note: test file changed since the scope's last run (its next run re-tests what it covers): ${line}`);
  const problems = [
    ...notRun.map((scope) => `scope never run: ${scope} (npm run test:mutation -- ${scope})`),
    ...unscoped.map((f) => `file in no mutation scope: ${f} (add it to a scope in stryker.config.mjs, or to NOT_MUTATED in scripts/mutation.mjs with the reason in the summary)`),
    ...stale.map((line) => `mutated file changed since its report: ${line} (re-run the scope: npm run test:mutation -- ${line.split(':')[0]}, and commit reports/mutation)`),
    ...survivors.map((row) => `surviving mutant neither killed nor listed as equivalent: ${row}`),
  ];
  for (const line of problems) console.error(line);
  console.error(`mutation check: ${ALL.length - notRun.length} scopes, ${reported.size} files, ${unscoped.length} in no scope, ${stale.length} stale files, ${survivors.length} unexplained survivors, ${testsChanged.length} test files changed since their scope's run`);
  process.exit(problems.length === 0 ? 0 : 1);
}

const equivalentRows = Object.entries(equivalent).flatMap(([scope, list]) => list.map((e) => `| ${scope} | ${e.file}:${e.line}${e.column === undefined ? '' : `:${e.column}`} | ${e.mutator} | \`${e.replacement.replace(/\|/g, '\\|').replace(/\n/g, ' ')}\` | ${e.reason} |`));

writeFileSync(
  path.join(dir, 'README.md'),
  `# Mutation testing (StrykerJS)

Generated by \`npm run test:mutation\` (scripts/mutation.mjs; configuration in stryker.config.mjs). One scope per
run, one test process at a time, incremental: \`<scope>.incremental.json\` is the state a later run starts from
(only mutants whose code or tests changed are re-tested), \`<scope>.json\` the full report (mutation-testing-elements
schema: open it with any mutation-testing-elements viewer). Score = (killed + timed out) / (killed + timed out +
survived + no coverage), with the equivalent mutants below counted out; \`mutants\` counts every mutant that
type-checks (killed, timed out, survived, no coverage and equivalent). Compile errors are mutants the TypeScript
checker rejected (they cannot exist in a type-checked build) and are not in the score.

| scope | files | mutants | killed | timed out | survived | no coverage | equivalent | compile errors | score |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

By area (the same counts summed over the area's scopes):

| area | detected | undetected | equivalent | score |
| --- | --- | --- | --- | --- |
${[...areas].map(([name, a]) => `| ${name} | ${a.detected} | ${a.undetected} | ${a.equivalent} | **${score(a.detected, a.undetected).toFixed(1)} %** |`).join('\n')}

Scopes defined in stryker.config.mjs but not run yet: ${notRun.length === 0 ? 'none' : notRun.map((s) => `\`${s}\``).join(', ')}.
${NOT_MUTATED.why}
The parts of the Elasticsearch source that send requests (the source itself, read-events.ts, pit-reader.ts,
load-field-catalog.ts, run-count-by.ts, run-count-over-time.ts, sample-documents.ts) are the es-network scope: its
tests need a real node, which \`npm run test:mutation -- es-network\` starts once before Stryker and stops after
(scripts/es-node/start.sh), and its exact file reuses one small index created once per node. Everything else of
src/sources/elasticsearch is in the es-unit scope (or es-compile-dsl, es-compile-query-dsl, es-dsl-node).

## Equivalent mutants (reasons)

| scope | where | mutator | replacement | why it cannot change behaviour |
| --- | --- | --- | --- | --- |
${equivalentRows.join('\n')}

## Re-checked since the last full run

\`<scope>.recheck.txt\` (scripts/recheck-survivors.mjs): the survivors above re-applied one by one in a temporary
copy with the tests written since, killed or not. A full run (\`npm run test:mutation -- <scope>\`) refreshes the
table above.

## Surviving mutants not yet killed or explained (as of the last full run)

| scope | where | mutator | replacement | status |
| --- | --- | --- | --- | --- |
${survivors.join('\n')}
`,
);
console.error(`wrote ${path.relative(root, path.join(dir, 'README.md'))}`);
