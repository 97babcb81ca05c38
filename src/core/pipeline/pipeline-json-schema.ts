import { z } from 'zod';
import { QuerySchema } from '../query/query-schema.js';
import { PipelineSchema } from './pipeline-schema.js';
import type { OperatorRegistry } from './registry.js';

/**
 * JSON Schema (draft 2020-12) of a pipeline document with every step typed by its operator's params, built from
 * the registry so plugins' operators appear too. Editors use it for completion; the server's OpenAPI reuses it.
 * Every key `PipelineSchema` accepts is here, with its description; only `query` and the steps (shared and per
 * output) are typed more closely. Cost: one JSON Schema conversion of every operator's params.
 *
 * @example pipelineJsonSchema(createRegistry()).properties.steps // → { type: 'array', items: { anyOf: [...] } }
 */
export function pipelineJsonSchema(registry: OperatorRegistry): Record<string, unknown> {
  const steps = registry.list().map(({ definition }) => {
    const params = definition.params;
    const shape = params instanceof z.ZodObject ? params : z.object({});
    return shape.extend({ op: z.literal(definition.name).describe(definition.summary) }).describe(definition.summary);
  });
  const step = steps.length === 0 ? z.never() : z.union(steps as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  const base = PipelineSchema.shape;
  const schema = z
    .strictObject({
      $schema: base.$schema,
      name: base.name,
      description: base.description,
      source: base.source,
      query: QuerySchema.optional(),
      steps: z.array(step).optional().describe(base.steps.description!),
      outputs: z.record(base.outputs.unwrap().keyType, z.array(step)).optional().describe(base.outputs.description!),
      output: base.output,
      strict: base.strict,
    })
    .describe('A Distill pipeline: { source, query, steps, outputs, output, strict }.');
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
}
