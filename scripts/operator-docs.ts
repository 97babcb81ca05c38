import type { OperatorRegistry } from '../src/core/pipeline/registry.js';

type JsonSchema = Record<string, unknown>;

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' \\| ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants !== undefined) return variants.map(typeOf).join(' \\| ');
  if (schema.type === 'array') return `${typeOf((schema.items ?? {}) as JsonSchema)}[]`;
  if (typeof schema.$ref === 'string') return 'condition';
  if (typeof schema.type === 'string') return schema.type;
  return 'any';
}

/** Markdown reference of every operator in the registry. */
export function renderOperatorDocs(registry: OperatorRegistry): string {
  const lines = [
    '# Operators',
    '',
    'Generated from the operator registry by `npx tsx scripts/gen-operator-docs.ts`; do not edit by hand.',
    'Every operator is a pipeline step (`{ "op": "<name>", ...params }`), a CLI command (`distill <name> --param value`)',
    'and, with the server, a REST route. Plugins add operators with the same structure.',
    '',
  ];
  for (const name of registry.names()) {
    const d = registry.describe(name);
    lines.push(`## \`${name}\``, '', d.summary, '', d.description, '');
    lines.push(`Takes: ${d.accepts.map((k) => `${k} → ${d.produces[k]}`).join(', ')}.`, '');
    const props = (d.params.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((d.params.required ?? []) as string[]);
    if (Object.keys(props).length > 0) {
      lines.push('| param | type | required | default | description |', '| --- | --- | --- | --- | --- |');
      for (const [p, s] of Object.entries(props)) {
        const def = s.default === undefined ? '' : `\`${JSON.stringify(s.default)}\``;
        const desc = String(s.description ?? '').replaceAll('|', '\\|');
        lines.push(`| \`${p}\` | ${typeOf(s)} | ${required.has(p) ? 'yes' : ''} | ${def} | ${desc} |`);
      }
      lines.push('');
    }
    for (const e of d.examples) lines.push(`Example — ${e.description}:`, '', '```json', JSON.stringify({ op: name, ...(e.params as object) }), '```', '');
  }
  return `${lines.join('\n')}`;
}
