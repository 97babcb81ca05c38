import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandHelp } from '../../src/cli/help.js';
import { queryCommand } from '../../src/cli/commands/query.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { versionCommand } from '../../src/cli/commands/version.js';

const examples = (text: string): string[] => text.slice(text.indexOf('Examples'), text.indexOf('Options:')).trimEnd().split('\n');

test('run --help on Windows: examples a PowerShell or cmd user can paste (no single-quoted inline JSON)', () => {
  assert.deepEqual(examples(commandHelp(runCommand, 'win32')), [
    'Examples (PowerShell or cmd):',
    '  distill run clicks-per-user',
    '  distill run analysis.json --format csv',
    'Write a pipeline in a file (analysis.json) rather than inline: Windows shells change the double quotes inside it.',
  ]);
});

test('run --help on Linux and macOS: the sh examples, inline JSON in single quotes', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    assert.deepEqual(examples(commandHelp(runCommand, platform)), [
      'Examples:',
      '  distill run clicks-per-user',
      '  distill run analysis.json --format csv',
      `  distill run '{"steps":[{"op":"count-by","by":"type"}]}'`,
    ]);
  }
});

test('query --help on Windows: a backslash path and a quoted @file (a bare @ is splatting in PowerShell)', () => {
  assert.deepEqual(examples(commandHelp(queryCommand, 'win32')), [
    'Examples (PowerShell or cmd):',
    '  distill query --where type=click --limit 5',
    '  distill query --source logs\\ --from 2024-05-01 --to now/d --format csv --out clicks.csv',
    '  distill query --query "@query.json"    (a whole query in a file; PowerShell needs the quotes around @)',
    'Write JSON in a file rather than on the command line: Windows shells change the double quotes inside it.',
  ]);
  assert.doesNotMatch(commandHelp(queryCommand, 'win32'), / '\{/);
  assert.match(commandHelp(queryCommand, 'linux'), /  distill query --query '\{"where":\{"any":\[/);
});

test('a command without shell examples reads the same on every platform', () => {
  assert.equal(commandHelp(versionCommand, 'win32'), commandHelp(versionCommand, 'linux'));
});
