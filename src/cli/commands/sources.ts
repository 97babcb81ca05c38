import type { Command } from '../context.js';
import { GLOBAL_FLAGS } from '../common-flags.js';

export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'List the configured sources (JSON).',
  usage: 'distill sources [--config <file>]',
  flags: GLOBAL_FLAGS,
  async run(_args, context) {
    const distill = await context.openDistill();
    const out = {
      config: distill.loaded.file,
      defaultSource: distill.defaultSource,
      sources: distill.sources(),
    };
    context.io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
};
