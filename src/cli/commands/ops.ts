import type { Command } from '../context.js';
import { GLOBAL_FLAGS } from '../common-flags.js';

export const opsCommand: Command = {
  name: 'ops',
  summary: 'List the operators (or describe one, with its params as JSON Schema).',
  usage: 'distill ops [<operator>] [--json]',
  flags: { ...GLOBAL_FLAGS, json: { type: 'boolean', description: 'Full descriptions as JSON.' } },
  async run(args, context) {
    const distill = await context.openDistill();
    const { stdout } = context.io;
    const name = args.positionals[0];
    if (name !== undefined) {
      stdout.write(`${JSON.stringify(distill.registry.describe(name), null, 2)}\n`);
      return 0;
    }
    if (args.flags.json === true) {
      stdout.write(`${JSON.stringify(distill.registry.names().map((n) => distill.registry.describe(n)), null, 2)}\n`);
      return 0;
    }
    const list = distill.registry.list();
    const width = Math.max(...list.map((o) => o.definition.name.length));
    for (const { definition, origin } of list) {
      stdout.write(`${definition.name.padEnd(width)}  ${definition.summary}${origin === 'builtin' ? '' : `  [${origin}]`}\n`);
    }
    return 0;
  },
};
