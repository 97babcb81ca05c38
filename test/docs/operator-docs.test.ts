import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRegistry } from '../../src/core/operators/builtin.js';
import { renderOperatorDocs } from '../../scripts/operator-docs.js';

test('docs/operators.md is current with the registry (regenerate: npx tsx scripts/gen-operator-docs.ts)', () => {
  const committed = readFileSync(path.resolve(import.meta.dirname, '../../docs/operators.md'), 'utf8');
  assert.equal(committed, renderOperatorDocs(createRegistry()));
});
