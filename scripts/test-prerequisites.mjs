// What `npm test` needs besides npm packages, checked before any test starts (scripts/test.mjs):
// the programs the selected test files run, and the Debian package of each. Missing ones are installed with
// apt-get when the test command runs as root on Debian/Ubuntu (a fresh CI machine or container); otherwise the run
// stops with one line naming the command that installs them. DISTILL_TEST_INSTALL=0 never installs.
// Python packages are not here: scripts/python-env.mjs makes the project's own venv.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Each prerequisite: how to find it, its Debian package(s), and which runs need it (`es`: the Elasticsearch test
 * node is started here; `files`: a selected test file path contains one of these substrings).
 */
export const PREREQUISITES = [
  { name: 'java', found: () => onPath('java'), packages: ['default-jre-headless'], es: true, why: 'the Elasticsearch test node' },
  { name: 'mvn', found: () => onPath('mvn'), packages: ['maven'], es: true, why: 'builds the Elasticsearch test node' },
  { name: 'curl', found: () => onPath('curl'), packages: ['curl'], es: true, why: 'scripts/es-node/start.sh' },
  { name: 'nginx', found: () => onPath('nginx') || existsSync('/usr/sbin/nginx'), packages: ['nginx'], files: ['elasticsearch/tls'], why: 'the TLS proxy in front of the test node' },
  { name: 'openssl', found: () => onPath('openssl'), packages: ['openssl'], files: ['server/tls/', 'elasticsearch/tls', 'elasticsearch/pin-ca'], why: 'certificate checks' },
  { name: 'dot', found: () => onPath('dot'), packages: ['graphviz'], files: ['graph'], why: 'Graphviz renders the DOT output' },
  { name: 'chromium', found: () => existsSync(process.env.DISTILL_CHROMIUM ?? '/usr/bin/chromium'), packages: ['chromium'], files: ['docs-page', 'docs/site', 'executables-guide'], why: 'the /docs page and the documentation site in a real browser' },
  { name: 'python3 (with venv)', found: pythonWithVenv, packages: ['python3', 'python3-venv'], always: true, why: 'the tests that run Python, in the venv of scripts/python-env.mjs' },
];

function onPath(cmd) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, cmd)));
}

function pythonWithVenv() {
  if (process.env.DISTILL_TEST_PYTHON !== undefined) return true;
  const r = spawnSync(process.env.DISTILL_PYTHON_BASE ?? 'python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
  return r.status === 0;
}

/** The prerequisites the given test files (and the Elasticsearch node, when this run starts it) need. */
export function neededPrerequisites(files, { startsEs }) {
  return PREREQUISITES.filter((p) => p.always === true || (p.es === true ? startsEs : files.some((f) => p.files.some((s) => f.includes(s)))));
}

/** Those of them this machine lacks. */
export function missingPrerequisites(files, options) {
  return neededPrerequisites(files, options).filter((p) => !p.found());
}

/**
 * Install what is missing (root on a Debian-like system) or explain in one line how to.
 * @returns true when nothing is missing any more.
 */
export function provide(missing, log = (line) => process.stderr.write(`${line}\n`)) {
  if (missing.length === 0) return true;
  const packages = [...new Set(missing.flatMap((p) => p.packages))];
  const names = missing.map((p) => `${p.name} (${p.why})`).join(', ');
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const root = process.getuid?.() === 0;
  if (root && onPath('apt-get') && process.env.DISTILL_TEST_INSTALL !== '0') {
    log(`== installing what the tests need: ${names} → ${command}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
    const ok = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
    if (ok(['update', '-qq']) && ok(['install', '-y', '-qq', '--no-install-recommends', ...packages])) {
      const still = missing.filter((p) => !p.found());
      if (still.length === 0) return true;
      log(`Still missing after apt-get: ${still.map((p) => p.name).join(', ')}.`);
      return false;
    }
    log(`apt-get failed; install by hand: sudo ${command}`);
    return false;
  }
  log(`Missing for these tests: ${names}. Install: ${root ? '' : 'sudo '}${command} (Debian/Ubuntu; elsewhere the same programs from your OS).`);
  return false;
}

// `node scripts/test-prerequisites.mjs --packages`: the Debian packages of every missing prerequisite of a full run,
// space-separated (.ci/run installs them with sudo when it does not run as root).
if (process.argv[2] === '--packages') {
  const missing = PREREQUISITES.filter((p) => !p.found());
  process.stdout.write(`${[...new Set(missing.flatMap((p) => p.packages))].join(' ')}\n`);
}
