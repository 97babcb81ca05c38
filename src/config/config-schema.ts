import { z } from 'zod';
import { MappingSchema } from '../core/schema/mapping-schema.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const nameKey = z.string().regex(NAME, 'Names use letters, digits, "_", "." and "-", starting with a letter or digit.');

/** A mapping given by name (`userale`, or one under `schemas`) or inline. */
const SchemaRef = z
  .union([z.string().min(1), MappingSchema])
  .describe('A schema mapping: a name (the built-in "userale", or one defined under "schemas") or an inline mapping.');

export const FileSourceConfig = z
  .strictObject({
    kind: z.literal('files'),
    description: z.string().optional(),
    paths: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe('Files, directories or globs of JSON arrays, NDJSON/JSON Lines or gzip of either; relative to the config file.'),
    schema: SchemaRef.default('userale'),
  })
  .describe('Local files: the embedded default, no server needed.');

export const SourceConfig = z.discriminatedUnion('kind', [FileSourceConfig]);
export type SourceConfig = z.output<typeof SourceConfig>;

/** The Distill configuration file. */
export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    defaultSource: z.string().optional().describe('Source used when a command or pipeline names none; defaults to the first source.'),
    sources: z.record(nameKey, SourceConfig).default({}).describe('Named event sources.'),
    schemas: z.record(nameKey, MappingSchema).default({}).describe('Named schema mappings, usable by sources.'),
    pipelines: z
      .record(nameKey, z.record(z.string(), z.unknown()))
      .default({})
      .describe('Named pipelines: built-in queries you can run by name (`distill run <name>`) to recreate an analysis.'),
  })
  .describe('Distill configuration: sources, schema mappings and named pipelines.');

export type ConfigInput = z.input<typeof ConfigSchema>;
export type Config = z.output<typeof ConfigSchema>;

/** JSON Schema of the config file (exported to dist-config/ by scripts/export-schemas.ts). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
}
