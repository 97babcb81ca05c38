import type { Command } from '../context.js';
import { GLOBAL_FLAGS } from '../common-flags.js';
import path from 'node:path';
import { openDistill } from '../../distill.js';
import type { ConfigInput } from '../../config/config-schema.js';
import { parseConfig } from '../../config/load-config.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { loadPipelineArg } from './run.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a config file or a pipeline without running anything.',
  usage: 'distill validate <config.json | pipeline.json | name> [--config <file>]',
  details:
    'A file with "sources", "schemas" or "pipelines" at the top is checked as a config (including each named\n' +
    'pipeline); anything else as a pipeline. With no argument, the active config is checked.',
  flags: GLOBAL_FLAGS,
  async run(args, context) {
    const target = args.positionals[0];
    const { io } = context;
    if (target === undefined) {
      const distill = await context.openDistill();
      for (const p of distill.pipelines()) distill.validatePipeline(p.name);
      io.stdout.write(`${JSON.stringify({ valid: true, kind: 'config', file: distill.loaded.file, pipelines: distill.pipelines().length })}\n`);
      return 0;
    }
    const doc = loadPipelineArg(target, io.cwd);
    if (typeof doc !== 'string' && ('sources' in doc || 'schemas' in doc || 'pipelines' in doc)) {
      parseConfig(doc, target);
      const checked = await openDistill({ config: doc as ConfigInput, cwd: path.dirname(path.resolve(io.cwd, target)) });
      for (const p of checked.pipelines()) checked.validatePipeline(p.name);
      io.stdout.write(`${JSON.stringify({ valid: true, kind: 'config', file: target, pipelines: checked.pipelines().length })}\n`);
      return 0;
    }
    if (typeof doc === 'string' && doc.trim() === '') throw new InvalidArgumentError('Nothing to validate.');
    const distill = await context.openDistill();
    const pipeline = distill.validatePipeline(doc);
    io.stdout.write(`${JSON.stringify({ valid: true, kind: 'pipeline', pipeline })}\n`);
    return 0;
  },
};
