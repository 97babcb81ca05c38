import type { Command } from '../context.js';
import { VERSION } from '../../version.js';

export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the Distill version.',
  usage: 'distill version [--json]',
  flags: { json: { type: 'boolean', description: 'As JSON with the Node.js version and platform.' } },
  async run(args, context) {
    if (args.flags.json === true) {
      context.io.stdout.write(`${JSON.stringify({ distill: VERSION, node: process.versions.node, platform: process.platform, arch: process.arch })}\n`);
    } else context.io.stdout.write(`distill ${VERSION}\n`);
    return 0;
  },
};
