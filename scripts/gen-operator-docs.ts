/**
 * Generate docs/operators.md from the operator registry (names, summaries, descriptions, params with their JSON
 * Schema types and defaults, examples). A test fails when the committed file is stale.
 * Run: npx tsx scripts/gen-operator-docs.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRegistry } from '../src/core/operators/builtin.js';
import { renderOperatorDocs } from './operator-docs.js';

const file = path.resolve(import.meta.dirname, '..', 'docs', 'operators.md');
writeFileSync(file, renderOperatorDocs(createRegistry()));
console.error(`wrote ${file}`);
