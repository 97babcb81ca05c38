import type { OperatorDescription } from '../../../src/core/pipeline/registry.js';

// The JSON Schema fragments of the parameters the analytics operators share (src/core/operators/analytics-params.ts),
// as `registry.describe(op).params.properties` publishes them, written once. Their descriptions are not here: they
// are pinned once in analytics-params.test.ts and, per operator, by its docs/operators.md section (docSections).

/** `partition`: one non-empty field or a non-empty list of them, `session` by default. */
export const PARTITION_SCHEMA = {
  default: 'session',
  anyOf: [
    { type: 'string', minLength: 1 },
    { minItems: 1, type: 'array', items: { type: 'string', minLength: 1 } },
  ],
};

/** `label`: a non-empty field name or template, with the operator's default. */
export const labelSchema = (fallback: string) => ({ default: fallback, type: 'string', minLength: 1 });

/** `selfLoops`: keep, drop or collapse, with the operator's default. */
export const selfLoopsSchema = (fallback: 'keep' | 'drop' | 'collapse') => ({ default: fallback, type: 'string', enum: ['keep', 'drop', 'collapse'] });

/**
 * What `registry.describe` publishes beyond the operator's docs section: name, kinds, origin and the parameter JSON
 * Schema (types, bounds, defaults, nested parameters' descriptions), without the prose the docs section already
 * pins — summary, description, examples and each top-level parameter's description (the docs' parameter table).
 */
export function schemaFacts(d: OperatorDescription): Record<string, unknown> {
  const { properties, ...rest } = d.params as { properties: Record<string, Record<string, unknown>> };
  const bare = Object.fromEntries(Object.entries(properties).map(([name, { description: _prose, ...schema }]) => [name, schema]));
  return { name: d.name, accepts: d.accepts, produces: d.produces, origin: d.origin, params: { ...rest, properties: bare } };
}
