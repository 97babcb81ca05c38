#!/usr/bin/env node
// The one test command (`npm test`): type-check, then every test file under test/ with node:test through tsx.
//
// Tests that need services read them from the environment: DISTILL_ES_URL (and the DISTILL_ES_TLS_* variables)
// for Elasticsearch. When DISTILL_ES_URL is unset, this script starts the Maven-built test node itself
// (scripts/es-node/start.sh) and stops it afterwards, so `npm test` is the whole suite on a fresh machine.
// Flags: --only-unit (skip service-backed suites), --no-typecheck, and file filters (substrings of test paths).
// Time zones: an unfiltered run (`npm test`, `npm run test:unit`) then runs the unit tests again with
// TZ=America/New_York and TZ=Asia/Kolkata (a half-hour offset), so code using local time fails whatever zone the
// machine is in; --no-tz leaves that out, --tz adds it to a filtered run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePythonEnv, PythonEnvError } from './python-env.mjs';
import { missingPrerequisites, provide } from './test-prerequisites.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const onlyUnit = args.includes('--only-unit');
const typecheck = !args.includes('--no-typecheck');
const filters = args.filter((a) => !a.startsWith('--'));

function run(cmd, cmdArgs, env = process.env) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function listTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTests(full));
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

if (typecheck) {
  console.error('== type-check (tsc --noEmit)');
  if (run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);
}

let files = listTests(path.join(root, 'test'));
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
const env = { ...process.env };
let stopEs;
const needsEs = files.some((f) => f.includes('elasticsearch') || f.includes('/es-'));
// Provision what the selected tests need (system programs, the project's Python venv) or stop with one line that
// says how: a fresh machine needs nothing but `npm ci && npm test` (scripts/test-prerequisites.mjs, python-env.mjs).
if (!provide(missingPrerequisites(files, { startsEs: !onlyUnit && needsEs && !env.DISTILL_ES_URL }))) process.exit(1);
try {
  if (env.DISTILL_TEST_PYTHON === undefined) ensurePythonEnv();
} catch (error) {
  if (!(error instanceof PythonEnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (onlyUnit) env.DISTILL_TEST_ONLY_UNIT = '1';
else if (needsEs && !env.DISTILL_ES_URL && existsSync(path.join(root, 'scripts/es-node/start.sh'))) {
  console.error('== starting the Elasticsearch test node (scripts/es-node/start.sh)');
  const r = spawnSync('bash', [path.join(root, 'scripts/es-node/start.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    console.error('Could not start the Elasticsearch test node; see the output above.');
    process.exit(1);
  }
  for (const line of r.stdout.split('\n')) {
    const m = /^(DISTILL_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  stopEs = () => spawnSync('bash', [path.join(root, 'scripts/es-node/stop.sh')], { cwd: root, stdio: 'inherit' });
}

console.error(`== ${files.length} test files`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { cwd: root, stdio: 'inherit', env });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
stopEs?.();
if (code !== 0) process.exit(code);

// The unit tests again in other time zones (files that need no service; the Elasticsearch suites skip themselves).
const TIME_ZONES = ['America/New_York', 'Asia/Kolkata'];
const ZONE_FREE = ['test/build/', 'test/server/docs-page', 'test/architecture/', 'test/docs/'];
if ((filters.length === 0 || args.includes('--tz')) && !args.includes('--no-tz')) {
  const unitFiles = files.filter((f) => !ZONE_FREE.some((x) => f.startsWith(x)));
  for (const zone of TIME_ZONES) {
    console.error(`== ${unitFiles.length} test files again with TZ=${zone} (unit only)`);
    const tzEnv = { ...process.env, TZ: zone, DISTILL_TEST_ONLY_UNIT: '1' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...unitFiles], { cwd: root, stdio: 'inherit', env: tzEnv });
    if (r.status !== 0) {
      console.error(`Tests failed with TZ=${zone}: something depends on the machine's time zone.`);
      process.exit(r.status ?? 1);
    }
  }
}
process.exit(0);
