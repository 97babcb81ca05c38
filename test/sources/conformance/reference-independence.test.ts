import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The reference is only independent while it shares no code with what it checks: its files may import Distill's
// types (erased at run time), never its values.

test('the reference imports nothing from src/ but types', () => {
  const dir = path.join(import.meta.dirname, 'reference');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.deepEqual(files.sort(), ['analytics.ts', 'conditions.ts', 'naive.ts', 'order.ts', 'run.ts', 'sequences.ts', 'steps.ts']);
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const imports = [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)];
    for (const [, typeOnly, from] of imports) {
      if (from!.includes('/src/')) assert.ok(typeOnly !== undefined, `${file} imports values from ${from}`);
      else assert.match(from!, /^\.\/[a-z-]+\.js$/, `${file} imports ${from}: only sibling reference files`);
    }
    assert.doesNotMatch(text, /import\(|require\(/, `${file} loads code dynamically`);
  }
});
