import type { Command } from '../context.js';
import { GLOBAL_FLAGS } from '../common-flags.js';

export const pipelinesCommand: Command = {
  name: 'pipelines',
  summary: 'List the named pipelines of the config (the built-in queries).',
  usage: 'distill pipelines [--config <file>]',
  flags: GLOBAL_FLAGS,
  async run(_args, context) {
    const distill = await context.openDistill();
    context.io.stdout.write(`${JSON.stringify({ config: distill.loaded.file, pipelines: distill.pipelines() }, null, 2)}\n`);
    return 0;
  },
};
