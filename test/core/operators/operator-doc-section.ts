import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OperatorDefinition } from '../../../src/core/pipeline/operator.js';
import { OperatorRegistry } from '../../../src/core/pipeline/registry.js';
import { renderOperatorDocs } from '../../../scripts/operator-docs.js';

const DOCS = path.resolve(import.meta.dirname, '../../../docs/operators.md');

/**
 * One operator's section of the committed docs/operators.md (from its `## \`name\`` heading to the next heading) and
 * the same section rendered from the definition now: equal unless the summary, description, accepted kinds, param
 * descriptions or example titles changed without regenerating the docs (npx tsx scripts/gen-operator-docs.ts).
 */
export function docSections(definition: OperatorDefinition): { committed: string; rendered: string } {
  const heading = `## \`${definition.name}\``;
  const committedDocs = readFileSync(DOCS, 'utf8');
  const start = committedDocs.indexOf(`\n${heading}\n`) + 1;
  if (start === 0) throw new Error(`docs/operators.md has no section ${heading}`);
  const next = committedDocs.indexOf('\n## ', start);
  const committed = committedDocs.slice(start, next === -1 ? undefined : next + 1).trimEnd();
  const renderedDocs = renderOperatorDocs(new OperatorRegistry().register(definition as never));
  const rendered = renderedDocs.slice(renderedDocs.indexOf(`\n${heading}\n`) + 1).trimEnd();
  return { committed, rendered };
}
