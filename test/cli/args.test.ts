import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args.js';

const specs = {
  where: { type: 'string', multiple: true, short: 'w', description: '' },
  limit: { type: 'number', description: '' },
  strict: { type: 'boolean', description: '' },
  params: { type: 'json', description: '' },
} as const;

test('long, inline, short, repeated, boolean and negated flags', () => {
  assert.deepEqual(parseArgs(['run', '--where', 'a=1', '-w', 'b=2', '--limit=5', '--strict', 'x.json'], specs), {
    positionals: ['run', 'x.json'],
    flags: { where: ['a=1', 'b=2'], limit: 5, strict: true },
  });
  assert.deepEqual(parseArgs(['--no-strict', '--params', '{"a":[1]}', '--', '--where'], specs), {
    positionals: ['--where'],
    flags: { strict: false, params: { a: [1] } },
  });
});

test('errors: unknown flag with a suggestion, missing value, not a number', () => {
  assert.throws(() => parseArgs(['--limt', '3'], specs), { code: 'invalid_argument', message: /Did you mean --limit\?/ });
  assert.throws(() => parseArgs(['--limit'], specs), { code: 'invalid_argument', message: /needs a value/ });
  assert.throws(() => parseArgs(['--limit', 'ten'], specs), { code: 'invalid_argument', message: /takes a number/ });
  assert.throws(() => parseArgs(['--strict=maybe'], specs), { code: 'invalid_argument' });
});
