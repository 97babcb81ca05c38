import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { missingPrerequisites, neededPrerequisites, provide } from '../../scripts/test-prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

test('on this machine every prerequisite of the full suite is present (npm test would install nothing)', () => {
  assert.deepEqual(missingPrerequisites(['test/server/docs-page.test.ts', 'test/sources/elasticsearch/tls.test.ts', 'test/server/tls/x.test.ts', 'test/core/graph/graph-formats.test.ts'], { startsEs: true }), []);
});

test('a missing program stops the run with one line naming the apt-get command (no install when not allowed)', () => {
  const fake = { name: 'frobnicator', found: () => false, packages: ['frob', 'frob-data'], always: true, why: 'a made-up test' };
  const lines: string[] = [];
  const before = process.env.DISTILL_TEST_INSTALL;
  process.env.DISTILL_TEST_INSTALL = '0';
  try {
    assert.equal(provide([fake], (l: string) => lines.push(l)), false);
  } finally {
    if (before === undefined) delete process.env.DISTILL_TEST_INSTALL;
    else process.env.DISTILL_TEST_INSTALL = before;
  }
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  assert.deepEqual(lines, [
    `Missing for these tests: frobnicator (a made-up test). Install: ${sudo}apt-get install -y --no-install-recommends frob frob-data (Debian/Ubuntu; elsewhere the same programs from your OS).`,
  ]);
  assert.equal(provide([], () => assert.fail('nothing to say')), true);
});

test('which prerequisites a run needs follows the selected files and whether it starts Elasticsearch', () => {
  const names = (files: string[], startsEs: boolean): string[] => neededPrerequisites(files, { startsEs }).map((p) => p.name);
  assert.deepEqual(names(['test/core/x.test.ts'], false), ['python3 (with venv)']);
  assert.deepEqual(names(['test/server/docs-page.test.ts'], false), ['chromium', 'python3 (with venv)']);
  assert.deepEqual(names(['test/core/graph/graph-formats.test.ts'], false), ['dot', 'python3 (with venv)']);
  assert.deepEqual(names(['test/sources/elasticsearch/tls.test.ts'], true), ['java', 'mvn', 'curl', 'nginx', 'openssl', 'python3 (with venv)']);
});

test(".ci/run runs exactly README.md's fresh-machine commands, in order", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /## Two commands on a fresh machine\n+```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  const readmeCommands = block
    .split('\n')
    .flatMap((l) => l.replace(/#.*$/, '').split('&&'))
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'npm start');
  const ci = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
  const section = /echo "== README\.md's commands[^\n]*\n([\s\S]*?)\n\n/.exec(ci)![1]!;
  assert.deepEqual(readmeCommands, ['npm ci', 'npm test']);
  assert.deepEqual(section.split('\n').map((l) => l.trim()), readmeCommands);
});
