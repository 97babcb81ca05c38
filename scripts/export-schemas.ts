/**
 * Write the JSON Schemas users point their editors at: dist-config/distill.config.schema.json (the config file)
 * and dist-config/distill.pipeline.schema.json (a pipeline document). A test checks the committed files match.
 * Run: npx tsx scripts/export-schemas.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configJsonSchema } from '../src/config/config-schema.js';
import { pipelineJsonSchema } from '../src/core/pipeline/pipeline-json-schema.js';
import { createRegistry } from '../src/core/operators/builtin.js';

const dir = path.resolve(import.meta.dirname, '..', 'dist-config');
writeFileSync(path.join(dir, 'distill.config.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
writeFileSync(path.join(dir, 'distill.pipeline.schema.json'), `${JSON.stringify(pipelineJsonSchema(createRegistry()), null, 2)}\n`);
console.error(`wrote ${dir}/distill.config.schema.json and distill.pipeline.schema.json`);
