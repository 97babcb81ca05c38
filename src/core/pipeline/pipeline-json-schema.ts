import { z } from 'zod';
import { QuerySchema } from '../query/query-schema.js';
import { OUTPUT_FORMATS } from './pipeline-schema.js';
import type { OperatorRegistry } from './registry.js';

/**
 * JSON Schema (draft 2020-12) of a pipeline document with every step typed by its operator's params, built from
 * the registry so plugins' operators appear too. Editors use it for completion; the server's OpenAPI reuses it.
 */
export function pipelineJsonSchema(registry: OperatorRegistry): Record<string, unknown> {
  const steps = registry.list().map(({ definition }) => {
    const params = definition.params;
    const shape = params instanceof z.ZodObject ? params : z.object({});
    return shape.extend({ op: z.literal(definition.name).describe(definition.summary) }).describe(definition.summary);
  });
  const schema = z
    .strictObject({
      $schema: z.string().optional(),
      name: z.string().optional(),
      description: z.string().optional(),
      source: z.string().optional().describe('Name of a configured source; defaults to the config\'s default source.'),
      query: QuerySchema.optional(),
      steps: z.array(steps.length === 0 ? z.never() : z.union(steps as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])).optional(),
      output: z.strictObject({ format: z.enum(OUTPUT_FORMATS).optional() }).optional(),
      strict: z.boolean().optional(),
    })
    .describe('A Distill pipeline: { source, query, steps, output }.');
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
}
