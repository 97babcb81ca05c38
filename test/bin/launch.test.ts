import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOUBLE_CLICK_ARGS, DOUBLE_CLICK_INTRO, isSingleExecutable, resolveLaunch } from '../../src/bin/launch.js';

test('an executable started with no arguments (a double-click) serves the sample, interactively', () => {
  assert.deepEqual(resolveLaunch([], true), { argv: DOUBLE_CLICK_ARGS, interactive: true });
  assert.deepEqual(DOUBLE_CLICK_ARGS, ['serve', '--public-docs', '--open', '--log-level', 'warn']);
});

test('with arguments, or from npm/tsx/plain node, the command line is taken as given', () => {
  assert.deepEqual(resolveLaunch(['run', 'event-types'], true), { argv: ['run', 'event-types'], interactive: false });
  assert.deepEqual(resolveLaunch([], false), { argv: [], interactive: false });
});

test('the introduction says in plain words what runs, how to stop it and where to point a browser or notebook', () => {
  for (const phrase of ['bundled sample data', 'close it or press Ctrl-C', 'web browser', '"App" address', 'SHA-256 fingerprint', 'Python notebook', 'distill --help']) {
    assert.ok(DOUBLE_CLICK_INTRO.includes(phrase), phrase);
  }
});

test('a test process is not a single executable application', () => {
  assert.equal(isSingleExecutable(), false);
});
